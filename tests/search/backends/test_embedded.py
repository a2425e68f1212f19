"""The embedded engine's top-k ranking on SQLite (issue 14, point 3 at 100,000 practices).

The search reads only the ids of the matching documents and scores (BM25 + exact-word bonus) only
the best k of the ones that pass the facet filters, inside SQLite. These tests compare it with the
straightforward way, written out here: score every match, filter in Python, bonus for the best
EXACT_RERANK, sort. Both must give the same pages, with and without facets, deep pages included,
and paging must list every match once (the order does not depend on the page asked for).
"""

import datetime as dt
import random

import numpy as np
import pytest
from django.db import connection

from search.backends import EmbeddedBackend, SearchRequest
from search.backends import embedded as engine
from search.entries import Entry

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the top-k path is the SQLite one")

WORDS = [
    "vecinos",
    "plaza",
    "taller",
    "junta",
    "barrio",
    "agua",
    "escuela",
    "huerto",
    "feria",
    "consejo",
    "salud",
    "deporte",
]
REGIONS = ["Valparaíso", "Maule", "Biobío"]
CATEGORIES = ["Medio ambiente", "Educación"]


def library(size=180, seed=7):
    rng = random.Random(seed)
    entries = []
    for page_id in range(1, size + 1):
        # "reciclaje" (the query's exact word) or "reciclar" (same stem) a varying number of times,
        # in texts of varying length: many distinct scores, and some ties (same text shape).
        form = rng.choice(["reciclaje", "reciclaje", "reciclar", "reciclajes"])
        body = " ".join([form] * rng.randint(0, 3) + rng.choices(WORDS, k=rng.choice([5, 20, 60])))
        title = " ".join(rng.sample(WORDS, 2) + ([form] if rng.random() < 0.3 else []))
        summary = " ".join(
            rng.choices(WORDS, k=8) + ([form] if rng.random() < 0.5 or not body.count("recicl") else [])
        )
        year = rng.choice([2019, 2020, 2021])
        entries.append(
            Entry(
                page_id=page_id,
                doc_type="practica",
                title=title.capitalize(),
                url=f"/p/{page_id}/",
                summary=summary,
                body=body,
                category=rng.choice(CATEGORIES),
                region=rng.choice(REGIONS),
                comuna="Comuna",
                year=year,
                date=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            )
        )
    return entries


def every_match_ranked(backend, request):
    """The reference: every match scored, facets filtered in Python; the best EXACT_RERANK by
    stem score (ties: highest id) get the exact bonus and are sorted by it (ties: newest date,
    highest id); the others follow in stem-score order."""
    clauses = backend._clauses(request.query)
    with connection.cursor() as cursor:
        cursor.execute(
            # Table and weights are the engine's constants; the match text is a bound parameter.
            f"SELECT rowid, -bm25({engine.FTS_TABLE}, {engine.BM25_WEIGHTS}) FROM {engine.FTS_TABLE} "  # noqa: S608
            f"WHERE {engine.FTS_TABLE} MATCH %s ORDER BY rowid",
            [backend._fts_match(clauses)],
        )
        scored = cursor.fetchall()
        cursor.execute(f"SELECT page_id, region, category, date FROM {engine.TABLE}")  # noqa: S608
        documents = {row[0]: row[1:] for row in cursor.fetchall()}
    filters = request.active_filters()
    kept = [
        (page_id, score)
        for page_id, score in scored
        if all(documents[page_id][0 if name == "region" else 1] in values for name, values in filters.items())
    ]
    by_stem = sorted(kept, key=lambda item: (-item[1], -item[0]))
    head, tail = by_stem[: engine.EXACT_RERANK], by_stem[engine.EXACT_RERANK :]
    ids = np.array([page_id for page_id, _ in head], dtype=np.int64)
    scores = backend._exact_bonus(ids, np.array([score for _, score in head]), clauses)
    head = sorted(
        zip(ids.tolist(), scores.tolist(), strict=True),
        key=lambda item: (-item[1], -documents[item[0]][2].toordinal(), -item[0]),
    )
    ranked = [page_id for page_id, _ in head + tail]
    return ranked[request.offset : request.offset + request.per_page], len(kept)


@pytest.fixture
def indexed(db):
    backend = EmbeddedBackend()
    backend.clear()
    backend.index_entries(library())
    return backend


@pytest.mark.parametrize(
    "filters",
    [{}, {"region": ("Maule",)}, {"region": ("Maule", "Biobío"), "category": ("Educación",)}],
    ids=["no facet", "one facet", "two facets"],
)
@pytest.mark.parametrize("page", [1, 2, 5, 12])
def test_top_k_pages_equal_scoring_every_match(indexed, filters, page):
    request = SearchRequest(query="reciclaje", filters=filters, page=page, per_page=10)
    results = indexed.search(request)
    expected_ids, expected_total = every_match_ranked(indexed, request)
    assert results.total == expected_total > engine.EXACT_RERANK / 4
    assert [hit.page_id for hit in results.hits] == expected_ids


def test_paging_lists_every_match_once(indexed):
    results = indexed.search(SearchRequest(query="reciclaje", per_page=10))
    assert results.total > engine.EXACT_RERANK  # the count is exact, not capped at k
    seen = []
    for page in range(1, results.num_pages + 1):
        seen += [
            hit.page_id
            for hit in indexed.search(SearchRequest(query="reciclaje", page=page, per_page=10)).hits
        ]
    assert sorted(seen) == sorted(set(seen))
    assert len(seen) == results.total
