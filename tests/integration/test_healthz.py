"""/healthz for load balancers: readiness 200 "ok" or "degraded", 503 only when the database fails;
/healthz/live answers without looking at any dependency."""

import os
from unittest import mock

import pytest
from django.urls import reverse

from tests.integration.conftest import closed_port_url

pytestmark = pytest.mark.django_db


def test_healthz_is_200_on_the_embedded_default(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.ELASTICSEARCH_URL = ""

    response = client.get(reverse("portal:healthz"))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["ok"] is True
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "search"}
    assert (body["checks"]["database"]["ok"], body["checks"]["database"]["required"]) == (True, True)
    assert body["checks"]["broker"] == {**body["checks"]["broker"], "ok": True, "required": False}
    assert body["checks"]["broker"]["detail"] == "eager (sin broker)"


def test_healthz_is_degraded_not_503_when_the_broker_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = closed_port_url()

    response = client.get(reverse("portal:healthz"))

    # Tasks wait in the outbox while the broker is down: the node keeps serving.
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    broker = response.json()["checks"]["broker"]
    assert (broker["ok"], broker["required"]) == (False, False)
    assert "ConnectionError" in broker["detail"]
    assert response.json()["checks"]["database"]["ok"] is True


def test_healthz_is_degraded_when_the_search_server_is_down(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"

    response = client.get(reverse("portal:healthz_ready"))

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["search"]["ok"] is False


def test_liveness_does_not_look_at_the_database(client):
    with mock.patch("portal.health.check_database", side_effect=RuntimeError("sin conexión")):
        live = client.get(reverse("portal:healthz_live"))
        ready = client.get(reverse("portal:healthz"))
    assert live.status_code == 200
    assert live.json() == {"ok": True, "status": "alive"}
    assert ready.status_code == 503
    assert ready.json()["status"] == "fail"
    assert live["Cache-Control"] == ready["Cache-Control"] == "no-store"


def test_healthz_is_503_when_the_database_fails(client):
    with mock.patch("portal.health.check_database", side_effect=RuntimeError("sin conexión")):
        from portal import health

        report = health.check_all()
    assert report["database"] == {**report["database"], "ok": False, "required": True}

    with mock.patch("portal.health.check_database", side_effect=RuntimeError("sin conexión")):
        response = client.get(reverse("portal:healthz"))
    assert response.status_code == 503


@pytest.mark.services("CELERY_BROKER_URL")
def test_healthz_reports_the_real_broker(client, settings):
    settings.CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]

    response = client.get(reverse("portal:healthz"))

    assert response.json()["checks"]["broker"]["detail"] == "redis"
    assert response.json()["checks"]["broker"]["ok"] is True
