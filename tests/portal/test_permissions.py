"""Only editors (and staff) reach the Wagtail admin and edit content; the admin speaks Spanish."""

import pytest
from wagtail.models import Workflow

from core.models import Category
from portal.models import GoodPracticePage
from portal.services.roles import ensure_editorial_workflow
from tests.factories.core import UserFactory
from tests.factories.portal import good_practice_factory

pytestmark = pytest.mark.django_db


def test_editor_reaches_spanish_admin(client):
    editor = UserFactory(editor=True)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Panel de control" in response.content.decode()


@pytest.mark.parametrize("trait", ["applicant", "evaluator", "committee"])
def test_other_roles_cannot_reach_admin(client, trait):
    user = UserFactory(**{trait: True})
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]
    assert client.get("/admin/pages/").status_code in (302, 403)


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302


def test_editor_can_edit_practices_and_snippets(client, library):
    practice = good_practice_factory()
    editor = UserFactory(editor=True)
    applicant = UserFactory(applicant=True)
    assert practice.permissions_for_user(editor).can_edit() is True
    assert practice.permissions_for_user(editor).can_publish() is True
    assert practice.permissions_for_user(applicant).can_edit() is False
    assert editor.has_perm("core.change_category") and editor.has_perm("core.add_theme")
    assert editor.has_perm("core.view_sustainabledevelopmentgoal")
    assert not editor.has_perm("core.change_sustainabledevelopmentgoal")
    assert not applicant.has_perm("core.change_category")
    client.force_login(editor)
    assert client.get(f"/admin/pages/{practice.pk}/edit/").status_code == 200
    assert client.get("/admin/snippets/core/category/").status_code == 200
    assert client.get("/admin/snippets/core/theme/add/").status_code == 200
    assert client.get("/admin/snippets/core/sustainabledevelopmentgoal/").status_code == 200
    client.force_login(applicant)
    assert client.get(f"/admin/pages/{practice.pk}/edit/").status_code in (302, 403)


def test_editor_creates_category_through_admin(client):
    client.force_login(UserFactory(editor=True))
    response = client.post(
        "/admin/snippets/core/category/add/",
        {"name": "Cultura", "slug": "cultura", "description": "", "order": 9},
    )
    assert response.status_code == 302
    assert Category.objects.filter(slug="cultura").exists()


def test_editorial_workflow_on_the_library(library):
    ensure_editorial_workflow(pages=[library])
    practice = good_practice_factory()
    workflow = practice.get_workflow()
    assert workflow == Workflow.objects.get(name="Revisión editorial")
    assert [task.name for task in workflow.tasks] == ["Aprobación de la coordinación editorial"]
    editor = UserFactory(editor=True)
    workflow.start(practice, editor)
    practice.refresh_from_db()
    assert practice.workflow_in_progress is True
    assert GoodPracticePage.objects.get(pk=practice.pk).live is True


def test_admin_login_form_labels_are_spanish(settings):
    from portal.forms import AdminLoginForm

    form = AdminLoginForm()
    assert str(form.fields["password"].label) == "Contraseña"
