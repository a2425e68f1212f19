"""A search that forgives, one contract for every backend (conftest.backend): misspellings are
corrected with an automatic retry or offered as "¿Quiso decir …?", verb and noun forms of a root
meet, editors' synonyms apply at query time, autocomplete tolerates a typo."""

import datetime as dt

import pytest

from search import analysis, spelling
from search.backends import SearchRequest
from search.entries import Entry
from search.models import SynonymGroup


def doc(page_id, title, summary, body=""):
    return Entry(
        page_id=page_id,
        doc_type="practica",
        title=title,
        url=f"/p/{page_id}/",
        summary=summary,
        body=body,
        category="General",
        region="Región",
        comuna="Comuna",
        year=2022,
        date=dt.date(2022, 1, page_id),
    )


CORPUS = [
    doc(
        1, "Participación ciudadana en el plan regulador", "Cabildos abiertos para decidir el uso del suelo."
    ),
    doc(2, "Presupuestos participativos", "Vecinas y vecinos votan proyectos."),
    doc(3, "Reciclaje de vidrio en puntos limpios", "Contenedores en plazas y supermercados."),
    doc(4, "Capacitación para funcionarios municipales", "Cursos de atención al público."),
    doc(5, "Internet inalámbrico gratis en las plazas", "Puntos de conexión abiertos a toda la comunidad."),
    doc(6, "Huertos escolares", "Cada escuela cultiva hortalizas con apoderados."),
    doc(
        7,
        "Mesas barriales",
        "Dirigentes vecinales planifican obras.",
        "Se fomentó la participación de jóvenes.",
    ),
    doc(9, "Mediación vecinal", "Conflictos por ruidos o deslindes."),
]


@pytest.fixture
def corpus(backend):
    backend.index_entries(CORPUS)
    return backend


def search(backend, query, **kwargs):
    return backend.search(SearchRequest(query=query, per_page=50, **kwargs))


def found(results):
    return {hit.page_id for hit in results.hits}


# -- the edit rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "edits"),
    [
        ("sal", 0),
        ("luz", 0),
        ("agua", 1),
        ("vidrio", 1),
        ("recicla", 1),
        ("reciclaje", 2),
        ("participacion", 2),
    ],
)
def test_edits_allowed_grow_with_the_length_of_the_word(word, edits):
    assert spelling.max_edits(word) == edits


# -- automatic retry and "¿Quiso decir …?" --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "corrected", "expected"),
    [
        ("partisipacion", "participacion", {1, 2, 7}),
        ("reciclage", "reciclaje", {3}),
        ("reciclage de vidrio", "reciclaje de vidrio", {3}),
        ("huertos escolaers", "huertos escolares", {6}),
        # "vecinal" is only in a title; "vecinas" (one edit away, in a summary) must not replace it.
        ("mediasion vecinal", "mediacion vecinal", {9}),
    ],
)
def test_a_misspelled_query_is_retried_with_the_closest_words(corpus, typed, corrected, expected):
    results = search(corpus, typed)
    assert found(results) == expected
    assert analysis.fold(results.corrected_query) == corrected
    assert not results.suggested_query


def test_the_correction_keeps_the_accents_of_the_indexed_word(corpus):
    # Every write also goes to the embedded index, whose vocabulary knows how a word is written
    # (Elasticsearch's suggester only sees folded words).
    from search.backends import EmbeddedBackend

    EmbeddedBackend().index_entries(CORPUS)
    assert search(corpus, "partisipacion").corrected_query == "participación"


def test_words_that_found_something_are_not_corrected(corpus):
    results = search(corpus, "reciclaje")
    assert found(results) == {3}
    assert results.corrected_query == results.suggested_query == ""


def test_edit_rule_decides_what_is_corrected(corpus):
    # "vidrrio" (7 letters) is one edit from "vidrio": corrected. "vdrrio" is two edits away, more
    # than a 6-letter word allows: nothing found, nothing proposed.
    assert found(search(corpus, "vidrrio")) == {3}
    nothing = search(corpus, "vdrrio")
    assert nothing.total == 0 and nothing.corrected_query == ""
    # Three letters are never corrected ("uso" exists; "usu" stays as typed).
    assert search(corpus, "usu").total == 0


def test_asking_for_the_exact_words_skips_the_retry(corpus):
    results = search(corpus, "partisipacion", correct=False)
    assert results.total == 0 and results.corrected_query == ""


def test_retry_is_not_shown_when_it_finds_nothing_either(corpus):
    results = search(corpus, "partisipacion", filters={"year": ("1990",)})
    assert results.total == 0 and results.corrected_query == ""


def test_a_rare_spelling_gets_a_did_you_mean_but_keeps_its_results(backend):
    # One page misspells the word; six spell it right: the query finds the one page and the
    # better spelling is offered, not applied.
    entries = [doc(10, "Ferias de emprendedoras", "Apoyo a la comercializasion local.")] + [
        doc(20 + n, f"Comercialización campesina {n}", "Venta directa de productos.") for n in range(6)
    ]
    backend.index_entries(entries)
    results = search(backend, "comercializasion")
    assert found(results) == {10}
    assert analysis.fold(results.suggested_query) == "comercializacion"
    assert results.corrected_query == ""


# -- verbs and nouns --------------------------------------------------------------------------


def test_a_verb_finds_its_noun(corpus):
    assert found(search(corpus, "capacitar funcionarios")) == {4}
    assert found(search(corpus, "capacitaciones a funcionario")) == {4}
    assert found(search(corpus, "participar")) == {1, 2, 7}


# -- synonyms -----------------------------------------------------------------------------------


def test_synonyms_apply_at_query_time_in_both_directions(corpus):
    assert search(corpus, "wifi gratis").total == 0
    SynonymGroup.objects.create(terms="wifi, internet inalámbrico")
    assert found(search(corpus, "wifi gratis")) == {5}
    assert found(search(corpus, "wifi")) == {5}
    assert found(search(corpus, "internet inalambrica gratis")) == {5}


def test_a_synonym_expression_matches_as_a_phrase(corpus):
    SynonymGroup.objects.create(terms="wifi, internet inalámbrico")
    corpus.index_entries([doc(8, "Internet para escuelas", "Un computador inalámbrico por curso.")])
    # 8 has both words but not together: it is not "internet inalámbrico".
    assert found(search(corpus, "wifi")) == {5}


def test_synonym_matches_are_highlighted(corpus):
    SynonymGroup.objects.create(terms="wifi, internet inalámbrico")
    (hit,) = search(corpus, "wifi").hits
    # Marked word by word (embedded) or as one phrase (Elasticsearch).
    assert "<mark>Internet inalámbrico</mark>" in hit.title_html.replace("</mark> <mark>", " ")


def test_removing_a_synonym_group_counts_from_the_next_search(corpus):
    group = SynonymGroup.objects.create(terms="wifi, internet inalámbrico")
    assert search(corpus, "wifi").total == 1
    group.delete()
    assert search(corpus, "wifi").total == 0


# -- autocomplete -------------------------------------------------------------------------------


def test_autocomplete_tolerates_a_typo(corpus):
    texts = {suggestion.text for suggestion in corpus.suggest("partis")}
    assert "Participación ciudadana en el plan regulador" in texts or "Presupuestos participativos" in texts
    assert texts <= {"Participación ciudadana en el plan regulador", "Presupuestos participativos"}
    assert corpus.suggest("qwxz") == []


def test_autocomplete_prefers_exact_prefixes(corpus):
    assert {suggestion.text for suggestion in corpus.suggest("recic")} == {
        "Reciclaje de vidrio en puntos limpios"
    }


# -- embedded only: the vocabulary follows the index ---------------------------------------------


@pytest.fixture
def embedded(db):
    from search.backends import EmbeddedBackend

    engine = EmbeddedBackend()
    engine.clear()
    engine.index_entries(CORPUS)
    return engine


def test_vocabulary_counts_documents_and_keeps_accents(embedded):
    from search.models import SearchTerm

    terms = {term.word: term for term in SearchTerm.objects.all()}
    assert terms["participacion"].display == "participación"
    assert terms["participacion"].documents == 2  # 1 (title) and 7 (body)
    assert terms["plazas"].documents == 2
    assert "de" not in terms and "el" not in terms  # stop words are not words to correct to


def test_vocabulary_forgets_deleted_and_replaced_text(embedded):
    from search.models import SearchTerm

    embedded.delete([3])
    assert not SearchTerm.objects.filter(word="vidrio").exists()
    assert search(embedded, "vidrrio").total == 0
    embedded.index_entries([doc(6, "Huertos urbanos", "Cada barrio cultiva hortalizas.")])
    assert not SearchTerm.objects.filter(word="escolares").exists()
    assert SearchTerm.objects.get(word="hortalizas").documents == 1
    embedded.clear()
    assert not SearchTerm.objects.exists()
