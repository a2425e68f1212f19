import pytest

from evaluacion.redaction import Redactor, find_spans, fold, redact, redact_fields

P = "[reservado]"


def r(text, names=("La Serena",), people=(), **kwargs):
    return redact(text, names=names, people=people, **kwargs)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("La Municipalidad de La Serena lanzó el plan.", f"La {P} lanzó el plan."),
        ("La I. Municipalidad de La Serena lanzó el plan.", f"La {P} lanzó el plan."),
        ("La Ilustre Municipalidad de La Serena lanzó el plan.", f"La {P} lanzó el plan."),
        ("ILUSTRE MUNICIPALIDAD DE LA SERENA", P),
        ("vecinos de la comuna de La Serena", f"vecinos de la {P}"),
        ("vecinos de la Comuna de la serena", f"vecinos de la {P}"),
        ("El municipio de La Serena y su alcaldía", f"El {P} y su alcaldía"),
        ("en La Serena, 2021", f"en {P}, 2021"),
        ("en la serena", f"en {P}"),
        ("en LA SERENA.", f"en {P}."),
        ("Serena es una ciudad", f"{P} es una ciudad"),
        ("vivir en SERENA", f"vivir en {P}"),
        ("#LaSerena avanza", f"{P} avanza"),
    ],
)
def test_municipality_forms_are_masked(text, expected):
    assert r(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chillán Viejo recicla",
        "chillan viejo recicla",
        "CHILLÁN VIEJO recicla",
        "Chillan  Viejo recicla",
        "Chillán\nViejo recicla",
    ],
)
def test_accent_case_and_spacing_insensitive(text):
    assert r(text, names=["Chillán Viejo"]) == f"{P} recicla"


def test_name_given_without_accents_matches_text_with_accents():
    assert r("La comuna de Ñuñoa y Ñuñoa", names=["Nunoa"]) == f"La {P} y {P}"


def test_whole_words_only():
    text = "Una serenata en Serenade y la Serenísima"
    assert r(text) == text
    assert r("Chillán es otra comuna; Chillán Viejo no", names=["Chillán Viejo"]) == (
        f"Chillán es otra comuna; {P} no"
    )


def test_remainder_needs_capital_initial():
    assert r("con una actitud serena") == "con una actitud serena"


def test_common_remainders_are_kept_without_article():
    assert r("El Bosque protege el bosque nativo", names=["El Bosque"]) == f"{P} protege el bosque nativo"
    assert r("EL BOSQUE y #ElBosque", names=["El Bosque"]) == f"{P} y {P}"
    assert r("Unión vecinal de La Unión", names=["La Unión"]) == f"Unión vecinal de {P}"
    # A remainder under five letters is too short to be distinctive.
    assert r("La Cruz y la Cruz Roja", names=["La Cruz"]) == f"{P} y {P} Roja"
    assert r("una Cruz Roja", names=["La Cruz"]) == "una Cruz Roja"


def test_several_names_longest_wins():
    text = "Chillán y Chillán Viejo firman un convenio"
    assert r(text, names=["Chillán", "Chillán Viejo"]) == f"{P} y {P} firman un convenio"


def test_people_full_and_partial_names():
    people = ["María José Pérez Soto"]
    text = (
        "La directora María José Pérez Soto, conocida como María Pérez o María José Pérez; "
        "la Sra. Pérez y el equipo de Soto. MARIA JOSE PEREZ SOTO firmó."
    )
    assert r(text, names=(), people=people) == (
        f"La directora {P}, conocida como {P} o {P}; la Sra. {P} y el equipo de {P}. {P} firmó."
    )


def test_people_short_surname_alone_is_kept():
    assert r("Juan Paz y la paz de Paz", names=(), people=["Juan Paz"]) == f"{P} y la paz de Paz"


def test_people_surnames_need_capital_initial():
    text = "Flores plantó flores"
    assert r(text, names=(), people=["Ana Flores"]) == f"{P} plantó flores"


def test_people_given_as_given_names_and_surnames():
    text = "Pedro de la Maza Rojas y De la Maza, con Rojas"
    assert r(text, names=(), people=[("Pedro", "de la Maza Rojas")]) == f"{P} y {P}, con {P}"


@pytest.mark.parametrize(
    "address",
    [
        "contacto@laserena.cl",
        "maria.perez+buenas@muni-laserena.gob.cl",
        "https://www.laserena.cl/programas?id=3",
        "http://municipio.example.org",
        "www.laserena.cl",
        "laserena.cl",
        "LaSerena.cl",
        "transparencia.muni.gob.cl/ley",
        "@MuniLaSerena",
    ],
)
def test_contacts_and_web_addresses_are_masked(address):
    assert r(f"ver {address} hoy", names=()) == f"ver {P} hoy"


def test_trailing_punctuation_is_not_part_of_an_address():
    assert r("Más en www.laserena.cl.", names=()) == f"Más en {P}."
    assert r("(ver https://example.com/x)", names=()) == f"(ver {P})"


@pytest.mark.parametrize(
    "phone",
    [
        "+56 9 1234 5678",
        "+56912345678",
        "(51) 220 4000",
        "512204000",
        "51 220 4000",
        "+56-51-220-4000",
        "9 8765 4321",
        "22.123.45.67",
    ],
)
def test_phones_are_masked(phone):
    assert r(f"Llamar al {phone} en horario hábil", names=()) == f"Llamar al {P} en horario hábil"


@pytest.mark.parametrize(
    "text",
    [
        "El programa partió en 2021 y siguió en 2022.",
        "Periodo 2019-2020 y 2021 - 2023",
        "Presupuesto de $ 12.000.000 aprobado",
        "Presupuesto de $12.000.000 aprobado",
        "Costo: 45000000 pesos",
        "Un aporte de CLP 150000000.",
        "Según el Decreto 1351 de 2019",
        "Ley N° 20.500 sobre participación",
        "Beneficiarios: 1.250.000 personas",
        "Fecha 24-11-2026 y 24.11.2026",
        "Se atendió a 350 familias en 12 sectores",
        "Versión 3.5 del sistema",
        "El ordinario N° 0200-00508/21, de fecha 6 de octubre",
        "Folio 123456789 del expediente",
        "Resolución 12345678/2021",
        "lo establecido.Es decir, nada",
    ],
)
def test_numbers_that_are_not_phones_are_kept(text):
    assert r(text, names=()) == text


def test_rut_is_masked():
    assert r("RUT 69.040.100-K y 12345678-9", names=()) == f"RUT {P} y {P}"


def test_unrelated_text_is_unchanged():
    text = (
        "El proyecto mejoró la gestión de residuos con participación ciudadana, "
        "alcanzando un 35% de reciclaje. La comuna vecina replicó la iniciativa."
    )
    assert r(text, names=["La Serena", "Chillán Viejo"], people=["Ana Soto Díaz"]) == text


def test_adjacent_placeholders_are_collapsed_unless_asked():
    text = "La Serena www.laserena.cl"
    assert r(text) == P
    assert r(text, collapse=False) == f"{P} {P}"


def test_custom_placeholder():
    assert r("en La Serena", placeholder="███") == "en ███"


def test_spans_preserve_original_offsets():
    text = "Visite la Ilustre Municipalidad de Chillán Viejo (fono 42 220 1234)."
    spans = find_spans(text, names=["Chillán Viejo"])
    assert [text[a:b] for a, b in spans] == ["Ilustre Municipalidad de Chillán Viejo", "42 220 1234"]


def test_redact_fields_keeps_keys_and_none():
    fields = {"summary": "Plan de La Serena", "partners": None, "results": "Llamar al 512204000"}
    assert redact_fields(fields, names=["La Serena"]) == {
        "summary": f"Plan de {P}",
        "partners": None,
        "results": f"Llamar al {P}",
    }


def test_empty_inputs():
    assert r("") == ""
    assert Redactor(names=[], people=[]).redact("Nada que ocultar 2021") == "Nada que ocultar 2021"
    assert r("texto", names=["", "  "], people=[""]) == "texto"


def test_deterministic_and_names_with_regex_characters():
    text = "Comuna de O'Higgins (O’Higgins) y Pedro Aguirre Cerda"
    names = ["O'Higgins", "Pedro Aguirre Cerda"]
    assert r(text, names=names) == f"{P} ({P}) y {P}"
    assert r(text, names=names) == r(text, names=list(reversed(names)))


def test_fold():
    assert fold("Chillán Viejo ÑUÑOA") == "chillan viejo nunoa"
