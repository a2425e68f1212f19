"""Every evaluacion URL, for every role: who gets the page and who is refused (server-side)."""

import re

import pytest
from django.urls import reverse

from evaluacion.services.pool import invitation_token

ROLES = ["anonymous", "applicant", "assigned", "unassigned", "conflicted", "committee", "staff"]
EVALUATORS = {"assigned", "unassigned", "conflicted"}
COMMITTEE = {"committee", "staff"}


def _urls(c):
    slug, code = c.call.slug, c.entry.code
    token = invitation_token(c.invitation)
    return [
        # (name, kwargs, method, roles allowed)
        ("dashboard", {}, "get", EVALUATORS),
        ("profile", {}, "get", EVALUATORS),
        ("identity_terms", {}, "get", {"applicant"}),
        ("accept_invitation", {"token": token}, "get", set(ROLES)),
        ("entry", {"code": code}, "get", {"assigned"}),
        ("declare_conflict", {"code": code}, "get", {"assigned"}),
        ("entry_attachment", {"code": code, "number": 1}, "get", {"assigned"}),
        ("committee_home", {}, "get", COMMITTEE),
        ("committee_call", {"slug": slug}, "get", COMMITTEE),
        ("committee_ranking", {"slug": slug}, "get", COMMITTEE),
        ("export", {"slug": slug, "name": "ranking.csv"}, "post", COMMITTEE),
        ("committee_entry", {"slug": slug, "code": code}, "get", COMMITTEE),
        ("committee_decide", {"slug": slug, "code": code}, "post", COMMITTEE),
        ("committee_decisions", {"slug": slug}, "get", COMMITTEE),
        # Before publication only staff may preview the report; the applicant's municipality gets a 404.
        ("feedback", {"code": code}, "get", {"staff"}),
        ("feedback_pdf", {"code": code}, "get", {"staff"}),
        ("committee_request_review", {"slug": slug, "code": code}, "post", COMMITTEE),
        ("committee_attachment", {"slug": slug, "code": code, "number": 1}, "get", COMMITTEE),
        ("staff_home", {}, "get", {"staff"}),
        ("staff_call", {"slug": slug}, "get", {"staff"}),
        ("staff_rubric", {"slug": slug}, "get", {"staff"}),
        ("staff_pool", {"slug": slug}, "get", {"staff"}),
        ("staff_profile", {"slug": slug, "user_id": c.assigned.pk}, "get", {"staff"}),
        ("staff_conflicts", {"slug": slug}, "get", {"staff"}),
        ("staff_assignments", {"slug": slug}, "get", {"staff"}),
        ("staff_copies", {"slug": slug}, "get", {"staff"}),
        ("staff_copy", {"slug": slug, "code": code}, "get", {"staff"}),
        ("staff_copy_attachment", {"slug": slug, "code": code, "number": 1}, "get", {"staff"}),
        ("staff_close_evaluation", {"slug": slug}, "get", {"staff"}),
        ("staff_close_committee", {"slug": slug}, "get", {"staff"}),
        ("staff_publish", {"slug": slug}, "get", {"staff"}),
    ]


def test_the_matrix_covers_every_url(competition):
    from evaluacion import urls

    declared = {pattern.name for pattern in urls.urlpatterns}
    assert {name for name, *_rest in _urls(competition)} == declared


@pytest.mark.parametrize("role", ROLES)
def test_permissions_matrix(client, competition, role):
    c = competition
    user = {
        "anonymous": None, "applicant": c.applicant, "assigned": c.assigned, "unassigned": c.unassigned,
        "conflicted": c.conflicted, "committee": c.committee, "staff": c.staff,
    }[role]
    if user is not None:
        client.force_login(user)
    failures = []
    for name, kwargs, method, allowed in _urls(c):
        url = reverse(f"evaluacion:{name}", kwargs=kwargs)
        response = getattr(client, method)(url)
        if response.streaming:
            # Consuming the stream closes the file through the test client's wrapper. Calling
            # response.close() directly would fire request_finished, which closes the PostgreSQL
            # connection inside the test transaction.
            b"".join(response.streaming_content)
        if role in allowed:
            ok = response.status_code == 200 or (
                method == "post" and response.status_code == 302 and "/ingresar/" not in response["Location"]
            )
        elif role == "anonymous":
            ok = response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]
        else:
            ok = response.status_code in (403, 404)
        if not ok:
            failures.append((name, response.status_code))
    assert failures == []


def test_conflicted_evaluator_never_sees_the_entry_on_the_dashboard(client, competition):
    client.force_login(competition.conflicted)
    html = client.get(reverse("evaluacion:dashboard")).content.decode()
    assert competition.entry.code not in html


def test_post_review_refused_to_unassigned_evaluator(client, competition):
    client.force_login(competition.unassigned)
    response = client.post(reverse("evaluacion:entry", kwargs={"code": competition.entry.code}), {"submit": "1"})
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["entry", "entry_attachment", "declare_conflict"])
@pytest.mark.parametrize("who", ["unassigned", "conflicted"])
def test_an_existing_code_the_evaluator_may_not_open_looks_like_a_missing_one(client, competition, name, who):
    """Unassigned, conflicted and missing codes get the same 404: nobody learns which codes exist."""
    client.force_login(getattr(competition, who))

    def get(code):
        kwargs = {"code": code, **({"number": 1} if name == "entry_attachment" else {})}
        return client.get(reverse(f"evaluacion:{name}", kwargs=kwargs))

    existing, missing = get(competition.entry.code), get("BP-2099-99999")
    assert existing.status_code == missing.status_code == 404

    def page(response):  # the CSRF token of the log-out form differs per response
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert page(existing) == page(missing)
