"""core.exports: the job runner, the task, the list of a user's exports and the download view."""

from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from kombu.exceptions import OperationalError

from core import exports
from core.models import ExportJob, ExportStatus, PendingTask, Role, User
from core.tasks import run_export
from tests.factories.core import make_user

pytestmark = pytest.mark.django_db

KIND = "tests.greeting"


@pytest.fixture
def built():
    """A registered kind for the tests: staff may have it, except for the number 13."""
    calls = []

    def build(params):
        calls.append(params)
        if params.get("explode"):
            raise RuntimeError("disco lleno")
        return f"Hola, {params['n']}".encode(), f"saludo-{params['n']}.txt", "text/plain; charset=utf-8"

    exports.register(
        KIND,
        label="Saludo",
        build=build,
        allowed=lambda user, params: user.is_coordinator and params.get("n") != 13,
    )
    yield calls
    exports._registry.pop(KIND)


@pytest.fixture
def staff():
    return make_user("coordinacion@asociacion.cl", roles=[Role.COORDINATOR])


def requested(capture, *, user, params):
    with capture(execute=True):
        job = exports.request_export(user=user, kind=KIND, params=params)
    job.refresh_from_db()
    return job


def test_a_requested_job_runs_through_the_task_and_stores_the_builders_bytes(
    built, staff, django_capture_on_commit_callbacks
):
    job = requested(django_capture_on_commit_callbacks, user=staff, params={"n": 7})

    assert (job.status, job.filename, job.content_type, job.size) == (
        ExportStatus.READY,
        "saludo-7.txt",
        "text/plain; charset=utf-8",
        len(b"Hola, 7"),
    )
    assert job.file.read() == b"Hola, 7"
    job.file.close()
    assert job.finished_at is not None and job.error == ""
    # Private storage, under a random name that says nothing about the content.
    path = Path(job.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "saludo" not in path.name
    assert built == [{"n": 7}]


def test_a_job_already_ready_is_not_built_again(built, staff, django_capture_on_commit_callbacks):
    job = requested(django_capture_on_commit_callbacks, user=staff, params={"n": 1})
    first_file = job.file.name

    assert run_export.apply(args=[str(job.pk)]).get() == ExportStatus.READY

    job.refresh_from_db()
    assert built == [{"n": 1}]
    assert job.file.name == first_file


def test_a_failing_builder_marks_the_job_failed_without_retrying(
    built, staff, django_capture_on_commit_callbacks
):
    job = requested(django_capture_on_commit_callbacks, user=staff, params={"n": 2, "explode": True})

    assert job.status == ExportStatus.FAILED
    assert "RuntimeError" in job.error and not job.file
    assert len(built) == 1  # no retry storm for a builder that will fail again the same way


def test_the_request_is_refused_to_a_user_without_permission(built, django_capture_on_commit_callbacks):
    applicant = make_user("postulante@muni.cl")
    with pytest.raises(PermissionDenied):
        exports.request_export(user=applicant, kind=KIND, params={"n": 1})
    staff = make_user("otra@asociacion.cl", roles=[Role.COORDINATOR])
    with pytest.raises(PermissionDenied):  # allowed for staff, but not for that object
        exports.request_export(user=staff, kind=KIND, params={"n": 13})
    with pytest.raises(PermissionDenied):
        exports.request_export(user=staff, kind="tests.unknown", params={})
    assert ExportJob.objects.count() == 0


def test_the_task_checks_the_permission_again(built, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = exports.request_export(user=staff, kind=KIND, params={"n": 3})
    staff.groups.clear()
    staff = User.objects.get(pk=staff.pk)  # drop cached roles
    for callback in callbacks:
        callback()

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "permiso" in job.error
    assert built == []


def test_broker_down_keeps_the_job_pending_in_the_outbox_and_the_list_says_so(
    client, built, staff, django_capture_on_commit_callbacks
):
    with mock.patch.object(run_export, "apply_async", side_effect=OperationalError("Connection refused")):
        job = requested(django_capture_on_commit_callbacks, user=staff, params={"n": 4})

    assert job.status == ExportStatus.PENDING
    pending = PendingTask.objects.get()
    assert (pending.task_name, pending.args) == ("core.tasks.run_export", [str(job.pk)])
    client.force_login(staff)
    html = client.get(reverse("portal:export_list")).content.decode()
    assert "pendiente" in html and "Saludo" in html
    assert '<meta http-equiv="refresh" content="3">' in html
    # A download link for a job not ready yet sends its requester back to the list.
    response = client.get(reverse("portal:export_download", args=[job.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("portal:export_list"))

    # The broker is back: beat's flush queues it and the file is built.
    from core.tasks import flush_pending_tasks

    assert flush_pending_tasks.apply().get()["published"] == 1
    job.refresh_from_db()
    assert job.status == ExportStatus.READY
    html = client.get(reverse("portal:export_list")).content.decode()
    assert 'http-equiv="refresh"' not in html and reverse("portal:export_download", args=[job.pk]) in html


def test_download_is_private_and_refused_to_others(client, built, staff, django_capture_on_commit_callbacks):
    job = requested(django_capture_on_commit_callbacks, user=staff, params={"n": 5})
    url = reverse("portal:export_download", args=[job.pk])

    assert client.get(url)["Location"].startswith(reverse("portal:login"))
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Hola, 5"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="saludo-5.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # A colleague entitled to the same file may follow the link; anyone else may not.
    client.force_login(make_user("colega@asociacion.cl", roles=[Role.COORDINATOR]))
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    for role in (Role.EVALUATOR, Role.COMMITTEE, Role.APPLICANT):
        client.force_login(make_user(f"{role}@otro.cl", roles=[role]))
        assert client.get(url).status_code == 403


def test_the_list_shows_only_the_users_own_jobs(client, built, staff, django_capture_on_commit_callbacks):
    requested(django_capture_on_commit_callbacks, user=staff, params={"n": 6})
    colleague = make_user("colega@asociacion.cl", roles=[Role.COORDINATOR])
    requested(django_capture_on_commit_callbacks, user=colleague, params={"n": 8})

    client.force_login(colleague)
    html = client.get(reverse("portal:export_list")).content.decode()

    assert "saludo-8.txt" in html and "saludo-6.txt" not in html


def test_the_list_needs_a_login(client):
    assert client.get(reverse("portal:export_list"))["Location"].startswith(reverse("portal:login"))


def test_the_list_queries_do_not_grow_with_the_number_of_jobs(
    client, built, staff, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    client.get(reverse("portal:export_list"))  # the first request after login also touches the session
    counts = []
    for total in (1, 6):
        while ExportJob.objects.count() < total:
            requested(django_capture_on_commit_callbacks, user=staff, params={"n": ExportJob.objects.count()})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portal:export_list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
