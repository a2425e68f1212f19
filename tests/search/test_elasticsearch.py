"""Elasticsearch only: the rebuild loads a new index and swaps the alias atomically.

Runs against the server of ELASTICSEARCH_URL (in CI the noida-db Elasticsearch-API process).
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from search.backends import SearchRequest, SearchUnavailable
from search.entries import Entry

pytestmark = pytest.mark.services("ELASTICSEARCH_URL")


def entry(page_id, title):
    return Entry(
        page_id=page_id,
        doc_type="practica",
        title=title,
        url=f"/p/{page_id}/",
        summary=title,
        category="Medio ambiente",
        region="Coquimbo",
        comuna="La Serena",
        year=2022,
        date=dt.date(2022, 1, 1),
    )


@pytest.fixture
def elastic(settings, db):
    # Searches read the editors' synonym groups from the database.
    from search.backends import get_elasticsearch_backend
    from tests.search.conftest import elasticsearch_settings

    elasticsearch_settings(settings)
    engine = get_elasticsearch_backend()
    yield engine
    engine.clear()


def test_rebuild_creates_a_new_index_moves_the_alias_and_deletes_the_old(elastic):
    elastic.rebuild(iter([entry(1, "Reciclaje de vidrio")]), chunk_size=1)
    (first,) = elastic._alias_targets()
    assert first.startswith(f"{elastic.alias}-")

    seen_during_load = []

    def during_load(entries):
        for item in entries:
            # While the new index loads, readers still get the old one through the alias.
            seen_during_load.append(elastic.search(SearchRequest(query="vidrio")).total)
            yield item

    count = elastic.rebuild(
        during_load([entry(2, "Compostaje domiciliario"), entry(3, "Huertos escolares")]), chunk_size=1
    )
    assert count == 2
    assert seen_during_load and set(seen_during_load) == {1}
    (second,) = elastic._alias_targets()
    assert second != first
    assert not elastic.client.indices.exists(index=first)
    assert elastic.indexed_ids() == {2, 3}
    indices = elastic.client.indices.get(index=f"{elastic.alias}-*")
    assert list(indices) == [second]


def test_failed_bulk_load_keeps_the_old_index(elastic):
    elastic.rebuild(iter([entry(1, "Reciclaje de vidrio")]))
    (before,) = elastic._alias_targets()

    def broken():
        yield entry(2, "Compostaje")
        raise SearchUnavailable("la base se cayó a mitad de la carga")

    with pytest.raises(SearchUnavailable):
        elastic.rebuild(broken(), chunk_size=1)
    assert elastic._alias_targets() == [before]
    assert elastic.search(SearchRequest(query="vidrio")).total == 1
    # The half-loaded index is removed, not left behind.
    assert list(elastic.client.indices.get(index=f"{elastic.alias}-*")) == [before]


def test_rebuild_command_shows_progress_and_uses_chunks(elastic, make_practice):
    for n in range(5):
        make_practice(f"Plaza saludable {n}")
    err, out = io.StringIO(), io.StringIO()
    call_command("search_rebuild", "--backend", "elasticsearch", "--chunk-size", "2", stdout=out, stderr=err)
    assert "Índice elasticsearch: 5 documentos." in out.getvalue()
    assert "Índice elasticsearch" in err.getvalue() and "5/5" in err.getvalue()
    assert elastic.search(SearchRequest(query="plaza")).total == 5


def test_server_analyzer_gives_the_python_terms(elastic):
    """The embedded engine analyzes in Python what Elasticsearch analyzes with `spanish_text`: the
    same terms, or the two backends would find different pages."""
    from search import analysis

    elastic.ensure_index()
    text = (
        "Capacitación de funcionarios: capacitar, capacitaciones y participación ciudadana; "
        "participativos, PARTICIPACION, reciclaje, reciclar, escuelas, tecnologías, educacion, "
        "luces, inalámbrico, niñas y niños, dirigentas"
    )
    response = elastic.client.indices.analyze(index=elastic.alias, analyzer="spanish_text", text=text)
    assert [token["token"] for token in response["tokens"]] == analysis.terms(text)
