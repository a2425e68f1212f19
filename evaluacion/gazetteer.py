"""Words that identify a place or a person, found token by token (pure module: no ORM).

Works on the *matching view* built by :func:`evaluacion.redaction.normalise` (accents removed,
look-alike letters folded, letter-spaced and hyphenated words re-joined), split into
:class:`Token` objects. Three finders:

* :class:`Gazetteer` — every comuna, province and region of the territory table (with the short
  forms, other spellings and demonyms of ``data/places.json``). Other places are masked when every
  main word has a capital initial ("Vicuña", "Pto. Montt"); the ones in ``ambiguous`` (also
  everyday words or surnames: "Constitución", "Retiro") only after a place word ("en", "comuna de",
  "ciudad de"...). Demonyms are masked in any case and number ("serenense", "Penquistas").
* :class:`PersonFinder` — people nobody registered on the entry: a capitalised sequence starting
  with a given name from ``data/given_names.txt`` and followed by another capitalised word, two
  surnames of ``data/surnames.txt`` in a row, or any capitalised sequence right after a cue
  ("Responsable:", "Sr.", "Sra.", "alcaldesa", "encargado", "Director"...).
* :func:`suspicious_spans` — what was kept but a person should look at before release
  (capitalised words inside a sentence, long numbers).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "el", "lo", "y", "e", "da", "do", "dos", "van", "von", "der"}
)
ARTICLES = frozenset({"la", "las", "los", "el", "lo"})
# Abbreviations that end with a period inside a place name ("Pto. Montt", "Sta. Cruz").
ABBREVIATIONS = {
    "pto": "puerto",
    "pta": "punta",
    "sta": "santa",
    "sto": "santo",
    "gral": "general",
    "pte": "puente",
    "p": "puerto",
}
# Remainders of place names after their article that are everyday words or given names: "Bosque"
# of "El Bosque", "Ángeles" of "Los Ángeles". Without the article they are not place names.
COMMON_REMAINDERS = frozenset(
    {
        "alamos",
        "andes",
        "bosque",
        "cabras",
        "calera",
        "cisterna",
        "cruz",
        "espejo",
        "estrella",
        "granja",
        "higuera",
        "lagos",
        "monte",
        "prado",
        "reina",
        "sauces",
        "union",
        "angeles",
        "florida",
        "condes",
        "rios",
        "carmen",
    }
)
PLACE_CUES = (
    ("en",),
    ("desde",),
    ("hasta",),
    ("hacia",),
    ("comuna", "de"),
    ("ciudad", "de"),
    ("localidad", "de"),
    ("provincia", "de"),
    ("region", "de"),
    ("pueblo", "de"),
    ("municipalidad", "de"),
    ("municipio", "de"),
    ("alcaldia", "de"),
    ("vecinos", "de"),
    ("habitantes", "de"),
    ("sector", "de"),
)

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LINK = re.compile(r"[ \t\-_\u2010]*(?:\r?\n[ \t]*)?")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return (
        "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        .lower()
        .replace("'", "")
        .replace("’", "")
    )


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # folded
    linked: bool  # joined to the previous token by blanks, a hyphen, "_" or nothing (camel case)
    dotted: bool  # followed by a period
    new_line: bool = False  # a line break separates it from the previous token

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()

    @property
    def upper(self) -> bool:
        return self.text.isupper() and len(self.text) > 1


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    previous_end = None
    for match in _TOKEN.finditer(text):
        word, base = match.group(), match.start()
        pieces = [(0, len(word))]
        if not word.isupper():
            cuts = [0, *(m.start() for m in _CAMEL.finditer(word)), len(word)]
            pieces = list(zip(cuts, cuts[1:], strict=False))
        for a, b in pieces:
            start, end = base + a, base + b
            gap = "" if previous_end is None else text[previous_end:start]
            linked = previous_end is not None and _LINK.fullmatch(gap) is not None
            dotted = text[end : end + 1] == "."
            piece = text[start:end]
            # The matching view has no accents left: lower case is enough to fold it.
            key = piece.lower().replace("'", "") if piece.isascii() else fold(piece)
            tokens.append(Token(start, end, piece, key, linked, dotted, "\n" in gap))
            previous_end = end
    return tokens


def _words_key(phrase: str) -> tuple[str, ...]:
    plain = "".join(c for c in unicodedata.normalize("NFD", phrase) if not unicodedata.combining(c))
    return tuple(fold(t.text) for t in tokenize(plain))


def _read_list(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def places_data() -> dict:
    return json.loads((DATA_DIR / "places.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    return frozenset(fold(name) for name in _read_list("given_names.txt"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(fold(name) for name in _read_list("surnames.txt"))


def inflections(demonym: str) -> set[str]:
    """Feminine and plural forms of a masculine singular demonym ("porteño" -> "porteña", ...)."""
    base = fold(demonym)
    forms = {base}
    if base.endswith("o"):
        stem = base[:-1]
        forms |= {stem + "a", stem + "os", stem + "as"}
    elif base.endswith("e") or base.endswith("a"):
        forms |= {base + "s"}
    elif base.endswith("i"):
        forms |= {base + "es", base + "s"}
    else:
        forms |= {base + "es", base + "a", base + "as"}
    return forms


def derived_demonyms(name: str) -> set[str]:
    """Rule-based demonyms of a place name: its stem + -ense, -ino, -eño, -ano (with spelling fixes).

    "La Serena" -> "serenense", "Temuco" -> "temuquense", "Osorno" -> "osornino", "Talca" ->
    "talquino". Used for the entry's own places only, where a false positive costs nothing.
    """
    words = [w for w in _words_key(name) if w not in ARTICLES]
    if not words:
        return set()
    word = "".join(words)
    stem = word
    if stem.endswith("es"):
        stem = stem[:-2]
    elif stem[-1] in "aeiou":
        stem = stem[:-1]
    if len(stem) < 4:
        return set()
    found = set()
    for suffix in ("ense", "ino", "eno", "ano"):
        base = stem
        if suffix[0] in "ei":
            if base.endswith("c"):
                base = base[:-1] + "qu"
            elif base.endswith("g"):
                base = base[:-1] + "gu"
            elif base.endswith("z"):
                base = base[:-1] + "c"
        found.add(base + suffix)
    result = set()
    for form in found:
        result |= inflections(form)
    return result


@dataclass(frozen=True)
class Place:
    kind: str  # "comuna", "provincia", "region"
    code: str
    name: str


@dataclass(frozen=True)
class _Entry:
    kind: str  # "place" or "demonym"
    ambiguous: bool
    code: str


def _add(lexicon: dict, key: tuple[str, ...], entry: _Entry) -> None:
    if not key:
        return
    current = lexicon.get(key)
    # A key that is both an unambiguous name and an ambiguous one keeps the safer reading.
    if current is None or (current.ambiguous and not entry.ambiguous):
        lexicon[key] = entry


class Gazetteer:
    """Every place name of a territory with its variants; see the module docstring."""

    def __init__(self, places: Iterable[Place], *, extra: dict | None = None):
        extra = places_data() if extra is None else extra
        ambiguous = {_words_key(name) for name in extra.get("ambiguous", [])}
        self.places = tuple(places)
        self.lexicon: dict[tuple[str, ...], _Entry] = {}
        names_by_code: dict[str, list[str]] = {}
        for place in self.places:
            names_by_code.setdefault(place.code, []).append(place.name)
            if place.kind == "region" and place.name.lower().startswith("región"):
                bare = re.sub(r"^Regi[oó]n\s+(?:de\s+|del\s+)?", "", place.name)
                names_by_code[place.code].append(bare)
        for code, forms in extra.get("short_forms", {}).items():
            names_by_code.setdefault(code, []).extend(forms)
        for code, names in names_by_code.items():
            for name in names:
                for key in self._variants(name):
                    _add(self.lexicon, key, _Entry("place", key in ambiguous, code))
        for code, demonyms in extra.get("demonyms", {}).items():
            for demonym in demonyms:
                for form in inflections(demonym):
                    _add(self.lexicon, (form,), _Entry("demonym", False, code))
        self.max_words = max((len(key) for key in self.lexicon), default=1)
        # Longest name starting with each word: most words start no place name and are skipped at once.
        self.first_words: dict[str, int] = {}
        for key in self.lexicon:
            self.first_words[key[0]] = max(self.first_words.get(key[0], 0), len(key))
        for short, long in ABBREVIATIONS.items():
            if long in self.first_words:
                self.first_words[short] = max(self.first_words.get(short, 0), self.first_words[long])
        squashed = sorted(
            {
                "".join(k)
                for k, e in self.lexicon.items()
                if e.kind == "place" and len("".join(k)) >= (6 if e.ambiguous else 5)
            }
        )
        # Place names glued inside one word: "#Vicuna2026", "munivicuna", "VALPO_CULTURA".
        self.squashed = (
            re.compile("|".join(re.escape(s) for s in sorted(squashed, key=len, reverse=True)))
            if squashed
            else None
        )

    @classmethod
    def from_dpa(cls, data: dict, **kwargs) -> Gazetteer:
        """From the territory file's layout (``core/data/chile_dpa.json``)."""
        places = [Place("region", r["code"], r["name"]) for r in data["regions"]]
        places += [
            Place("region", r["code"], r["short_name"]) for r in data["regions"] if r.get("short_name")
        ]
        places += [Place("provincia", p["code"], p["name"]) for p in data["provinces"]]
        places += [Place("comuna", c["code"], c["name"]) for c in data["comunas"]]
        return cls(places, **kwargs)

    @staticmethod
    def _variants(name: str) -> set[tuple[str, ...]]:
        key = _words_key(name)
        if not key:
            return set()
        variants = {key}
        if len(key) > 1:
            variants.add(("".join(key),))  # "LaSerena", "Vinadelmar"
        if (
            key[0] in ARTICLES
            and len(key) > 1
            and len("".join(key[1:])) >= 5
            and " ".join(key[1:]) not in COMMON_REMAINDERS
        ):
            variants.add(key[1:])  # "Serena" of "La Serena", "Pintana" of "La Pintana"
        expanded = {v: k for k, v in ABBREVIATIONS.items() if k != "p"}
        if key[0] in expanded:
            variants.add((expanded[key[0]], *key[1:]))
        return variants

    def spans(self, tokens: list[Token], *, own_codes: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
        found = []
        index = 0
        count = len(tokens)
        while index < count:
            matched = 0
            longest = self.first_words.get(tokens[index].key, 0)
            for size in range(min(longest, count - index), 0, -1):
                window = tokens[index : index + size]
                if any(
                    not t.linked and not _abbreviation_link(tokens, index + k)
                    for k, t in enumerate(window[1:], start=1)
                ):
                    continue
                key = tuple(
                    ABBREVIATIONS.get(t.key, t.key) if t.dotted and k < size - 1 else t.key
                    for k, t in enumerate(window)
                )
                entry = self.lexicon.get(key) or self.lexicon.get(tuple(t.key for t in window))
                if entry is None or not self._accept(entry, window, tokens, index, own_codes):
                    continue
                found.append((window[0].start, window[-1].end))
                matched = size
                break
            index += matched or 1
        return found

    @staticmethod
    def _accept(entry: _Entry, window: list[Token], tokens: list[Token], index: int, own_codes) -> bool:
        if entry.kind == "demonym":
            return len(window[0].key) >= 5
        main = [t for t in window if t.key not in PARTICLES] or window
        if not all(t.capital for t in main):
            return False
        if entry.code in own_codes:
            return True  # the entry's own places are masked even when they are also common words
        if len(window) == 1 and len(window[0].key) <= 3 and not window[0].upper:
            return False  # "Pac" is not "PAC"
        if not entry.ambiguous:
            return True
        before = tuple(t.key for t in tokens[max(0, index - 2) : index])
        return any(before[-len(cue) :] == cue for cue in PLACE_CUES) or (
            index > 0
            and tokens[index - 1].key == "de"
            and len(before) == 2
            and before[0] in ("comuna", "ciudad", "provincia", "region")
        )


def _abbreviation_link(tokens: list[Token], index: int) -> bool:
    """ "Pto. Montt": the period after an abbreviation does not break a place name."""
    previous = tokens[index - 1]
    return previous.dotted and previous.key in ABBREVIATIONS


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

AMBIGUOUS_GIVEN_NAMES = frozenset(
    fold(n)
    for n in (
        "Paz",
        "Luz",
        "Sol",
        "Mar",
        "Victoria",
        "Esperanza",
        "Consuelo",
        "Soledad",
        "Dolores",
        "Mercedes",
        "Amparo",
        "Rosario",
        "Pilar",
        "Cruz",
        "Santiago",
        "Concepción",
        "Trinidad",
        "Ángeles",
        "Flor",
        "Rocío",
        "Gloria",
        "Aurora",
        "Estrella",
        "Blanca",
        "Clara",
        "Margarita",
        "Violeta",
        "Rosa",
        "Belén",
        "Salvador",
        "Ángel",
        "Domingo",
        "Milagros",
        "Iris",
        "Franco",
        "Lucas",
        "Marco",
        "Tomás",
        "Mateo",
        "Julio",
        "Ramos",
    )
)
# Capitalised words that start or continue a heading, an institution or a date, never a name.
NOT_NAMES = frozenset(
    fold(w)
    for w in [
        "Municipalidad",
        "Municipio",
        "Ilustre",
        "Dirección",
        "Departamento",
        "Unidad",
        "Oficina",
        "Programa",
        "Plan",
        "Proyecto",
        "Secretaría",
        "Secplan",
        "Dideco",
        "Daem",
        "Cesfam",
        "Cecosf",
        "Consultorio",
        "Hospital",
        "Escuela",
        "Liceo",
        "Colegio",
        "Jardín",
        "Sala",
        "Cuna",
        "Centro",
        "Consejo",
        "Comité",
        "Junta",
        "Vecinos",
        "Vecinal",
        "Fondo",
        "Ministerio",
        "Gobierno",
        "Regional",
        "Servicio",
        "Subsecretaría",
        "Seremi",
        "Asociación",
        "Fundación",
        "Corporación",
        "Universidad",
        "Instituto",
        "Red",
        "Mesa",
        "Área",
        "Equipo",
        "Gestión",
        "Aseo",
        "Ornato",
        "Medio",
        "Ambiente",
        "Ambiental",
        "Salud",
        "Educación",
        "Desarrollo",
        "Comunitario",
        "Social",
        "Sociales",
        "Obras",
        "Tránsito",
        "Finanzas",
        "Seguridad",
        "Pública",
        "Cultura",
        "Deporte",
        "Deportes",
        "Turismo",
        "Ley",
        "Decreto",
        "Resolución",
        "Ordenanza",
        "Convenio",
        "Región",
        "Provincia",
        "Comuna",
        "Chile",
        "Estado",
        "Nacional",
        "Enero",
        "Febrero",
        "Marzo",
        "Abril",
        "Mayo",
        "Junio",
        "Julio",
        "Agosto",
        "Septiembre",
        "Octubre",
        "Noviembre",
        "Diciembre",
        "Lunes",
        "Martes",
        "Miércoles",
        "Jueves",
        "Viernes",
        "Sábado",
        "Domingo",
        "Responsable",
        "Director",
        "Directora",
        "Encargado",
        "Encargada",
        "Coordinador",
        "Coordinadora",
        "Jefe",
        "Jefa",
        "Alcalde",
        "Alcaldesa",
        "Concejal",
        "Concejala",
        "Profesional",
        "Presidente",
        "Presidenta",
        "Secretario",
        "Secretaria",
        "Contacto",
        "Anexo",
        "Tabla",
        "Figura",
        "Informe",
        "Objetivo",
        "Objetivos",
        "Resultados",
        "Resumen",
        "Descripción",
        "Indicadores",
        "Total",
        "Fuente",
        "Nota",
        "Sr",
        "Sra",
        "Srta",
        "Don",
        "Doña",
        "Dr",
        "Dra",
        "Ing",
        "Prof",
        "Abog",
        "Contraloría",
        "Tesorería",
        "Hogar",
        "Mujer",
        "Mujeres",
        "Adulto",
        "Adultos",
        "Mayor",
        "Mayores",
        "Infancia",
        "Juventud",
        "Jóvenes",
        "Niños",
        "Niñas",
        "Familia",
        "Familias",
        "Organización",
        "Organizaciones",
        "Taller",
        "Talleres",
        "Servicios",
        "Punto",
        "Limpio",
        "Reciclaje",
        "Residuos",
        "Agua",
        "Energía",
        "Verde",
        "Azul",
        "Digital",
        "Clínica",
        "Farmacia",
        "Popular",
        "Feria",
        "Cabildo",
        "Cabildos",
        "Plaza",
        "Parque",
        "Calle",
        "Avenida",
        "Pasaje",
        "Villa",
        "Población",
        "Sector",
        "Barrio",
        "Isla",
        "Río",
        "Cerro",
        "Lago",
        "Playa",
    ]
)
CUES = (
    ("responsable",),
    ("encargado",),
    ("encargada",),
    ("director",),
    ("directora",),
    ("coordinador",),
    ("coordinadora",),
    ("jefe",),
    ("jefa",),
    ("alcalde",),
    ("alcaldesa",),
    ("concejal",),
    ("concejala",),
    ("sr",),
    ("sra",),
    ("srta",),
    ("don",),
    ("dona",),
    ("dr",),
    ("dra",),
    ("ing",),
    ("prof",),
    ("profesora",),
    ("profesor",),
    ("abog",),
    ("contacto",),
    ("firma",),
    ("firmado", "por"),
    ("elaborado", "por"),
    ("preparado", "por"),
    ("a", "cargo", "de"),
    ("atentamente",),
    ("presidente",),
    ("presidenta",),
    ("secretario",),
    ("secretaria",),
    ("administrador",),
    ("administradora",),
    ("gestor",),
    ("gestora",),
    ("dirigente",),
    ("dirigenta",),
    ("vecina",),
    ("vecino",),
    ("senor",),
    ("senora",),
    ("ministro",),
    ("ministra",),
    ("gobernador",),
    ("gobernadora",),
    ("delegado",),
    ("delegada",),
    ("diputado",),
    ("diputada",),
    ("senador",),
    ("senadora",),
    ("concejales",),
    ("integrantes",),
    ("equipo",),
)
MAX_NAME_WORDS = 5
NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "da", "do", "dos", "van", "von", "der"})


class PersonFinder:
    def __init__(self, *, given: frozenset[str] | None = None, family: frozenset[str] | None = None):
        self.given = given_names() if given is None else given
        self.family = surnames() if family is None else family

    def _name_word(self, token: Token) -> bool:
        return (
            token.capital
            and token.key not in NOT_NAMES
            and token.key not in PARTICLES
            and len(token.key) >= 2
        )

    def spans(self, tokens: list[Token], text: str) -> list[tuple[int, int]]:
        found = []
        index, count = 0, len(tokens)
        while index < count:
            end = self._match_at(tokens, index, text)
            if end > index:
                found.append((tokens[index].start, tokens[end - 1].end))
                index = end
            else:
                index += 1
        return found

    def _run(self, tokens: list[Token], index: int, *, limit: int = MAX_NAME_WORDS) -> int:
        """End index of a capitalised sequence starting at ``index`` (particles allowed inside)."""
        end, words = index, 0
        probe = index
        while probe < len(tokens) and words < limit:
            token = tokens[probe]
            if probe > index and (not token.linked or token.new_line):
                break  # a person's name does not run on to the next line ("Araya" / "Correo:")
            if self._name_word(token) and not (token.dotted and len(token.key) <= 2 and probe > index):
                words += 1
                probe += 1
                end = probe
                if token.dotted:
                    break
            elif probe > index and token.key in NAME_PARTICLES:
                probe += 1
            elif probe > index and len(token.key) == 1 and token.capital and token.dotted:
                probe += 1  # an initial: "Juan P. Soto"
                end = probe
            else:
                break
        return end

    def _match_at(self, tokens: list[Token], index: int, text: str) -> int:
        token = tokens[index]
        if not self._name_word(token):
            return index
        # After a cue: any capitalised sequence is a person ("Responsable: Yerko Quilodrán").
        if self._after_cue(tokens, index, text):
            return self._run(tokens, index)
        end = self._run(tokens, index)
        words = [t for t in tokens[index:end] if t.key not in NAME_PARTICLES and len(t.key) > 1]
        if len(words) < 2:
            return index
        keys = [t.key for t in words]
        if keys[0] in self.given:
            if keys[0] in AMBIGUOUS_GIVEN_NAMES and not any(
                k in self.family or k in self.given for k in keys[1:]
            ):
                return index
            return end
        # Two surnames in a row ("Pérez González"), possibly after an unknown given name.
        for position in range(len(keys) - 1):
            if keys[position] in self.family and keys[position + 1] in self.family:
                return end
        return index

    @staticmethod
    def _after_cue(tokens: list[Token], index: int, text: str) -> bool:
        before = tuple(t.key for t in tokens[max(0, index - 3) : index])
        for cue in CUES:
            if before[-len(cue) :] == cue:
                cue_token = tokens[index - 1]
                gap = text[cue_token.end : tokens[index].start]
                # "Sr. Pérez", "Responsable: Ana Soto", "alcaldesa Ana Soto", "Director, Juan Soto"
                if re.fullmatch(r"\.?\s*(?:[:,\-–]\s*)?(?:\(a\)\s*)?", gap) and "\n\n" not in gap:
                    return True
        return False


# ---------------------------------------------------------------------------------------------
# What a reviewer should look at
# ---------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.,])\d[\d.\-/ ]*\d(?![\w])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•·|\-–\n(\"«“]\s*|\n\s*[\-•*]\s*)$")
STOP_CAPITALS = NOT_NAMES | frozenset(
    {
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "en",
        "con",
        "para",
        "por",
        "se",
        "su",
        "sus",
        "este",
        "esta",
        "estos",
        "estas",
        "durante",
        "desde",
        "hasta",
        "ademas",
        "tambien",
        "cada",
        "todos",
        "todas",
        "reservado",
    }
)


def suspicious_spans(text: str, tokens: list[Token], masked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Kept spans a reviewer should decide on: capitalised words inside a sentence, numbers of 3+ digits.

    ``masked`` are the spans already hidden (offsets in ``text``); a suspicious span never overlaps one.
    """

    def hidden(start, end):
        return any(s < end and start < e for s, e in masked)

    found = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not token.capital or token.key in STOP_CAPITALS or hidden(token.start, token.end):
            index += 1
            continue
        start_of_sentence = (
            bool(_SENTENCE_START.search(text[max(0, token.start - 4) : token.start])) or token.start == 0
        )
        end = index + 1
        while (
            end < len(tokens)
            and tokens[end].linked
            and (
                tokens[end].capital
                or (tokens[end].key in PARTICLES and end + 1 < len(tokens) and tokens[end + 1].capital)
            )
            and not hidden(tokens[end].start, tokens[end].end)
        ):
            end += 1
        words = [t for t in tokens[index:end] if t.capital]
        if not start_of_sentence or len(words) >= 2:
            found.append((token.start, tokens[end - 1].end))
        index = end
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) < 3 or hidden(*match.span()):
            continue
        if len(digits) == 4 and 1900 <= int(digits) <= 2100:
            continue
        found.append(match.span())
    return sorted(found)
