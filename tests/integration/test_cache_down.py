"""Redis (the Django cache) down: every page still answers, and an editor's publication succeeds.

Two ways down: a Redis URL nobody listens on (always runs), and a real redis-server stopped in the
middle of the test and started again (``services``: needs redis-server, as CI has).
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache, caches
from wagtail.models import Page

from core.models import Comuna
from portal import cache as portal_cache
from portal.settings.base import cache_settings, page_cache_settings
from tests.factories.core import UserFactory
from tests.factories.portal import good_practice_factory, home_page_factory, library_index_factory
from tests.integration.conftest import IN_CI, closed_port_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    home_page_factory()
    library = library_index_factory()
    practice = good_practice_factory(title="Reciclaje en ferias libres")
    return {"library": library, "practice": practice}


def production_caches(redis_url):
    """The caches production builds from REDIS_URL: the site cache and the page cache."""
    return {**cache_settings(redis_url), "pages": page_cache_settings(redis_url)}


@pytest.fixture
def cache_down(settings, monkeypatch):
    """The production cache configuration (REDIS_URL set, page cache on) with nothing listening."""
    settings.CACHES = production_caches(closed_port_url())
    settings.PAGE_CACHE_ENABLED = True
    monkeypatch.setattr(portal_cache, "RETRY_AFTER", 0.0)  # ask the dead Redis on every call
    yield


def _public_answers(client, site):
    responses = {
        "home": client.get("/"),
        "library": client.get(site["library"].url),
        "practice": client.get(site["practice"].url),
        "sitemap": client.get("/sitemap.xml"),
        "rss": client.get(site["library"].url + "rss/"),
        "comunas": client.get("/api/territorio/comunas/"),
        "search": client.get("/buscar/?q=reciclaje"),
    }
    return {name: response.status_code for name, response in responses.items()}


def test_the_configured_cache_is_the_degrading_one():
    config = cache_settings("redis://127.0.0.1:6379/1")["default"]
    assert config["BACKEND"] == "portal.cache.DegradingRedisCache"
    assert config["OPTIONS"]["socket_timeout"] <= 1


def test_public_pages_sitemap_feed_and_api_answer_with_the_cache_down(client, site, cache_down):
    assert isinstance(caches["default"], portal_cache.DegradingRedisCache)
    assert cache.get("anything") is None
    assert cache.set("anything", 1) is None
    assert cache.get_or_set("computed", lambda: 42) == 42
    with pytest.raises(ValueError):
        cache.incr("counter")

    assert _public_answers(client, site) == dict.fromkeys(
        ["home", "library", "practice", "sitemap", "rss", "comunas", "search"], 200
    )
    assert Comuna.objects.exists()


def test_the_admin_and_a_publication_work_with_the_cache_down(client, site, cache_down):
    editor = UserFactory(editor=True)
    client.force_login(editor)
    draft = good_practice_factory(title="Compostaje municipal", publish=False)
    assert not Page.objects.get(pk=draft.pk).live

    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{draft.pk}/edit/").status_code == 200

    # Publishing clears Wagtail's cached site root paths: with the plain RedisCache that raised after
    # the page was already published, so the editor got a 500 for an action that had succeeded.
    url = f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"include_descendants": ""})
    assert response.status_code == 302
    assert Page.objects.get(pk=draft.pk).live

    draft.refresh_from_db()
    assert client.get(draft.url).status_code == 200


def test_a_redis_that_hangs_costs_one_timeout_per_outage_not_one_per_call(settings, monkeypatch):
    """A server that accepts connections and never answers: the circuit breaker skips it after one try."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        settings.CACHES = cache_settings(f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
        monkeypatch.setattr(portal_cache, "RETRY_AFTER", 30.0)
        start = time.monotonic()
        values = [cache.get(f"key-{n}") for n in range(20)]
        elapsed = time.monotonic() - start
    assert values == [None] * 20
    assert elapsed < 2.5, f"20 lecturas tardaron {elapsed:.1f} s"


# --- A real Redis, stopped and started again ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, tmp_path):
        self.port = _free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = [
            shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", str(self.dir),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        pytest.fail("redis-server no arrancó")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=15)
        self.process = None


@pytest.fixture
def real_redis(tmp_path):
    if not shutil.which("redis-server"):
        if IN_CI:
            pytest.fail("redis-server no está instalado")
        pytest.skip("redis-server no está instalado")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process is not None:
        server.stop()


@pytest.mark.services("CELERY_BROKER_URL")
def test_a_real_redis_stopped_and_started_again(client, site, settings, monkeypatch, real_redis):
    settings.CACHES = production_caches(real_redis.url)
    settings.PAGE_CACHE_ENABLED = True
    monkeypatch.setattr(portal_cache, "RETRY_AFTER", 0.2)

    cache.set("portal:probe", "sí", 60)
    assert cache.get("portal:probe") == "sí"
    assert redis.Redis.from_url(real_redis.url).dbsize() >= 1  # really stored in Redis
    assert client.get(site["practice"].url).status_code == 200

    real_redis.stop()
    assert cache.get("portal:probe") is None
    assert _public_answers(client, site) == dict.fromkeys(
        ["home", "library", "practice", "sitemap", "rss", "comunas", "search"], 200
    )
    editor = UserFactory(editor=True)
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200

    real_redis.start()  # same port, empty
    time.sleep(0.3)  # past the circuit breaker's pause
    cache.set("portal:probe", "de nuevo", 60)
    assert cache.get("portal:probe") == "de nuevo"
    assert os.environ.get("CELERY_BROKER_URL")  # the marker's service: this ran with services up
