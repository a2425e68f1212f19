"""Every evaluacion URL, for every role: who gets the page and who is refused (server-side)."""

import re

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.users.models import UserProfile

from concurso.models import Call
from evaluacion.models import (
    Assignment,
    Conflict,
    EvaluatorProfile,
    IdentityTerm,
    RedactedCopy,
    SanitisedAttachment,
)
from evaluacion.services.pool import invitation_token
from tests.factories.concurso import CallFactory

ROLES = ["anonymous", "applicant", "assigned", "unassigned", "conflicted", "committee", "staff"]
EVALUATORS = {"assigned", "unassigned", "conflicted"}
COMMITTEE = {"committee", "staff"}


def _urls(c):
    slug, code = c.call.slug, c.entry.code
    token = invitation_token(c.invitation)
    conflict = Conflict.objects.get(submission=c.entry, evaluator=c.conflicted).pk
    assignment = Assignment.objects.get(submission=c.entry, evaluator=c.assigned).pk
    term = IdentityTerm.objects.get_or_create(
        municipality=c.entry.municipality,
        term="Villa Lambert",
        defaults={"kind": "lugar", "added_by": c.applicant},
    )[0].pk
    copy = {"slug": slug, "code": code}
    # The criteria and the review texts are editable only before evaluation: a call that has not started.
    upcoming = (Call.objects.filter(slug="pauta-editable").first() or CallFactory(slug="pauta-editable")).slug
    return [
        # (name, kwargs, method, roles allowed)
        ("dashboard", {}, "get", EVALUATORS),
        ("profile", {}, "get", EVALUATORS),
        ("identity_terms", {}, "get", {"applicant"}),
        ("accept_invitation", {"token": token}, "get", set(ROLES)),
        ("entry", {"code": code}, "get", {"assigned"}),
        ("entry_save", {"code": code}, "post", {"assigned"}),
        ("entry_submit", {"code": code}, "post", {"assigned"}),
        ("declare_conflict", {"code": code}, "get", {"assigned"}),
        ("entry_attachment", {"code": code, "number": 1}, "get", {"assigned"}),
        ("committee_home", {}, "get", COMMITTEE),
        ("committee_call", {"slug": slug}, "get", COMMITTEE),
        ("committee_ranking", {"slug": slug}, "get", COMMITTEE),
        ("export", {"slug": slug, "name": "ranking.csv"}, "post", COMMITTEE),
        ("committee_entry", {"slug": slug, "code": code}, "get", COMMITTEE),
        ("committee_decide", {"slug": slug, "code": code}, "post", COMMITTEE),
        ("committee_decisions", {"slug": slug}, "get", COMMITTEE),
        ("committee_decisions", {"slug": slug}, "post", COMMITTEE),
        # Before publication only staff may preview the report; the applicant's municipality gets a 404.
        ("feedback", {"code": code}, "get", {"staff"}),
        ("feedback_pdf", {"code": code}, "get", {"staff"}),
        ("committee_request_review", {"slug": slug, "code": code}, "post", COMMITTEE),
        ("committee_attachment", {"slug": slug, "code": code, "number": 1}, "get", COMMITTEE),
        ("staff_home", {}, "get", {"staff"}),
        ("staff_call", {"slug": slug}, "get", {"staff"}),
        ("staff_rubric", {"slug": slug}, "get", {"staff"}),
        ("staff_rubric_criteria", {"slug": upcoming}, "post", {"staff"}),
        ("staff_rubric_comments", {"slug": upcoming}, "post", {"staff"}),
        ("staff_rubric_thresholds", {"slug": slug}, "post", {"staff"}),
        ("staff_pool", {"slug": slug}, "get", {"staff"}),
        ("staff_profile", {"slug": slug, "user_id": c.assigned.pk}, "get", {"staff"}),
        ("staff_conflicts", {"slug": slug}, "get", {"staff"}),
        ("staff_conflicts_refresh", {"slug": slug}, "post", {"staff"}),
        ("staff_conflict_add", {"slug": slug}, "post", {"staff"}),
        ("staff_conflict_lock", {"slug": slug, "pk": conflict}, "post", {"staff"}),
        ("staff_conflict_unlock", {"slug": slug, "pk": conflict}, "post", {"staff"}),
        ("staff_conflict_remove", {"slug": slug, "pk": conflict}, "post", {"staff"}),
        ("staff_assignments", {"slug": slug}, "get", {"staff"}),
        ("staff_assignments_run", {"slug": slug}, "post", {"staff"}),
        ("staff_assignments_release", {"slug": slug}, "post", {"staff"}),
        ("staff_assignment_add", {"slug": slug}, "post", {"staff"}),
        ("staff_assignment_extra", {"slug": slug}, "post", {"staff"}),
        ("staff_assignment_remove", {"slug": slug, "pk": assignment}, "post", {"staff"}),
        ("staff_copies", {"slug": slug}, "get", {"staff"}),
        ("staff_copies_generate", {"slug": slug}, "post", {"staff"}),
        ("staff_copy", copy, "get", {"staff"}),
        ("staff_copy_generate", copy, "post", {"staff"}),
        ("staff_copy_save", copy, "post", {"staff"}),
        ("staff_copy_regenerate", copy, "post", {"staff"}),
        ("staff_copy_review", copy, "post", {"staff"}),
        ("staff_copy_term_add", copy, "post", {"staff"}),
        ("staff_copy_term_remove", {**copy, "pk": term}, "post", {"staff"}),
        ("staff_copy_mayor", copy, "post", {"staff"}),
        ("staff_copy_attachment", {**copy, "number": 1}, "get", {"staff"}),
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
        "anonymous": None,
        "applicant": c.applicant,
        "assigned": c.assigned,
        "unassigned": c.unassigned,
        "conflicted": c.conflicted,
        "committee": c.committee,
        "staff": c.staff,
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
            # A POST with no data may answer with the form and its errors (400): access was granted.
            ok = response.status_code == 200 or (
                method == "post"
                and response.status_code in (302, 400)
                and "/ingresar/" not in response.get("Location", "")
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
    response = client.post(reverse("evaluacion:entry_submit", kwargs={"code": competition.entry.code}), {})
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


# --- no writes on GET ------------------------------------------------------------------------


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize("role", ROLES)
def test_no_url_writes_on_get(client, competition, role):
    """Every evaluacion URL, fetched with GET by every role, leaves every table as it was. The entry's
    blind copy and rewritten attachments are removed first and an evaluator has no profile yet: a page
    that created them on the fly would show up here."""
    c = competition
    RedactedCopy.objects.filter(submission=c.entry).delete()
    SanitisedAttachment.objects.filter(attachment__submission=c.entry).delete()
    EvaluatorProfile.objects.filter(user=c.unassigned).delete()
    user = {
        "anonymous": None,
        "applicant": c.applicant,
        "assigned": c.assigned,
        "unassigned": c.unassigned,
        "conflicted": c.conflicted,
        "committee": c.committee,
        "staff": c.staff,
    }[role]
    if user is not None:
        client.force_login(user)
        # Wagtail creates its own per-user profile on a user's first page (the user bar): the
        # framework's bookkeeping, not the evaluation's, so it exists before counting.
        UserProfile.get_for_user(user)
    urls = {(name, tuple(sorted(kwargs.items()))) for name, kwargs, _method, _allowed in _urls(c)}
    before = _row_counts()
    statuses = {}
    for name, kwargs in sorted(urls):
        response = client.get(reverse(f"evaluacion:{name}", kwargs=dict(kwargs)))
        if response.streaming:
            b"".join(response.streaming_content)
        statuses[name] = response.status_code
    assert _row_counts() == before
    assert 500 not in statuses.values()
    # Actions answer GET with 405 (one URL per action; pages only read).
    assert statuses["staff_assignments_run"] == (
        405 if role == "staff" else statuses["staff_assignments_run"]
    )


def test_pages_without_a_blind_copy_say_it_is_not_ready(client, competition):
    c = competition
    RedactedCopy.objects.filter(submission=c.entry).delete()
    client.force_login(c.assigned)
    html = client.get(reverse("evaluacion:entry", kwargs={"code": c.entry.code})).content.decode()
    assert "La copia anónima aún no está lista" in html
    client.force_login(c.staff)
    page = reverse("evaluacion:staff_copy", kwargs={"slug": c.call.slug, "code": c.entry.code})
    assert "La copia anónima aún no está lista" in client.get(page).content.decode()
    assert not RedactedCopy.objects.filter(submission=c.entry).exists()
    # Staff prepare it with a POST; then the evaluator reads it.
    client.post(reverse("evaluacion:staff_copy_generate", kwargs={"slug": c.call.slug, "code": c.entry.code}))
    assert RedactedCopy.objects.filter(submission=c.entry).exists()
    client.force_login(c.assigned)
    html = client.get(reverse("evaluacion:entry", kwargs={"code": c.entry.code})).content.decode()
    assert "La copia anónima aún no está lista" not in html and "[reservado]" in html
