import datetime

import pytest

from calidad import services
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_frozen_questions_cannot_be_edited_in_the_admin(client, instrument, la_serena, team):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    question = instrument.questions.first()
    edit = f"/admin/snippets/calidad/question/edit/{question.pk}/"
    assert client.get(edit).status_code == 200
    services.start_diagnostic(
        municipality=la_serena, user=team, held_on=datetime.date(2025, 1, 1), instrument=instrument
    )
    response = client.get(edit)
    assert response.status_code == 302
    response = client.post(edit, {"text": "cambiada"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text != "cambiada"


def test_guard_form_refuses_frozen_instrument():
    from calidad.wagtail_hooks import DimensionViewSet
    from tests.factories.calidad import small_instrument

    instrument = small_instrument(family="otra")
    services.freeze_instrument(instrument=instrument)
    form_class = DimensionViewSet().get_form_class()
    form = form_class(data={"instrument": instrument.pk, "number": 9, "name": "Nuevo", "description": ""})
    assert not form.is_valid()
    assert "congelada" in str(form.errors) or "modificar" in str(form.errors)


def test_staff_group_may_edit_instruments_in_the_admin():
    from django.contrib.auth.models import Group

    from core.models import Role

    codenames = set(
        Group.objects.get(name=Role.COORDINATOR)
        .permissions.filter(content_type__app_label="calidad")
        .values_list("codename", flat=True)
    )
    assert {"change_question", "add_question", "change_instrument", "view_managementarea"} <= codenames
