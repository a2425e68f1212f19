"""Relevance on a small Spanish corpus: what a person types, and what must come first.

Runs on every backend (see conftest.backend). Misspellings and synonyms: test_forgiving.py.
"""

import datetime as dt

import pytest

from search.backends import SearchRequest
from search.entries import Entry


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
    doc(
        2,
        "Mesas barriales",
        "Dirigentes vecinales planifican obras.",
        "Se fomentó la participación de jóvenes.",
    ),
    doc(3, "Reciclaje de vidrio en puntos limpios", "Contenedores en plazas y supermercados."),
    doc(
        4, "Educación ambiental", "Talleres en jardines infantiles.", "Incluye reciclajes de papel y cartón."
    ),
    doc(5, "Escuela de líderes comunitarios", "Formación para dirigentas y dirigentes sociales."),
    doc(6, "Huertos escolares", "Cada escuela cultiva hortalizas con apoderados."),
    doc(7, "Huertos urbanos comunitarios", "Vecinas y vecinos cultivan en sitios eriazos."),
    doc(8, "Presupuesto participativo digital", "Votación en línea de proyectos vecinales."),
    doc(9, "Atención de salud a domicilio", "Equipos visitan a personas mayores postradas."),
    doc(10, "Municipio recicla sus residuos electrónicos", "El municipio recicla computadores en desuso."),
    doc(11, "Ferias de emprendedoras", "La oficina de fomento apoya a mujeres que venden sus productos."),
    doc(12, "Apoyo escolar en bibliotecas", "Voluntarios refuerzan la lectura de niños y niñas."),
    doc(13, "Control de plagas urbanas", "Cuadrillas fumigan sitios eriazos cada semana."),
    doc(14, "Perros comunitarios", "El municipio controla la población canina con esterilizaciones."),
]


@pytest.fixture
def corpus(backend):
    backend.index_entries(CORPUS)
    return backend


def top(backend, query, n=1):
    return [hit.page_id for hit in backend.search(SearchRequest(query=query)).hits][:n]


def found(backend, query):
    return {hit.page_id for hit in backend.search(SearchRequest(query=query, per_page=50)).hits}


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("participacion", 1),  # no accent; the title match beats the body match
        ("participación ciudadana", 1),
        ("reciclajes", 3),  # plural query, singular title
        ("reciclaje vidrio", 3),  # two words, both required
        ("escuelas", 5),  # plural query: the title says "Escuela"
        ("huertos escolares", 6),  # two words: only the school gardens have both
        ("huerto comunitario", 7),  # singular query, plural title
        ("presupuestos participativos", 8),  # plural query, singular title, gender/number of the adjective
        ("salud domicilio", 9),
        ("SALUD A DOMICILIO", 9),  # case and a stop word
    ],
)
def test_expected_result_comes_first(corpus, query, expected_first):
    assert top(corpus, query) == [expected_first]


def test_accentless_query_finds_all_accented_forms(corpus):
    # 8 says "participativo": same root for the Snowball stemmer.
    assert found(corpus, "participacion") == {1, 2, 8}


def test_singular_and_plural_find_the_same(corpus):
    assert found(corpus, "reciclaje") == found(corpus, "reciclajes") == {3, 4}
    assert found(corpus, "escuela") == found(corpus, "escuelas") == {5, 6}


def test_gender_forms_match(corpus):
    # "dirigentas" and "dirigentes" share a stem; so do "vecinas" and "vecinos".
    assert found(corpus, "dirigentas") == found(corpus, "dirigente") == {2, 5}
    assert 7 in found(corpus, "vecino")


def test_verb_forms_ending_in_a_vowel_match(corpus):
    # The light stemmer removes the final vowel: "reciclo", "recicla", "recicle" meet.
    assert found(corpus, "reciclo") == {10}
    assert found(corpus, "recicle") == {10}


def test_noun_and_verb_forms_that_share_a_stem_match(corpus):
    # Noun "apoyo" / verb "apoya", noun "control" / verb "controla": the light stemmer meets them.
    assert found(corpus, "apoyo") == found(corpus, "apoya") == {11, 12}
    assert found(corpus, "control") == found(corpus, "controla") == {13, 14}
    assert top(corpus, "apoyo escolar") == [12]  # two words, the noun in the title
    # Not covered: infinitives and -ción/-aje nouns ("reciclar", "reciclaje") keep their own stems
    # with the light stemmer (SQLite, Elasticsearch); PostgreSQL's Snowball stemmer goes further.


def test_two_words_require_both(corpus):
    assert found(corpus, "huertos escolares") == {6}


def test_verbs_and_nouns_of_one_root_match(corpus):
    # Snowball: "reciclar", "recicla", "reciclo" meet; "participar" meets "participación".
    assert found(corpus, "reciclar") == {10}
    assert found(corpus, "participar") == {1, 2, 8}
