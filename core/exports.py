"""Exports prepared in the background, for every app.

An app registers each kind of export in its own ``<app>/exports.py`` (found with Django's
autodiscovery, on the web processes and on the workers alike):

    from core import exports

    exports.register(
        "evaluacion.ranking_csv",
        label=_("Ranking (CSV)"),
        build=lambda params: (data, "ranking.csv", "text/csv; charset=utf-8"),
        allowed=lambda user, params: ...,
    )

``build(params)`` returns ``(bytes, filename, content_type)``; ``allowed(user, params)`` says
whether that user may have that file (it is checked when the job is requested, again when it runs
and again on every download). ``params`` must be JSON: ids and flags, never model instances.

The app's view calls ``request_export(user=..., kind=..., params=...)`` on POST and returns
``response_for(request, job)``: with eager tasks (the embedded default) the job is already ready
and the user gets the file at once; with a worker the user lands on the list of their exports,
which refreshes itself until the file is ready.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.models import ExportJob, ExportStatus
from core.taskutils import enqueue

logger = logging.getLogger(__name__)

# By name: core.tasks imports this module to build the file.
RUN_EXPORT_TASK = "core.tasks.run_export"

Built = tuple[bytes, str, str]

# How far back the list of a user's exports goes.
RECENT = timedelta(days=7)
# A job still running after this long is taken to be lost (a worker killed mid-build) and may run again.
STALE_RUN = timedelta(minutes=30)
# The list refreshes itself this often (seconds) while an export is being prepared.
REFRESH_SECONDS = 3


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: str
    build: Callable[[dict], Built]
    allowed: Callable[[object, dict], bool]


_registry: dict[str, ExportKind] = {}
_discovered = False


def register(
    name: str, *, label, build: Callable[[dict], Built], allowed: Callable[[object, dict], bool]
) -> ExportKind:
    kind = ExportKind(name=name, label=label, build=build, allowed=allowed)
    _registry[name] = kind
    return kind


def get_kind(name: str) -> ExportKind | None:
    global _discovered
    if name not in _registry and not _discovered:
        autodiscover_modules("exports")
        _discovered = True
    return _registry.get(name)


def is_allowed(user, job_or_kind: ExportJob | str, params: dict | None = None) -> bool:
    """True when ``user`` may request (or download) this export; unknown kinds are never allowed."""
    if isinstance(job_or_kind, ExportJob):
        name, params = job_or_kind.kind, job_or_kind.params
    else:
        name = job_or_kind
    kind = get_kind(name)
    if kind is None or not (user and user.is_authenticated):
        return False
    return bool(kind.allowed(user, params or {}))


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def request_export(*, user, kind: str, params: dict) -> ExportJob:
    """Record the request and queue its build. PermissionDenied if the user may not have that file."""
    if not is_allowed(user, kind, params):
        raise PermissionDenied
    job = ExportJob.objects.create(requested_by=user, kind=kind, params=params)
    enqueue(RUN_EXPORT_TASK, str(job.pk))
    return job


def run_job(job_id: str) -> str:
    """Build the file of one job and store it. Returns the job's final status.

    Idempotent: a job already ready (or failed) is left as it is, so a task delivered twice never
    builds twice. A builder that raises marks the job failed with the reason; the user can ask again.
    """
    now = timezone.now()
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            logger.warning("Exportación %s inexistente", job_id)
            return "missing"
        if job.is_finished:
            return job.status
        if job.status == ExportStatus.RUNNING and job.started_at and now - job.started_at < STALE_RUN:
            return job.status  # another worker is on it
        job.status, job.started_at = ExportStatus.RUNNING, now
        job.save(update_fields=["status", "started_at"])

    kind = get_kind(job.kind)
    try:
        if kind is None:
            raise LookupError(f"tipo de exportación desconocido: {job.kind}")
        # The requester's roles may have changed since the request: check again before building.
        if not kind.allowed(job.requested_by, job.params):
            return _fail(job, _("Ya no tiene permiso para esta exportación."))
        data, filename, content_type = kind.build(job.params)
    except Exception as error:  # the builder's failure is the job's outcome, not the task's
        logger.exception("Exportación %s (%s) fallida", job.pk, job.kind)
        return _fail(job, _("No se pudo preparar el archivo (%(error)s).") % {"error": type(error).__name__})

    with transaction.atomic():
        current = ExportJob.objects.select_for_update().get(pk=job.pk)
        if current.status == ExportStatus.READY:
            return current.status  # a concurrent run finished first; keep its file
        current.file.save("export", ContentFile(data), save=False)
        current.filename, current.content_type, current.size = filename, content_type, len(data)
        current.status, current.finished_at, current.error = ExportStatus.READY, timezone.now(), ""
        current.save()
    return ExportStatus.READY


def _fail(job: ExportJob, message: str) -> str:
    ExportJob.objects.filter(pk=job.pk).exclude(status=ExportStatus.READY).update(
        status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    return ExportStatus.FAILED


def recent_jobs(user):
    return ExportJob.objects.filter(requested_by=user, created_at__gte=timezone.now() - RECENT).order_by(
        "-created_at"
    )


# ---------------------------------------------------------------------------------------------
# Views (the request view belongs to each app: it knows which object the export is about)
# ---------------------------------------------------------------------------------------------


def response_for(request, job: ExportJob):
    """After a request: the file itself if it is ready, otherwise the list of the user's exports."""
    job.refresh_from_db()
    if job.status == ExportStatus.READY:
        return redirect("portal:export_download", job_id=job.pk)
    if job.status == ExportStatus.FAILED:
        messages.error(request, job.error or _("No se pudo preparar el archivo."))
    else:
        messages.info(
            request,
            _("Estamos preparando su archivo. Esta página se actualiza sola; puede seguir trabajando."),
        )
    return redirect("portal:export_list")


@login_required
@require_GET
def export_list(request):
    jobs = list(recent_jobs(request.user)[:30])
    for job in jobs:
        kind = get_kind(job.kind)
        job.label = kind.label if kind else job.kind
    waiting = any(not job.is_finished for job in jobs)
    return render(
        request,
        "portal/exports/list.html",
        {"jobs": jobs, "refresh_seconds": REFRESH_SECONDS if waiting else None, "days": RECENT.days},
    )


@login_required
@require_GET
def export_download(request, job_id):
    job = get_object_or_404(ExportJob, pk=job_id)
    # The requester, or anyone entitled to the same file (a colleague following a shared link);
    # the requester too must still be entitled to it.
    if not is_allowed(request.user, job):
        raise PermissionDenied
    if job.status != ExportStatus.READY or not job.file:
        if job.requested_by_id != request.user.pk:
            raise Http404
        return redirect("portal:export_list")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=job.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
