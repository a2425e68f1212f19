"""Every URL of the improvement road × every role: municipality member, another municipality, the
assigned validator, another validator, staff, anonymous (GET; POST actions checked separately)."""

import pytest
from django.urls import reverse

from calidad.models import ImprovementPlan
from tests.factories.calidad import improvement_road, quality_user, validator_user
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["member", "other_municipality", "validator", "other_validator", "staff", "anonymous"]

# url name -> roles that get 200 (the rest: 403, anonymous: redirect to login)
MATRIX = {
    "committee": {"member", "validator", "staff"},
    "committee_edit": {"member", "staff"},
    "elements": {"member", "validator", "staff"},
    "feedback": {"member", "validator", "staff"},
    "plan": {"member", "validator", "staff"},
    "followup": {"member", "validator", "staff"},
    "export_sa": {"member", "validator", "staff"},
    "export_feedback": {"member", "validator", "staff"},
    "export_plan_pdf": {"member", "validator", "staff"},
    "export_plan_xlsx": {"member", "validator", "staff"},
    "download_acta": {"member", "validator", "staff"},
    "committee_new": {
        "staff"
    },  # the member's municipality still has its cycle open -> form renders, see below
}


@pytest.fixture
def world(la_serena, coquimbo, instrument):
    member = quality_user(la_serena)
    validator = validator_user()
    committee = improvement_road(la_serena, member=member, validator=validator)
    users = {
        "member": member,
        "other_municipality": quality_user(coquimbo),
        "validator": validator,
        "other_validator": validator_user(),
        "staff": UserFactory(coordinator=True),
        "anonymous": None,
    }
    pk = committee.pk
    urls = {
        "committee": reverse("calidad:improvement_committee", args=[pk]),
        "committee_edit": reverse("calidad:improvement_committee_edit", args=[pk]),
        "elements": reverse("calidad:improvement_elements", args=[pk, 1]),
        "feedback": reverse("calidad:improvement_feedback", args=[pk]),
        "plan": reverse("calidad:improvement_plan", args=[pk]),
        "followup": reverse("calidad:improvement_followup", args=[pk]),
        "export_sa": reverse("calidad:improvement_export", args=[pk, "autoevaluacion", "pdf"]),
        "export_feedback": reverse("calidad:improvement_export", args=[pk, "retroalimentacion", "pdf"]),
        "export_plan_pdf": reverse("calidad:improvement_export", args=[pk, "plan", "pdf"]),
        "export_plan_xlsx": reverse("calidad:improvement_export", args=[pk, "plan", "xlsx"]),
        "download_acta": reverse("calidad:improvement_download", args=[pk, "acta", 0]),
        "committee_new": reverse("calidad:improvement_committee_new", args=[coquimbo.slug]),
    }
    return committee, users, urls


@pytest.mark.parametrize("role", ROLES)
def test_matrix_get(client, world, role):
    committee, users, urls = world
    if users[role]:
        client.force_login(users[role])
    allowed_new = {
        "staff",
        "other_municipality",
    }  # a quality-team user of Coquimbo may open Coquimbo's committee
    for name, url in urls.items():
        allowed = allowed_new if name == "committee_new" else MATRIX[name]
        response = client.get(url)
        if response.streaming:
            # Consuming the stream closes the file through the test client's wrapper; response.close()
            # would fire request_finished and close the PostgreSQL connection inside the test transaction.
            b"".join(response.streaming_content)
        if role in allowed:
            assert response.status_code == 200, (name, role, response.status_code)
        elif role == "anonymous":
            assert response.status_code == 302 and "/ingresar/" in response["Location"], (name, role)
        else:
            assert response.status_code == 403, (name, role, response.status_code)


def test_dashboard_scopes(client, world):
    committee, users, _urls = world
    url = reverse("calidad:improvement_dashboard")
    assert client.get(url).status_code == 302
    client.force_login(users["staff"])
    assert committee.municipality.name in client.get(url).content.decode()
    client.force_login(users["other_municipality"])
    assert committee.municipality.name not in client.get(url).content.decode()
    client.force_login(users["other_validator"])
    assert committee.municipality.name not in client.get(url).content.decode()


@pytest.mark.parametrize("role", ["other_municipality", "other_validator", "staff", "validator"])
def test_only_members_record_progress(client, world, role):
    committee, users, urls = world
    line = ImprovementPlan.objects.get(committee=committee).lines.get()
    client.force_login(users[role])
    response = client.post(
        urls["followup"], {"action": "progress", "target": f"linea-{line.pk}", "percent": 50, "comment": "x"}
    )
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.progress == 0


def test_member_records_progress_and_errors_keep_input(client, world):
    committee, users, urls = world
    line = ImprovementPlan.objects.get(committee=committee).lines.get()
    client.force_login(users["member"])
    bad = client.post(
        urls["followup"],
        {
            "action": "progress",
            "target": f"linea-{line.pk}",
            "percent": 150,
            "comment": "Texto que no se pierde",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "error-summary" in body and "Texto que no se pierde" in body
    ok = client.post(
        urls["followup"],
        {"action": "progress", "target": f"linea-{line.pk}", "percent": 60, "comment": "Avance"},
    )
    assert ok.status_code == 302
    line.refresh_from_db()
    assert line.progress == 60
