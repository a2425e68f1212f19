"""Calls in the Wagtail admin: ordered, non-overlapping phases entered in Chile's time."""

from datetime import datetime

import pytest
from django.urls import reverse

from concurso.models import Call
from concurso.wagtail_hooks import CallViewSet
from tests.factories.core import CategoryFactory, make_user

pytestmark = pytest.mark.django_db

PHASES = {
    "submissions_open_at": "2026-03-01 09:00",
    "submissions_close_at": "2026-04-05 12:00",
    "admissibility_close_at": "2026-04-20 18:00",
    "evaluation_open_at": "2026-04-21 09:00",
    "evaluation_close_at": "2026-05-30 18:00",
    "committee_close_at": "2026-06-30 18:00",
    "results_at": "2026-07-15 12:00",
}


def CallAdminForm(**kwargs):  # noqa: N802  (the form class the snippet views build from the panels)
    return CallViewSet.edit_handler.bind_to_model(Call).get_form_class()(**kwargs)


def _data(**overrides):
    category = CategoryFactory()
    data = {
        "title": "Concurso 2026",
        "year": "2026",
        "slug": "concurso-2026",
        "code_prefix": "BP",
        "description": "Bases.",
        "categories": [str(category.pk)],
        "max_entries_per_municipality": "3",
        "reviews_per_entry": "3",
        "ranking_basis": "normalised",
        **PHASES,
    }
    data.update(overrides)
    return data


def test_admin_form_accepts_ordered_phases_in_chile_time():
    form = CallAdminForm(data=_data())
    assert form.is_valid(), form.errors
    call = form.save()
    assert call.submissions_close_at == datetime.fromisoformat("2026-04-05T16:00:00+00:00")
    assert "hora de Chile continental" in str(form.fields["submissions_close_at"].label)


@pytest.mark.parametrize("field", ["admissibility_close_at", "evaluation_open_at", "results_at"])
def test_admin_form_refuses_overlapping_phases(field):
    form = CallAdminForm(data=_data(**{field: "2026-01-01 09:00"}))
    assert not form.is_valid()
    assert "en orden" in str(form.errors)


def test_admin_form_refuses_reserved_slug_and_no_categories():
    form = CallAdminForm(data=_data(slug="gestion", categories=[]))
    assert not form.is_valid()
    assert set(form.errors) >= {"slug", "categories"}


def test_snippet_pages_for_staff(client):
    admin = make_user("admin@example.cl", superuser=True)
    client.force_login(admin)
    assert client.get(reverse("wagtailsnippets_concurso_call:list")).status_code == 200
    response = client.get(reverse("wagtailsnippets_concurso_call:add"))
    assert response.status_code == 200
    assert "hora de Chile continental" in response.content.decode()
    assert Call.objects.count() == 0


def test_admin_form_keeps_the_seconds_of_a_deadline():
    """Re-saving a call unchanged must not move a 23:59:59 deadline to 23:59:00."""
    form = CallAdminForm(data=_data(submissions_close_at="2026-04-05 23:59:59"))
    assert form.is_valid(), form.errors
    call = form.save()
    assert call.submissions_close_at == datetime.fromisoformat("2026-04-06T03:59:59+00:00")
    unchanged = CallAdminForm(instance=call)
    rendered = unchanged["submissions_close_at"].as_widget()
    assert 'value="2026-04-05 23:59:59"' in rendered
