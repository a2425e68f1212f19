"""Redaction of entry texts for blind review (pure module: no ORM, no Django).

``redact(text, names=[...], people=[...])`` replaces every span that could reveal the author with a
placeholder. What is masked, and the choices made:

* **Municipality / comuna names** given in ``names``: the bare name and its usual forms
  ("Municipalidad de X", "I. Municipalidad de X", "Ilustre Municipalidad de X", "Municipio de X",
  "Alcaldía de X", "comuna de X"); the prefix is masked together with the name. Matching is
  accent- and case-insensitive ("Chillán Viejo", "chillan viejo", "CHILLÁN VIEJO") and on whole
  words only ("Serena" inside "Serenata" is kept). The name written without spaces ("LaSerena",
  as in hashtags) is masked too.
  A name that starts with an article ("La", "Las", "Los", "El", "Lo") is also masked without it
  ("Serena" for "La Serena") when the remainder has at least 5 letters, is not an everyday word
  ("Bosque" of "El Bosque", "Unión" of "La Unión" are kept, see ``COMMON_REMAINDERS``), and is
  written with a capital initial (so "una actitud serena" is kept, "SERENA" is masked). For those
  everyday remainders even the full name needs a capital remainder: "El Bosque" and "EL BOSQUE"
  are masked, "el bosque nativo" is kept.
  Demonyms ("serenense") are not derived: pass them in ``names`` if wanted.
* **People** in ``people``: a string ("María José Pérez Soto") or a pair
  ``(given_names, surnames)``. For a string, particles ("de", "del", "de la"...) stick to the
  next word, and the last two words are taken as surnames (the last one if there are only two).
  Masked: the full name, given names + first surname, first given name + first surname (all
  case- and accent-insensitive), and each surname alone when it has at least 4 letters and is
  written with a capital initial ("Soto", "Pérez"; "Paz" alone is kept).
* **E-mail addresses**, **web addresses** (``http(s)://...``, ``www....`` and bare domains with a
  known top-level domain such as ``laserena.cl`` or ``muni.gob.cl``) and social handles
  (``@MuniLaSerena``).
* **Phone numbers**: a run of at least 8 digits (at most 15), optionally with a leading ``+`` and
  an area code in parentheses, the digits possibly separated by single spaces, dots or dashes:
  ``+56 9 1234 5678``, ``(51) 220 4000``, ``512204000``. Not phones: numbers in thousands format
  (``12.000.000``), amounts after ``$``/``CLP``/``UF`` or before "pesos"/"millones", dates
  (``24-11-2026``), runs made only of years (``2019-2020``), numbered documents ("N° 0200-00508",
  "número ...", "folio ...", or followed by "/21"), and anything under 8 digits (years, decree
  numbers such as 1351). A phone written right after "N°" is therefore kept: rare, and the
  price of not masking document numbers.
* **RUT** numbers (``12.345.678-9``, ``69.040.100-K``), since they identify people and
  municipalities alike.

Patterns are built from accent-folded character classes (each letter becomes a class with its
accented and upper/lower-case variants), so matching happens on the original text and offsets are
preserved; :func:`find_spans` returns them (useful to highlight what will be hidden). Overlapping
spans are merged; spans separated only by spaces are collapsed into one placeholder.
Compiled patterns are cached per (names, people), so redacting many fields of one entry is cheap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

DEFAULT_PLACEHOLDER = "[reservado]"

ARTICLES = frozenset({"la", "las", "los", "el", "lo"})
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "da", "do", "dos", "van", "von", "der", "mac"})
# Remainders of article names that are ordinary Spanish words: masked only with their article.
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
    }
)
MIN_REMAINDER_LETTERS = 5
MIN_SURNAME_LETTERS = 4

_VARIANTS = {
    "a": "aáàâäã",
    "e": "eéèêë",
    "i": "iíìîï",
    "o": "oóòôöõ",
    "u": "uúùûü",
    "n": "nñ",
    "c": "cç",
    "y": "yý",
}
_TLDS = "cl|com|org|net|gob|gov|edu|info|io|es|ar|pe|mx|co|uy|bo|ec|br|eu|int|app|tv|me"
_PUNCT_END = r"[^\s<>\"'.,;:!?)\]}»]"

_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']*" + _PUNCT_END, re.IGNORECASE)
# Top-level domain in lower case only: "establecido.Es" (a missing space) is not a domain.
_DOMAIN = re.compile(
    r"(?<![\w@.\-/])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+(?:" + _TLDS + r")(?![\w\-])"
    r"(?:/[^\s<>\"']*" + _PUNCT_END + ")?"
)
_HANDLE = re.compile(r"(?<![\w@.])@\w{2,}")
_RUT = re.compile(r"(?<![\w.])(?:\d{1,2}\.\d{3}\.\d{3}|\d{7,8})-[\dkK](?!\w)")
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w$.,/])(?:\+\s?)?(?:\(\s?\d{1,4}\s?\)\s?)?\d(?:[ \t]?[.\-]?[ \t]?\d)+(?![\w])"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DATE = re.compile(r"\d{1,2}[.\-]\d{1,2}[.\-]\d{2,4}")
_CURRENCY_BEFORE = re.compile(r"(?:\$|US\$|CLP|UF)\s*$", re.IGNORECASE)
_NUMBER_LABEL_BEFORE = re.compile(r"(?:\bN\s?[°º]|\bNo\.|\bn[uú]mero|\bnro\.?|\bfolio)\s*$", re.IGNORECASE)
_DOCUMENT_SUFFIX = re.compile(r"/\d")
_CURRENCY_AFTER = re.compile(r"\s*(?:pesos|clp|uf|usd|d[oó]lares|millones|mil)\b", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower-case text without accents ("Chillán" -> "chillan")."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _letter_class(char: str, *, capital: bool) -> str:
    base = fold(char)
    variants = _VARIANTS.get(base, base)
    if len(base) != 1 or not base.isalpha():
        return re.escape(char)
    if capital:
        return "[" + variants.upper() + "]"
    return "[" + variants + variants.upper() + "]"


def word_pattern(word: str, *, capital: bool = False) -> str:
    """Accent- and case-insensitive pattern of one word; ``capital`` requires a capital initial."""
    parts = []
    for position, char in enumerate(word):
        if char in "'’´`":
            parts.append("['’´`]?")
        elif char == ".":
            parts.append(r"\.?")
        elif char.isalpha():
            parts.append(_letter_class(char, capital=capital and position == 0))
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def phrase_pattern(phrase: str, *, capital: bool = False, particles_free: bool = False) -> str:
    """Pattern of several words separated by any whitespace or hyphens.

    ``capital`` requires a capital initial on every word, except particles when ``particles_free``.
    """
    words = re.split(r"[\s\-‐]+", phrase.strip())
    patterns = []
    for word in words:
        is_particle = particles_free and fold(word) in PARTICLES
        patterns.append(word_pattern(word, capital=capital and not is_particle))
    return r"[\s\-‐]+".join(patterns)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _name_variants(name: str) -> tuple[list[str], list[str]]:
    """(case-insensitive patterns, capital-initial patterns) for a municipality or comuna name."""
    words = name.split()
    loose, strict = [], []
    if len(words) > 1 and fold(words[0]) in ARTICLES:
        remainder = " ".join(words[1:])
        if fold(remainder) in COMMON_REMAINDERS:
            # "el bosque" is an everyday phrase; "El Bosque" (capital remainder) is the comuna.
            strict.append(phrase_pattern(words[0]) + r"[\s\-‐]+" + phrase_pattern(remainder, capital=True))
            strict.append(word_pattern(words[0]) + "".join(word_pattern(w, capital=True) for w in words[1:]))
            return loose, strict
        if _letters(remainder) >= MIN_REMAINDER_LETTERS:
            strict.append(phrase_pattern(remainder, capital=True))
    loose.append(phrase_pattern(name))
    if len(words) > 1:
        loose.append("".join(word_pattern(w) for w in words))
    return loose, strict


_PREFIX = (
    r"(?:(?:" + word_pattern("I.") + "|" + word_pattern("Il.") + "|" + word_pattern("Ilustre") + r")\s*)?"
    r"(?:"
    + "|".join(word_pattern(w) for w in ("Municipalidad", "Municipio", "Alcaldía", "Alcaldia", "Comuna"))
    + r")\s+"
    + word_pattern("de")
    + r"\s+"
)


def _split_person(person: str | Sequence[str]) -> tuple[list[str], list[str]]:
    if not isinstance(person, str):
        given, surnames = person
        return _group_particles(given.split()), _group_particles(surnames.split())
    groups = _group_particles(person.split())
    if len(groups) <= 1:
        return groups, []
    if len(groups) == 2:
        return groups[:1], groups[1:]
    return groups[:-2], groups[-2:]


def _group_particles(words: list[str]) -> list[str]:
    groups, pending = [], []
    for word in words:
        pending.append(word)
        if fold(word) not in PARTICLES:
            groups.append(" ".join(pending))
            pending = []
    if pending:
        if groups:
            groups[-1] += " " + " ".join(pending)
        else:
            groups.append(" ".join(pending))
    return groups


def _person_variants(person: str | Sequence[str]) -> tuple[list[str], list[str]]:
    given, surnames = _split_person(person)
    loose, strict = [], []
    full = " ".join(given + surnames)
    if full.strip():
        loose.append(phrase_pattern(full))
    if given and surnames:
        loose.append(phrase_pattern(" ".join([*given, surnames[0]])))
        loose.append(phrase_pattern(" ".join([given[0], surnames[0]])))
    for surname in surnames:
        core = surname.split()[-1]
        if _letters(core) >= MIN_SURNAME_LETTERS:
            strict.append(phrase_pattern(surname, capital=True, particles_free=True))
    return loose, strict


def _alternation(patterns: Iterable[str]) -> str:
    # Longest first, so that "Chillán Viejo" wins over "Chillán" at the same position.
    unique = sorted(set(patterns), key=lambda p: (-len(p), p))
    return "|".join(f"(?:{p})" for p in unique)


class Redactor:
    """Compiled patterns for one set of names and people; see the module docstring."""

    def __init__(self, names: Iterable[str], people: Iterable[str | Sequence[str]] = ()):
        name_loose, name_strict, person_loose, person_strict = [], [], [], []
        for name in names:
            if name and name.strip():
                loose, strict = _name_variants(name.strip())
                name_loose += loose
                name_strict += strict
        for person in people:
            if person and (not isinstance(person, str) or person.strip()):
                loose, strict = _person_variants(person)
                person_loose += loose
                person_strict += strict
        self._patterns: list[re.Pattern] = [_EMAIL, _URL, _DOMAIN, _HANDLE, _RUT]
        names_any = _alternation(name_loose + name_strict)
        if names_any:
            self._patterns.append(re.compile(rf"(?<!\w)(?:{_PREFIX})?(?:{names_any})(?!\w)"))
        people_any = _alternation(person_loose + person_strict)
        if people_any:
            self._patterns.append(re.compile(rf"(?<!\w)(?:{people_any})(?!\w)"))

    def spans(self, text: str, *, collapse: bool = True) -> list[tuple[int, int]]:
        """Sorted, non-overlapping (start, end) offsets of everything to mask in ``text``."""
        found = [match.span() for pattern in self._patterns for match in pattern.finditer(text)]
        found += [match.span() for match in _PHONE_CANDIDATE.finditer(text) if _is_phone(text, match)]
        found = [span for span in found if span[1] > span[0]]
        found.sort()
        merged: list[list[int]] = []
        for start, end in found:
            if merged and (start <= merged[-1][1] or (collapse and not text[merged[-1][1] : start].strip())):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(start, end) for start, end in merged]

    def redact(self, text: str, *, placeholder: str = DEFAULT_PLACEHOLDER, collapse: bool = True) -> str:
        if not text:
            return text
        pieces, cursor = [], 0
        for start, end in self.spans(text, collapse=collapse):
            pieces.append(text[cursor:start])
            pieces.append(placeholder)
            cursor = end
        pieces.append(text[cursor:])
        return "".join(pieces)


def _is_phone(text: str, match: re.Match) -> bool:
    candidate = match.group()
    digits = re.sub(r"\D", "", candidate)
    if not 8 <= len(digits) <= 15:
        return False
    if _THOUSANDS.fullmatch(candidate) or _DATE.fullmatch(candidate):
        return False
    groups = re.findall(r"\d+", candidate)
    if all(len(g) == 4 and 1900 <= int(g) <= 2099 for g in groups):
        return False
    start, end = match.span()
    before = text[max(0, start - 12) : start]
    if _CURRENCY_BEFORE.search(before) or _NUMBER_LABEL_BEFORE.search(before):
        return False
    return not (_CURRENCY_AFTER.match(text, end) or _DOCUMENT_SUFFIX.match(text, end))


@lru_cache(maxsize=256)
def _cached_redactor(names: tuple[str, ...], people: tuple) -> Redactor:
    return Redactor(names, people)


def _freeze_people(people: Iterable[str | Sequence[str]]) -> tuple:
    return tuple(person if isinstance(person, str) else tuple(person) for person in people)


def get_redactor(*, names: Iterable[str], people: Iterable[str | Sequence[str]] = ()) -> Redactor:
    return _cached_redactor(tuple(names), _freeze_people(people))


def redact(
    text: str,
    *,
    names: Iterable[str],
    people: Iterable[str | Sequence[str]] = (),
    placeholder: str = DEFAULT_PLACEHOLDER,
    collapse: bool = True,
) -> str:
    """Text with names, people, e-mails, phones, RUTs and web addresses replaced by ``placeholder``."""
    return get_redactor(names=names, people=people).redact(text, placeholder=placeholder, collapse=collapse)


def find_spans(
    text: str, *, names: Iterable[str], people: Iterable[str | Sequence[str]] = (), collapse: bool = False
) -> list[tuple[int, int]]:
    """Offsets in ``text`` that :func:`redact` would mask."""
    return get_redactor(names=names, people=people).spans(text, collapse=collapse)


def redact_fields(
    fields: Mapping[str, str | None],
    *,
    names: Iterable[str],
    people: Iterable[str | Sequence[str]] = (),
    placeholder: str = DEFAULT_PLACEHOLDER,
) -> dict[str, str | None]:
    """Redact every text value of a mapping (e.g. the fields of an entry); ``None`` stays ``None``."""
    redactor = get_redactor(names=names, people=people)
    return {
        key: value if value is None else redactor.redact(value, placeholder=placeholder)
        for key, value in fields.items()
    }
