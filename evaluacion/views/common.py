"""What the evaluation's views share: permission decorators, private files, blind texts and attachments.

Views are thin: parse input, call one service or selector, render or redirect. No writes on GET.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404

from concurso.models import Call, Phase, Submission
from evaluacion.models import RedactedCopy
from evaluacion.selectors.blind import REDACTED_TEXT_FIELDS, sanitised_attachments

FIELD_LABELS = {
    name: str(Submission._meta.get_field(name).verbose_name).capitalize() for name in REDACTED_TEXT_FIELDS
}


def check(user, perm, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def coordinator_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        check(request.user, "evaluacion.manage_call")
        return view(request, *args, **kwargs)

    return wrapper


def committee_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        check(request.user, "evaluacion.view_committee")
        return view(request, *args, **kwargs)

    return wrapper


def phase_label(call: Call) -> str:
    """The call's current phase in words ("Evaluación"), never the stored value ("evaluacion")."""
    return str(Phase(call.phase).label)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def private_file(handle, *, filename: str, content_type: str):
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def blind_fields(copy: RedactedCopy | None) -> list[tuple[str, str]]:
    fields = copy.fields if copy else {}
    return [(FIELD_LABELS[name], fields.get(name, "")) for name in REDACTED_TEXT_FIELDS if name != "title"]


def blind_attachment_response(submission: Submission, number: int):
    """The numbered sanitised attachment, under its neutral name; 404 when absent, not yet prepared
    or not available in the blind view (it is prepared in the background, never here)."""
    record = next((a for a in sanitised_attachments(submission) if a.number == number), None)
    if record is None or not record.available:
        raise Http404
    return private_file(
        record.file.open("rb"), filename=record.neutral_name, content_type=record.content_type
    )
