import pytest
from django.core import mail
from django.urls import reverse

from escuelas import selectors
from escuelas.models import Enrolment
from tests.factories.core import ComunaFactory, UserFactory
from tests.factories.escuelas import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def _post(client, cohort, **data):
    values = {"full_name": "Rosa Pérez", "email": "rosa@ejemplo.cl", "comuna": cohort.comuna_id}
    values.update(data)
    return client.post(reverse("escuelas:enrol", args=[cohort.pk]), values)


def test_registration_and_confirmation(client, settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    cohort = CohortFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, cohort)
    assert response.status_code == 302
    assert Enrolment.objects.get().email == "rosa@ejemplo.cl"
    assert mail.outbox[0].to == ["rosa@ejemplo.cl"]


def test_registration_at_capacity_is_refused_with_clear_message_and_keeps_input(client):
    cohort = CohortFactory(capacity=2)
    EnrolmentFactory.create_batch(2, cohort=cohort)
    response = _post(client, cohort, full_name="Última Persona", email="ultima@ejemplo.cl")
    assert response.status_code == 400
    html = response.content.decode()
    assert "ya no tiene cupos" in html and "error-summary" in html
    assert 'value="Última Persona"' in html
    assert cohort.enrolments.count() == 2


def test_duplicate_email_in_cohort(client):
    cohort = CohortFactory()
    EnrolmentFactory(cohort=cohort, email="rosa@ejemplo.cl")
    response = _post(client, cohort, email="ROSA@ejemplo.cl")
    assert response.status_code == 400
    assert "ya está inscrito" in response.content.decode()


def test_closed_cohort(client):
    cohort = CohortFactory(registration_open=False)
    response = _post(client, cohort)
    assert response.status_code == 400 and "cerrada" in response.content.decode()


@pytest.mark.parametrize("who,expected", [("staff", 200), ("applicant", 403), ("anonymous", 302)])
def test_attendance_only_staff(client, who, expected):
    cohort = CohortFactory()
    if who != "anonymous":
        client.force_login(UserFactory(coordinator=True) if who == "staff" else UserFactory(applicant=True))
    assert client.get(reverse("escuelas:attendance", args=[cohort.pk])).status_code == expected


def test_staff_records_attendance_and_statistics_aggregate_per_region(client):
    cohort = CohortFactory(capacity=10, course__sessions=6)
    first, second = (
        EnrolmentFactory(cohort=cohort, full_name="A"),
        EnrolmentFactory(cohort=cohort, full_name="B"),
    )
    other = CohortFactory(comuna=ComunaFactory(code="13101"), capacity=5)
    EnrolmentFactory(cohort=other)
    client.force_login(UserFactory(coordinator=True))
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-sessions_attended": "6",
        "form-0-completed": "on",
        "form-1-sessions_attended": "2",
    }
    assert client.post(reverse("escuelas:attendance", args=[cohort.pk]), data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.sessions_attended, first.completed, second.completed) == (6, True, False)
    too_many = {**data, "form-0-sessions_attended": "9"}
    assert client.post(reverse("escuelas:attendance", args=[cohort.pk]), too_many).status_code == 200
    rows = {row["region"].code: row for row in selectors.statistics_by_region()}
    assert (
        rows["04"]["enrolled"] == 2 and rows["04"]["completed"] == 1 and rows["04"]["completion_rate"] == 50
    )
    assert rows["13"]["seats"] == 5
    client.logout()
    html = client.get(reverse("escuelas:statistics")).content.decode()
    assert "50 %" in html and first.email not in html and "A" in html


def test_public_pages(client):
    cohort = CohortFactory()
    assert client.get(reverse("escuelas:catalogue")).status_code == 200
    html = client.get(reverse("escuelas:course", args=[cohort.course.slug])).content.decode()
    assert reverse("escuelas:enrol", args=[cohort.pk]) in html
