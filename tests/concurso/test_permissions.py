"""Every concurso URL against every role: the expected status code for each (server-side checks)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from concurso.models import SubmissionAttachment
from tests.concurso.conftest import pdf_bytes
from tests.factories.concurso import CallFactory, SubmissionConflictCopyFactory, SubmissionFactory
from tests.factories.core import make_user

ROLES = ["anonymous", "owner", "other_municipality", "evaluator", "committee", "staff"]

# name, method, expected per role (in ROLES order). 302 for the anonymous means: to the login page.
MATRIX = [
    ("call_list", "get", [200, 200, 200, 200, 200, 200]),
    ("call_detail", "get", [200, 200, 200, 200, 200, 200]),
    ("dashboard", "get", [302, 200, 200, 403, 403, 403]),
    ("submission_create", "get", [302, 200, 200, 403, 403, 403]),
    ("submission_create", "post", [302, 302, 302, 403, 403, 403]),
    ("submission_edit", "get", [302, 200, 404, 403, 403, 403]),
    ("submission_edit", "post", [302, 302, 404, 403, 403, 403]),
    ("submission_submit", "get", [302, 200, 404, 403, 403, 403]),
    ("submission_submit", "post", [302, 400, 404, 403, 403, 403]),
    ("submission_withdraw", "get", [302, 200, 404, 403, 403, 403]),
    ("submission_withdraw", "post", [302, 302, 404, 403, 403, 403]),
    ("attachment_download", "get", [302, 200, 404, 403, 403, 200]),
    ("attachment_delete", "post", [302, 302, 404, 403, 403, 403]),
    ("conflict_resolve", "post", [302, 302, 404, 403, 403, 403]),
    ("conflict_resolve_all", "post", [302, 302, 404, 403, 403, 403]),
    ("staff_entries", "get", [302, 403, 403, 403, 403, 200]),
    # A background export (core.exports): with eager tasks the coordinator is sent straight to the file.
    ("staff_export_csv", "post", [302, 403, 403, 403, 403, 302]),
    ("staff_export_xlsx", "post", [302, 403, 403, 403, 403, 302]),
    ("staff_audit", "get", [302, 403, 403, 403, 403, 200]),
    ("staff_entry_detail", "get", [302, 403, 403, 403, 403, 200]),
    ("staff_entry_detail", "post", [302, 403, 403, 403, 403, 200]),
    ("staff_extension", "get", [302, 403, 403, 403, 403, 200]),
    ("staff_extension", "post", [302, 403, 403, 403, 403, 200]),
]

CASES = [
    (name, method, role, expected)
    for name, method, codes in MATRIX
    for role, expected in zip(ROLES, codes, strict=True)
]


@pytest.fixture
def world(db):
    users = {
        "anonymous": None,
        "owner": make_user("duena@laserena.cl", roles=["postulantes"], comuna_code="04101"),
        "other_municipality": make_user("otra@valdivia.cl", roles=["postulantes"], comuna_code="14101"),
        "evaluator": make_user("evaluador@example.cl", roles=["evaluadores"]),
        "committee": make_user("comite@example.cl", roles=["comite"]),
        "staff": make_user("staff@example.cl", roles=["coordinacion"]),
    }
    call = CallFactory(slug="concurso-matriz")
    entry = SubmissionFactory(call=call, municipality=users["owner"].municipality, created_by=users["owner"])
    attachment = SubmissionAttachment(
        submission=entry,
        original_name="informe.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=users["owner"],
    )
    attachment.file.save("informe.pdf", ContentFile(pdf_bytes()), save=False)
    attachment.save()
    copy = SubmissionConflictCopyFactory(submission=entry, author=users["owner"])
    return {"users": users, "call": call, "entry": entry, "attachment": attachment, "copy": copy}


def _url(name, world):
    entry, call = world["entry"], world["call"]
    by_name = {
        "call_list": reverse("concurso:call_list"),
        "call_detail": reverse("concurso:call_detail", args=[call.slug]),
        "dashboard": reverse("concurso:dashboard"),
        "submission_create": reverse("concurso:submission_create", args=[call.slug]),
        "submission_edit": reverse("concurso:submission_edit", args=[entry.code]),
        "submission_submit": reverse("concurso:submission_submit", args=[entry.code]),
        "submission_withdraw": reverse("concurso:submission_withdraw", args=[entry.code]),
        "attachment_download": reverse(
            "concurso:attachment_download", args=[entry.code, world["attachment"].pk]
        ),
        "attachment_delete": reverse("concurso:attachment_delete", args=[entry.code, world["attachment"].pk]),
        "conflict_resolve": reverse("concurso:conflict_resolve", args=[entry.code, world["copy"].pk]),
        "conflict_resolve_all": reverse("concurso:conflict_resolve_all", args=[entry.code]),
        "staff_entries": reverse("concurso:staff_entries"),
        "staff_export_csv": reverse("concurso:staff_export", args=["csv"]),
        "staff_export_xlsx": reverse("concurso:staff_export", args=["xlsx"]),
        "staff_audit": reverse("concurso:staff_audit"),
        "staff_entry_detail": reverse("concurso:staff_entry_detail", args=[entry.code]),
        "staff_extension": reverse("concurso:staff_extension", args=[call.slug]),
    }
    return by_name[name]


POST_DATA = {
    "submission_create": {"title": "Nueva", "version": "1"},
    "submission_edit": {"title": "Editada", "version": "1"},
    "staff_entry_detail": {"decision": "1", "reason": ""},
    "staff_extension": {"new_close_at": "", "reason": ""},
}


@pytest.mark.parametrize(
    ("name", "method", "role", "expected"), CASES, ids=[f"{n}-{m}-{r}" for n, m, r, _e in CASES]
)
def test_permission_matrix(client, world, name, method, role, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = _url(name, world)
    response = getattr(client, method)(url, POST_DATA.get(name, {}))
    if response.streaming:
        # Consuming the stream closes the file via the test client's wrapper; response.close() would
        # fire request_finished and close the PostgreSQL connection inside the test transaction.
        b"".join(response.streaming_content)
    assert response.status_code == expected
    if role == "anonymous" and expected == 302:
        assert response["Location"].startswith(reverse("portal:login"))


def test_every_concurso_url_is_in_the_matrix():
    from concurso.urls import urlpatterns

    covered = {name.removesuffix("_csv").removesuffix("_xlsx") for name, _m, _c in MATRIX}
    assert {pattern.name for pattern in urlpatterns} == covered


def test_other_municipality_never_sees_entry_content(client, world):
    client.force_login(world["users"]["other_municipality"])
    response = client.get(reverse("concurso:dashboard"))
    assert world["entry"].code not in response.content.decode()
    response = client.get(reverse("concurso:call_detail", args=[world["call"].slug]))
    assert world["entry"].code not in response.content.decode()
