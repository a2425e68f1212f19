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


# --- hard forms (issue 10): normalisation, gazetteer, rules, people ----------------------------

import json  # noqa: E402
import unicodedata  # noqa: E402
from pathlib import Path  # noqa: E402

from evaluacion import gazetteer as gz  # noqa: E402
from evaluacion.redaction import get_redactor, normalise  # noqa: E402

DPA = json.loads(
    (Path(__file__).resolve().parents[2] / "core" / "data" / "chile_dpa.json").read_text(encoding="utf-8")
)
GAZETTEER = gz.Gazetteer.from_dpa(DPA)
OWN = {
    "names": ("Municipalidad de La Serena", "La Serena", "Región de Coquimbo", "Coquimbo", "Elqui"),
    "people": ("Marcela Rojas Araya", "Rolando Fuentealba Ibarra"),
    "terms": ("sector Las Compañías", "Serena Recicla"),
    "gazetteer": GAZETTEER,
    "own_codes": frozenset({"04101", "041", "04"}),
}


def hard(text):
    return get_redactor(**OWN).redact(text)


def fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # Unicode: decomposed accents, invisible characters, compatibility forms, look-alike letters
        ("en Concepcio\u0301n hubo", f"en {P} hubo"),
        (unicodedata.normalize("NFD", "vecinos de Chillán Viejo"), f"vecinos de {P}"),
        ("La Se\u00adrena recicla", f"{P} recicla"),
        ("La\u200b Ser\u200bena recicla", f"{P} recicla"),
        ("La Ser\ufeffena\u2060 recicla", f"{P} recicla"),
        (f"{fullwidth('La Serena')} recicla", f"{P} recicla"),
        ("Lа Sеrеnа recicla", f"{P} recicla"),  # Cyrillic а, е
        ("ЅERENA avanza", f"{P} avanza"),  # Cyrillic capital Ѕ
        ("Μunicipalidad de La Serena", f"{P}"),  # Greek capital Mu
        # PDF extraction: letter-spaced and hyphenated across lines
        ("Antes L a  S e r e n a después", f"Antes {P} después"),
        ("L A  S E R E N A", P),
        ("LaSerena: L a S e r e n a", f"{P}: {P}"),
        ("en La Se-\nrena se recicla", f"en {P} se recicla"),
        ("en la comuna de Vi-\ncuña", f"en la comuna de {P}"),
        # Gazetteer: other comunas, provinces, regions, short forms, Roman numerals
        ("como en Vicuña y Paiguano", f"como en {P} y {P}"),
        ("provincia de Elqui", f"provincia de {P}"),
        ("la IV Región avanza", f"la {P} avanza"),
        ("la IV Región de Coquimbo avanza", f"la {P} avanza"),
        ("Cuarta Región", P),
        ("Región de Ñuble y la XVI Región", f"{P} y la {P}"),
        ("en la 4ª Región", f"en la {P}"),
        ("Valpo, Stgo. y Conce", f"{P}, {P}. y {P}"),
        ("viajamos a Antofa", f"viajamos a {P}"),
        ("Pto. Montt y Punta Arenas", f"{P} y {P}"),
        ("en la RM", f"en la {P}"),
        ("en Constitución", f"en {P}"),
        # Demonyms (data file, inflected, and derived for the entry's own comuna)
        ("los vecinos serenenses", f"los vecinos {P}"),
        ("una tradición porteña", f"una tradición {P}"),
        ("Penquistas y temuquenses", f"{P} y {P}"),
        # Identity glued in words
        ("#LaSerena2026 y #Vicuña2026", f"{P} y {P}"),
        ("La_Serena", P),
        ("VALPO_CULTURA", P),
        ("Instagram munilaserena", f"Instagram {P}"),
        ("síguenos en IG: serena.recicla", f"síguenos en IG: {P}"),
        ("Facebook Muni La Serena", f"Facebook {P}"),
        # Addresses and local phones
        ("Av. Francisco de Aguirre 020, frente al faro", f"Av. {P}, frente al faro"),
        ("en calle Los Carrera N° 380", f"en calle {P}"),
        ("fono 220 6600", f"fono {P}"),
        ("Tel.: 2206600", f"Tel.: {P}"),
        ("llame al 220-6600 hoy", f"llame al {P} hoy"),
        # Per-municipality terms and neighbourhoods
        ("en el sector Las Compañías", f"en el {P}"),
        ("en la población Juan Pablo II", f"en la población {P}"),
        ("la marca serena recicla", f"la marca {P}"),
        # People nobody registered: lists and cues
        (
            "Responsable: Juan Pérez González, Director de Aseo y Ornato",
            f"Responsable: {P}, Director de Aseo y Ornato",
        ),
        ("el alcalde Rolando Fuentealba Ibarra inauguró", f"el alcalde {P} inauguró"),
        ("la Sra. Huenchumilla coordinó", f"la Sra. {P} coordinó"),
        ("Yerko Quilodrán Antimán coordinó", f"{P} coordinó"),
        ("Encargada: Maite Zúñiga", f"Encargada: {P}"),
        ("con Ana María Vidal y Pedro Soto", f"con {P} y {P}"),
        ("lo firmó Soto Carrasco", f"lo firmó {P}"),
    ],
)
def test_hard_forms_are_masked(text, expected):
    assert hard(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "la Constitución Política de la República",
        "Ley 20.500 sobre participación",
        "Presupuesto de $ 12.000.000 en 2024",
        "El 2024 se alcanzó 45% de cobertura",
        "Programa Mujer Jefa de Hogar",
        "con una actitud serena",
        "la Dirección de Aseo y Ornato",
        "el retiro de residuos voluminosos",
        "Plaza de Armas",
        "Decreto N° 1351 de 2021",
        "en el sector salud",
        "una serenata en la plaza",
        "Bosque nativo recuperado en la quebrada",
        "Prado y huerto comunitario",
    ],
)
def test_ordinary_text_is_kept(text):
    assert hard(text) == text


def test_offsets_map_back_to_the_original_text():
    text = "Antes: Concepcio\u0301n; L a  S e r e n a; La Se-\nrena. Fin."
    spans = get_redactor(**OWN).spans(text, collapse=False)
    assert [text[s:e] for s, e in spans] == ["Concepcio\u0301n", "L a  S e r e n a", "La Se-\nrena"]
    # Everything around the masks is the evaluator's text as written.
    assert hard(text) == f"Antes: {P}; {P}; {P}. Fin."


def test_normalise_keeps_a_map_to_every_original_character():
    original = "Ｌａ\u00ad Se-\nrena"
    view = normalise(original)
    assert view.text == "La Serena"
    assert view.to_original(0, len(view.text)) == (0, len(original))
    assert len(view.starts) == len(view.text) == len(view.ends)


def test_derived_demonyms_and_inflections():
    assert "serenense" in gz.derived_demonyms("La Serena")
    assert "temuquense" in gz.derived_demonyms("Temuco")
    assert "osornino" in gz.derived_demonyms("Osorno")
    assert "talquina" in gz.derived_demonyms("Talca")
    assert gz.inflections("porteño") == {"porteno", "portena", "portenos", "portenas"}


def test_review_flags_kept_capitalised_words_and_long_numbers():
    text = "El programa se hizo con la Junta de Vecinos Nueva Esperanza y el rol 4521-33."
    masked, suspicious = get_redactor(**OWN).review(text)
    kept = [text[s:e] for s, e in suspicious]
    assert "Nueva Esperanza" in kept and "4521-33" in kept
    assert "El" not in kept  # a capital at the start of a sentence is not suspicious
    assert masked == []
