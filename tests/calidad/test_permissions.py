"""Every calidad URL × every role: who gets the page (200/302 on success) and who is refused."""

import datetime

import pytest
from django.urls import reverse

from calidad import services
from core.models import Municipality, Role
from tests.factories.calidad import quality_user, submitted_diagnostic
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "team_own", "team_other", "applicant_own", "applicant_other", "evaluator", "staff"]


@pytest.fixture
def world(instrument):
    la_serena = Municipality.objects.get(comuna__code="04101")
    coquimbo = Municipality.objects.get(comuna__code="04102")
    team = quality_user(la_serena)
    users = {
        "anonymous": None,
        "team_own": team,
        "team_other": quality_user(coquimbo),
        "applicant_own": UserFactory(applicant=True, municipality=la_serena),
        "applicant_other": UserFactory(applicant=True, municipality=coquimbo),
        "evaluator": UserFactory(evaluator=True),
        "staff": UserFactory(coordinator=True),
    }
    submitted = submitted_diagnostic(la_serena, instrument, user=team, held_on=datetime.date(2024, 3, 1))
    earlier = submitted_diagnostic(la_serena, instrument, user=team, held_on=datetime.date(2023, 3, 1))
    draft = services.start_diagnostic(
        municipality=la_serena, user=team, held_on=datetime.date(2025, 3, 1), instrument=instrument
    )
    return {
        "users": users,
        "submitted": submitted,
        "earlier": earlier,
        "draft": draft,
        "la_serena": la_serena,
        "instrument": instrument,
    }


def _urls(w):
    s, d, e, i = w["submitted"].pk, w["draft"].pk, w["earlier"].pk, w["instrument"].pk
    return {
        # name: (method, url, roles allowed)
        "cycles": (
            "get",
            reverse("calidad:municipality", args=["la-serena"]),
            {"team_own", "applicant_own", "staff"},
        ),
        "start": ("get", reverse("calidad:start", args=["la-serena"]), {"team_own"}),
        "detail": ("get", reverse("calidad:detail", args=[s]), {"team_own", "applicant_own", "staff"}),
        "draft_detail": ("get", reverse("calidad:detail", args=[d]), {"team_own", "applicant_own", "staff"}),
        "session": ("get", reverse("calidad:session", args=[d]), {"team_own"}),
        "answers": ("get", reverse("calidad:answers", args=[d, 1]), {"team_own"}),
        "submit": ("get", reverse("calidad:submit", args=[d]), {"team_own"}),
        "acta_upload": ("post", reverse("calidad:acta_upload", args=[d]), {"team_own"}),
        "acta_download": (
            "get",
            reverse("calidad:acta_download", args=[s]),
            {"team_own", "applicant_own", "staff"},
        ),
        "benchmarks": (
            "get",
            reverse("calidad:benchmarks", args=[s]),
            {"team_own", "applicant_own", "staff"},
        ),
        "compare": ("get", reverse("calidad:compare", args=[s, e]), {"team_own", "applicant_own", "staff"}),
        "compare_pick": (
            "get",
            reverse("calidad:compare_pick", args=[s]) + f"?other={e}",
            {"team_own", "applicant_own", "staff"},
        ),
        "publish": ("post", reverse("calidad:publish", args=[s]), {"team_own", "staff"}),
        "export": (
            "post",
            reverse("calidad:export", args=[s, "csv"]),
            {"team_own", "applicant_own", "staff"},
        ),
        "export_xlsx": (
            "post",
            reverse("calidad:export", args=[s, "xlsx"]),
            {"team_own", "applicant_own", "staff"},
        ),
        "delete_draft": ("post", reverse("calidad:delete_draft", args=[d]), {"team_own"}),
        "instruments": ("get", reverse("calidad:instruments"), {"staff"}),
        "instrument_export": ("get", reverse("calidad:instrument_export", args=[i, "csv"]), {"staff"}),
        "instrument_new_version": ("post", reverse("calidad:instrument_new_version", args=[i]), {"staff"}),
        "instrument_activate": ("post", reverse("calidad:instrument_activate", args=[i]), {"staff"}),
        "sources": ("get", reverse("calidad:sources"), {"staff"}),
        "statistics": ("get", reverse("calidad:statistics"), set(ROLES)),
        "home": ("get", reverse("calidad:home"), set(ROLES)),
    }


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    refused = []
    for name, (method, url, allowed) in _urls(world).items():
        response = getattr(client, method)(url, {"published": "1"} if name == "publish" else {})
        if response.streaming:
            # Consuming the stream closes the file through the test client's wrapper; response.close()
            # would fire request_finished and close the PostgreSQL connection inside the test transaction.
            b"".join(response.streaming_content)
        if role in allowed:
            ok = response.status_code in (200, 302) and "/cuenta/ingresar/" not in response.get(
                "Location", ""
            )
        else:
            ok = response.status_code == 403 or (
                role == "anonymous"
                and response.status_code == 302
                and "/cuenta/ingresar/" in response["Location"]
            )
        if not ok:
            refused.append((name, response.status_code, response.get("Location", "")))
    assert refused == []


def test_published_results_are_public_but_not_their_internals(client, world):
    submitted = world["submitted"]
    services.set_published(diagnostic=submitted, published=True)
    outsider = world["users"]["team_other"]
    client.force_login(outsider)
    assert client.get(reverse("calidad:detail", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("calidad:acta_download", args=[submitted.pk])).status_code == 403
    assert client.post(reverse("calidad:export", args=[submitted.pk, "xlsx"])).status_code == 403
    cycles = client.get(reverse("calidad:municipality", args=["la-serena"]))
    assert cycles.status_code == 200
    assert f"/calidad/diagnosticos/{world['earlier'].pk}/" not in cycles.content.decode()  # not published
    client.logout()
    page = client.get(reverse("calidad:detail", args=[submitted.pk]))
    assert page.status_code == 200 and "Daniela" not in page.content.decode()


def test_validator_hook_grants_reading(client, world):
    from calidad import rules as calidad_rules

    validator = UserFactory()
    validator.add_role(Role.VALIDATOR)
    client.force_login(validator)
    url = reverse("calidad:detail", args=[world["submitted"].pk])
    assert client.get(url).status_code == 403
    hook = calidad_rules.register_viewer_hook(lambda user, obj: user.pk == validator.pk)
    try:
        assert client.get(url).status_code == 200
        assert client.get(reverse("calidad:session", args=[world["draft"].pk])).status_code == 403
    finally:
        calidad_rules.VIEWER_HOOKS.remove(hook)


def test_submitted_diagnostic_cannot_be_edited_even_by_its_team(client, world):
    client.force_login(world["users"]["team_own"])
    s = world["submitted"].pk
    assert client.get(reverse("calidad:session", args=[s])).status_code == 403
    assert client.get(reverse("calidad:answers", args=[s, 1])).status_code == 403
    assert client.post(reverse("calidad:submit", args=[s])).status_code == 403
