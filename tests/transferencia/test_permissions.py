"""Permission matrix: every transferencia URL × requester / origin / another municipality / staff /
anonymous. Expected: 200 (shown), 302 (done, redirect), "login" (sent to log in), 403 (refused)."""

import datetime

import pytest
from django.urls import reverse

from tests.factories.core import MunicipalityFactory, UserFactory
from tests.factories.portal import good_practice_factory
from tests.factories.transferencia import ReplicationFactory, municipal_user
from transferencia.models import ReplicationStatus

pytestmark = pytest.mark.django_db

ROLES = ["requester", "origin", "other", "staff", "anonymous"]


@pytest.fixture
def world():
    origin = MunicipalityFactory(comuna_code="04101")
    requester = MunicipalityFactory(comuna_code="14101")
    other = MunicipalityFactory(comuna_code="13101")
    practice = good_practice_factory(municipality=origin)
    common = {
        "practice_page_id": practice.pk,
        "practice_title": practice.title,
        "origin_municipality": origin,
        "requester_municipality": requester,
    }
    requested = ReplicationFactory(**common)
    in_progress = ReplicationFactory(
        **{**common, "practice_page_id": practice.pk + 1000}, status=ReplicationStatus.IN_PROGRESS
    )
    completed = ReplicationFactory(
        **{**common, "practice_page_id": practice.pk + 2000}, status=ReplicationStatus.COMPLETED
    )
    # The request page needs a municipality with no request yet for that practice: a second practice.
    fresh_practice = good_practice_factory(municipality=origin, parent=practice.get_parent().specific)
    return {
        "users": {
            "requester": municipal_user(requester),
            "origin": municipal_user(origin),
            "other": municipal_user(other),
            "staff": UserFactory(coordinator=True),
            "anonymous": None,
        },
        "requested": requested,
        "in_progress": in_progress,
        "completed": completed,
        "fresh": fresh_practice,
    }


def _cases(w):
    today = datetime.date.today().isoformat()
    return [
        # (name, method, url, data, {role: expected})
        (
            "mine",
            "get",
            reverse("transferencia:mine"),
            None,
            {"requester": 200, "origin": 200, "other": 200, "staff": 302, "anonymous": "login"},
        ),
        (
            "request-get",
            "get",
            reverse("transferencia:request", args=[w["fresh"].pk]),
            None,
            {"requester": 200, "origin": 403, "other": 200, "staff": 403, "anonymous": "login"},
        ),
        (
            "request-post",
            "post",
            reverse("transferencia:request", args=[w["fresh"].pk]),
            {"motivation": "Nos sirve."},
            {"requester": 302, "origin": 403, "other": 302, "staff": 403, "anonymous": "login"},
        ),
        (
            "detail",
            "get",
            reverse("transferencia:detail", args=[w["requested"].pk]),
            None,
            {"requester": 200, "origin": 200, "other": 403, "staff": 200, "anonymous": "login"},
        ),
        (
            "answer",
            "post",
            reverse("transferencia:answer", args=[w["requested"].pk]),
            {"decision": "declinar", "decline_reason": "No este año."},
            {"requester": 403, "origin": 302, "other": 403, "staff": 403, "anonymous": "login"},
        ),
        (
            "stage",
            "post",
            reverse("transferencia:stage", args=[w["in_progress"].pk]),
            {"kind": "contacto", "date": today, "notes": ""},
            {"requester": 302, "origin": 302, "other": 403, "staff": 403, "anonymous": "login"},
        ),
        (
            "consent",
            "post",
            reverse("transferencia:consent", args=[w["completed"].pk]),
            {"consent": "on"},
            {"requester": 302, "origin": 302, "other": 403, "staff": 403, "anonymous": "login"},
        ),
        (
            "staff-list",
            "get",
            reverse("transferencia:staff_list"),
            None,
            {"requester": 403, "origin": 403, "other": 403, "staff": 200, "anonymous": "login"},
        ),
    ]


CASE_NAMES = ["mine", "request-get", "request-post", "detail", "answer", "stage", "consent", "staff-list"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASE_NAMES)
def test_matrix(world, client, role, case):
    name, method, url, data, expected = next(c for c in _cases(world) if c[0] == case)
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    want = expected[role]
    if want == "login":
        assert response.status_code == 302 and reverse("portal:login") in response["Location"]
    else:
        assert response.status_code == want, (name, role, response.status_code)
        if want == 302:
            assert reverse("portal:login") not in response["Location"]


def test_wrong_state_is_refused(world, client):
    client.force_login(world["users"]["origin"])
    response = client.post(
        reverse("transferencia:answer", args=[world["in_progress"].pk]),
        {"decision": "declinar", "decline_reason": "x"},
    )
    assert response.status_code == 403
    client.force_login(world["users"]["requester"])
    response = client.post(
        reverse("transferencia:stage", args=[world["requested"].pk]),
        {"kind": "contacto", "date": datetime.date.today().isoformat()},
    )
    assert response.status_code == 403
