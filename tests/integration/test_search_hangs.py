"""A search server that accepts connections and never answers: pages wait under a second, then
fall back to the embedded index (and the next pages do not wait at all)."""

import socket
import threading
import time

import pytest

from portal import health, precomputed
from search import services
from search.backends import SearchRequest, SearchUnavailable, get_elasticsearch_backend, get_embedded_backend
from tests.factories.portal import good_practice_factory, home_page_factory, library_index_factory

pytestmark = pytest.mark.django_db

WAIT = 1.0  # seconds the search server may cost a page
BUDGET = 2.0  # the whole page or search: that wait plus the embedded fallback, on a loaded CI machine


class HangingServer:
    """Accepts every connection, reads what is sent and never writes a byte back."""

    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.settimeout(0.2)
        self.connections = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _serve(self):
        while not self.stopped.is_set():
            try:
                connection, _address = self.listener.accept()
            except OSError:
                continue
            self.connections.append(connection)

    def close(self):
        self.stopped.set()
        self.thread.join(timeout=5)
        for connection in self.connections:
            connection.close()
        self.listener.close()


@pytest.fixture
def hanging_search(settings):
    server = HangingServer()
    yield lambda: setattr(settings, "ELASTICSEARCH_URL", server.url)
    server.close()


@pytest.fixture
def practices(db):
    home_page_factory()
    library_index_factory()
    first = good_practice_factory(
        title="Reciclaje de aceite en ferias libres", summary="Reciclaje de aceite usado."
    )
    second = good_practice_factory(
        title="Reciclaje de vidrio en juntas de vecinos", summary="Reciclaje de vidrio."
    )
    services.rebuild(get_embedded_backend())  # (indexing tasks run on commit; tests never commit)
    return first, second


def _timed(operation):
    start = time.monotonic()
    value = operation()
    return value, time.monotonic() - start


def test_the_search_server_costs_under_a_second_then_it_is_skipped(practices, hanging_search):
    hanging_search()
    backend = get_elasticsearch_backend()

    start = time.monotonic()
    with pytest.raises(SearchUnavailable):
        backend.search(SearchRequest(query="reciclaje"))
    assert time.monotonic() - start < WAIT

    start = time.monotonic()
    with pytest.raises(SearchUnavailable):
        backend.related(practices[0].pk)
    assert time.monotonic() - start < 0.1  # known to be down: not asked again for a while


def test_a_search_falls_back_to_the_embedded_index(practices, hanging_search):
    hanging_search()  # the pages exist in the embedded index; from now on the server hangs

    (results, notice), elapsed = _timed(lambda: services.search(SearchRequest(query="reciclaje")))

    assert elapsed < BUDGET, f"la búsqueda esperó {elapsed:.1f} s"
    assert notice == services.FALLBACK_NOTICE
    assert results.backend == "embedded"
    assert {hit.title for hit in results.hits} == {practice.title for practice in practices}

    # The server is known to be down: the next searches and suggestions do not wait for it.
    (results, notice), elapsed = _timed(lambda: services.search(SearchRequest(query="vidrio")))
    assert elapsed < WAIT and notice == services.FALLBACK_NOTICE and results.total == 1
    _suggestions, elapsed = _timed(lambda: services.suggest("recic"))
    assert elapsed < WAIT


def test_the_search_page_answers_with_the_fallback_notice(client, practices, hanging_search):
    hanging_search()
    response, elapsed = _timed(lambda: client.get("/buscar/?q=reciclaje"))
    assert response.status_code == 200
    assert elapsed < BUDGET, f"/buscar/ tardó {elapsed:.1f} s"
    assert "copia local" in response.content.decode()


def test_related_practices_on_a_practice_page_fall_back(client, practices, hanging_search):
    hanging_search()
    first, second = practices

    # Related practices are computed when a page is indexed (portal.precomputed), as the indexing
    # task does after a publication: with the server hanging, the embedded index answers in time.
    related, elapsed = _timed(lambda: precomputed.refresh_related(first.pk))
    assert elapsed < BUDGET, f"calcular las prácticas relacionadas tardó {elapsed:.1f} s"
    assert related == [second.pk]

    response, elapsed = _timed(lambda: client.get(first.url))

    assert response.status_code == 200
    assert elapsed < BUDGET, f"la página de la práctica tardó {elapsed:.1f} s"
    assert second.title in response.content.decode()  # the embedded index found the related one


def test_the_health_check_reports_a_hanging_search_server_quickly(practices, hanging_search):
    hanging_search()
    report, elapsed = _timed(health.check_all)
    assert elapsed < BUDGET
    assert report["search"]["ok"] is False
    assert health.status_of(report) == ("degraded", 200)
