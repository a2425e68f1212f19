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
from dataclasses import dataclass
from functools import lru_cache

from evaluacion import gazetteer as gz

DEFAULT_PLACEHOLDER = "[reservado]"

ARTICLES = frozenset({"la", "las", "los", "el", "lo"})
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "da", "do", "dos", "van", "von", "der", "mac"})
# Remainders of article names that are ordinary words: masked only with their article.
COMMON_REMAINDERS = gz.COMMON_REMAINDERS
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


# ---------------------------------------------------------------------------------------------
# Normalisation: what the matching sees (offsets mapped back to the original)
# ---------------------------------------------------------------------------------------------

# Characters that print nothing but split a word for a naive matcher.
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\u3164\uffa0"
)
_APOSTROPHE_LIKE = "’‘´`ʼʹ′"
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])[\-\u2010\u2011][ \t]*\r?\n[ \t]*(?=[^\W\d_])")
# Letter-spaced words as PDFs extract them: "L a  S e r e n a" (one blank inside, two between words).
_LETTER_SPACED = re.compile(r"(?<![^\W\d_])[^\W\d_](?:[ \t]{1,3}[^\W\d_](?![^\W\d_])){3,}")


@lru_cache(maxsize=1)
def _confusable_map() -> dict[str, str]:
    """Non-Latin letters that look like a Latin one ("а" Cyrillic -> "a"), from Unicode's
    confusables table as packaged by confusable_homoglyphs."""
    from confusable_homoglyphs.confusables import confusables_data

    mapping = {}
    for char, homoglyphs in confusables_data.items():
        if len(char) != 1 or char.isascii() or not char.isalpha():
            continue
        if unicodedata.name(char, "").startswith("LATIN") or unicodedata.combining(char):
            continue
        latin = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalpha()]
        if not latin:
            continue
        same_case = [c for c in latin if c.isupper() == char.isupper()]
        target = same_case[0] if same_case else latin[0]
        if char.isupper() and target.islower():
            target = "I" if target == "l" else target.upper()
        elif char.islower() and target.isupper():
            target = "l" if target == "I" else target.lower()
        mapping[char] = target
    return mapping


@dataclass(frozen=True)
class Normalised:
    """The matching view of a text: ``text[i]`` comes from ``original[starts[i]:ends[i]]``."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of view[start:end], widened over invisible characters at both edges."""
        if end <= start:
            position = self.starts[start] if start < len(self.starts) else len(self.original)
            return position, position
        first, last = self.starts[start], self.ends[end - 1]
        while first > 0 and self.original[first - 1] in INVISIBLE:
            first -= 1
        while last < len(self.original) and (
            self.original[last] in INVISIBLE or unicodedata.combining(self.original[last])
        ):
            last += 1
        return first, last


def _drop(
    chars: list[str], starts: list[int], ends: list[int], pattern: re.Pattern, keep
) -> tuple[list, list, list]:
    text = "".join(chars)
    kept = [True] * len(chars)
    for match in pattern.finditer(text):
        for index in range(match.start(), match.end()):
            kept[index] = keep(text, match, index)
    return (
        [c for c, k in zip(chars, kept, strict=True) if k],
        [s for s, k in zip(starts, kept, strict=True) if k],
        [e for e, k in zip(ends, kept, strict=True) if k],
    )


def _keep_letters_and_word_gaps(text: str, match: re.Match, index: int) -> bool:
    if not text[index].isspace():
        return True
    # One blank inside a word is dropped; the first blank of a wider gap separates words.
    if text[index - 1].isspace():
        return False
    return index + 1 < match.end() and text[index + 1].isspace()


def normalise(text: str) -> Normalised:
    """Accents and invisible characters removed, compatibility forms (full-width letters,
    ligatures) and look-alike letters folded to Latin, words split by a line-end hyphen or
    letter-spaced re-joined; case is kept. Every character remembers where it came from."""
    confusable = _confusable_map()
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for position, char in enumerate(text):
        if char in INVISIBLE:
            continue
        if unicodedata.combining(char):
            if ends:
                ends[-1] = position + 1  # a decomposed accent belongs to its letter
            continue
        if char in _APOSTROPHE_LIKE:
            out = "'"
        elif char.isascii():
            out = char
        else:
            out = "".join(
                confusable.get(c, c)
                for c in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char))
                if not unicodedata.combining(c)
            )
        for piece in out:
            chars.append(piece)
            starts.append(position)
            ends.append(position + 1)
    chars, starts, ends = _drop(chars, starts, ends, _HYPHEN_BREAK, lambda _t, _m, _i: False)
    chars, starts, ends = _drop(chars, starts, ends, _LETTER_SPACED, _keep_letters_and_word_gaps)
    return Normalised(text, "".join(chars), tuple(starts), tuple(ends))


# ---------------------------------------------------------------------------------------------
# Rules that need no list: addresses, local phones, social handles, region numerals
# ---------------------------------------------------------------------------------------------

_CAP = r"(?:(?!N[°º]|No\.)[A-Z][\w']*\.?|\d+(?:\s?[A-Z]\b)?)"
_CAP_SEQUENCE = rf"[A-Z][\w']*\.?(?:[ \t]+(?:(?:de|del|la|las|los|el|y)[ \t]+)*{_CAP}){{0,5}}"
# Street cue (kept) + capitalised street name + optional number (both masked):
# "Av. Francisco de Aguirre 020", "calle Los Carrera N° 380", "sector Las Compañías".
_ADDRESS = re.compile(
    r"(?<![\w])(?i:av|avda|avenida|calle|pasaje|pje|psje|camino|costanera|alameda|paseo|diagonal|callejon|carretera|"
    r"poblacion|pobl|villa|barrio|sector|condominio|campamento|conjunto habitacional|caleta|parcela|hijuela|"
    r"direccion|domicilio|ubicad[oa] en|ubicad[oa]s en|esquina)\b\.?:?[ \t]+"
    r"(?P<place>"
    + _CAP_SEQUENCE
    + r")(?P<number>[ \t]*,?[ \t]*(?:N[°º]|#|No\.?|numero)?[ \t]*\d{1,5}(?:[ \t]?-?[ \t]?[A-Z](?![\w]))?|[ \t]+s/n)?",
)
_PHONE_CUE = re.compile(
    r"(?<![\w])(?:fono|fonos|telefono|telefonos|tel|tels|telf|tlf|cel|celular|movil|whatsapp|wsp|fax|"
    r"mesa central|call center|anexo|contactar al|llamar al|llame al|llamando al)\b\.?:?[ \t]*(?:al[ \t]+)?"
    r"(?P<number>\+?[ \t]?(?:\(\s?\d{1,4}\s?\)[ \t]?)?\d(?:[ \t]?[.\-]?[ \t]?\d){5,14})(?![\w])",
    re.IGNORECASE,
)
_LOCAL_PHONE = re.compile(r"(?<![\w$.,/\-])\d{3}[ \-]\d{4}(?![\w]|[.,]\d)")
_PLATFORM = re.compile(
    r"(?<![\w@])(?i:instagram|insta|ig|facebook|fb|twitter|tiktok|tik tok|youtube|threads|linkedin|flickr|"
    r"spotify|telegram|twitch)\b[ \t]*(?:[:/][ \t]*|\((?:@)?)?"
    r"(?P<handle>(?!(?i:y|e|o|u|de|del|la|el|en|con|para|por|como|es|son|oficial|municipal|y/o|live|stories|reels)\b)"
    r"[A-Za-z0-9][A-Za-z0-9._]{2,39}(?:[ \t]+[A-Z][\w]*){0,4})",
)
_ROMAN = r"(?:XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
_ORDINAL = (
    r"(?:primera|segunda|tercera|cuarta|quinta|sexta|septima|octava|novena|decima|undecima|duodecima|"
    r"decimo ?tercera|decimo ?cuarta|decimo ?quinta|decimo ?sexta|decima ?(?:primera|segunda|tercera|cuarta|quinta|sexta))"
)
_REGION_TAIL = (
    r"(?:[ \t]+(?:de|del)[ \t]+(?:la[ \t]+|los[ \t]+)?[A-Z][\w']*(?:[ \t]+(?:y[ \t]+)?[A-Z][\w']*)?)?"
)
_REGION_NUMBER = re.compile(
    r"(?<![\w])(?:"
    rf"{_ROMAN}[ \t]*[ªºa°]?\.?[ \t]*[Rr]egi[oó]n"
    rf"|\d{{1,2}}[ \t]*[ªºa°]\.?[ \t]*[Rr]egi[oó]n"
    rf"|(?i:{_ORDINAL})[ \t]+[Rr]egi[oó]n"
    rf"|[Rr]egi[oó]n[ \t]+(?:de[ \t]+|N[°º][ \t]*)?(?:{_ROMAN}|\d{{1,2}})(?![\w])"
    r"|R\.M\.?"
    rf"){_REGION_TAIL}"
)


def _address_spans(view: str) -> list[tuple[int, int]]:
    found = []
    for match in _ADDRESS.finditer(view):
        place = match.group("place")
        if place.split()[0].rstrip(".").lower() in ("de", "del"):
            continue
        end = match.end("number") if match.group("number") else match.end("place")
        found.append((match.start("place"), end))
    return found


def _handle_spans(view: str) -> list[tuple[int, int]]:
    found = []
    for match in _PLATFORM.finditer(view):
        handle = match.group("handle")
        first = handle.split()[0]
        # A handle is one lower-case or mixed word ("munilaserena", "Muni.LaSerena"), or a
        # capitalised page name ("Muni La Serena").
        if first[0].isupper() or any(c.isdigit() or c in "._" for c in first) or first.islower():
            found.append(
                match.span("handle")
                if first[0].isupper()
                else (match.start("handle"), match.start("handle") + len(first))
            )
    return found


class _Compounds:
    """Words that glue a place name with something else: "#LaSerena2026", "munilaserena", "La_Serena"."""

    _WORD = r"[#@]?[^\W_]+(?:_+[^\W_]+)*"
    # Only words with a "#", "@", "_" or a digit, or that start with "muni", can hide a glued name.
    _GLUED = re.compile(rf"(?<![\w#@])(?=[#@]|(?i:muni)|[^\W_]*(?:_|\d))(?:{_WORD})")

    @classmethod
    def spans(cls, view: str, needles: re.Pattern | None) -> list[tuple[int, int]]:
        if needles is None:
            return []
        found = []
        for match in cls._GLUED.finditer(view):
            word = match.group()
            if word[:5].lower() == "munic":
                continue
            if needles.search(gz.fold(word).replace("_", "")):
                found.append(match.span())
        return found


class Redactor:
    """Compiled patterns for one entry; see the module docstring.

    ``names``: the entry's own places (masked in any case); ``people``: registered people and
    authorities; ``terms``: other words of the municipality (neighbourhoods, programmes);
    ``gazetteer``: every place of the territory; ``own_codes``: territory codes of the entry's own
    comuna, province and region (their ambiguous names are masked too); ``detect_people``: find
    people from the given-name and surname lists and the cue words.
    """

    def __init__(
        self,
        names: Iterable[str],
        people: Iterable[str | Sequence[str]] = (),
        *,
        terms: Iterable[str] = (),
        gazetteer: gz.Gazetteer | None = None,
        own_codes: Iterable[str] = (),
        detect_people: bool = True,
    ):
        name_loose, name_strict, person_loose, person_strict = [], [], [], []
        squashed, self.own_demonyms = set(), set()
        for name in names:
            if name and name.strip():
                loose, strict = _name_variants(name.strip())
                name_loose += loose
                name_strict += strict
                squashed |= _squashed_forms(name)
                self.own_demonyms |= gz.derived_demonyms(name)
        for term in terms:
            if term and term.strip():
                name_loose.append(phrase_pattern(term.strip()))
                if len(term.split()) > 1:
                    name_loose.append("".join(word_pattern(w) for w in term.split()))
                squashed |= _squashed_forms(term)
        for person in people:
            if person and (not isinstance(person, str) or person.strip()):
                loose, strict = _person_variants(person)
                person_loose += loose
                person_strict += strict
        self._patterns: list[re.Pattern] = [_EMAIL, _URL, _DOMAIN, _HANDLE, _RUT, _REGION_NUMBER]
        names_any = _alternation(name_loose + name_strict)
        if names_any:
            self._patterns.append(re.compile(rf"(?<!\w)(?:{_PREFIX})?(?:{names_any})(?!\w)"))
        people_any = _alternation(person_loose + person_strict)
        if people_any:
            self._patterns.append(re.compile(rf"(?<!\w)(?:{people_any})(?!\w)"))
        self._own_needles = (
            re.compile("|".join(re.escape(s) for s in sorted(squashed, key=len, reverse=True)))
            if squashed
            else None
        )
        self.gazetteer = gazetteer
        self.own_codes = frozenset(own_codes)
        self.people_finder = gz.PersonFinder() if detect_people else None

    def _view_spans(self, view: str) -> tuple[list[tuple[int, int]], list[gz.Token]]:
        found = [match.span() for pattern in self._patterns for match in pattern.finditer(view)]
        found += [match.span() for match in _PHONE_CANDIDATE.finditer(view) if _is_phone(view, match)]
        found += [
            match.span("number") for match in _PHONE_CUE.finditer(view) if _cued_phone(match.group("number"))
        ]
        found += [match.span() for match in _LOCAL_PHONE.finditer(view) if _is_local_phone(view, match)]
        found += _address_spans(view)
        found += _handle_spans(view)
        found += _Compounds.spans(view, self._own_needles)
        tokens = gz.tokenize(view)
        if self.own_demonyms:
            found += [(t.start, t.end) for t in tokens if t.key in self.own_demonyms]
        if self.gazetteer is not None:
            found += self.gazetteer.spans(tokens, own_codes=self.own_codes)
            found += _Compounds.spans(view, self.gazetteer.squashed)
        if self.people_finder is not None:
            found += self.people_finder.spans(tokens, view)
        return [span for span in found if span[1] > span[0]], tokens

    @staticmethod
    def _merge(view: str, found: list[tuple[int, int]], collapse: bool) -> list[tuple[int, int]]:
        merged: list[list[int]] = []
        for start, end in sorted(found):
            if merged and (start <= merged[-1][1] or (collapse and not view[merged[-1][1] : start].strip())):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(start, end) for start, end in merged]

    def spans(self, text: str, *, collapse: bool = True) -> list[tuple[int, int]]:
        """Sorted, non-overlapping (start, end) offsets in ``text`` of everything to mask."""
        if not text:
            return []
        normalised = normalise(text)
        found, _tokens = self._view_spans(normalised.text)
        return [
            normalised.to_original(start, end) for start, end in self._merge(normalised.text, found, collapse)
        ]

    def review(self, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(masked spans, suspicious kept spans), both as offsets in ``text``; see
        :func:`evaluacion.gazetteer.suspicious_spans`."""
        if not text:
            return [], []
        normalised = normalise(text)
        found, tokens = self._view_spans(normalised.text)
        masked = self._merge(normalised.text, found, False)
        suspicious = gz.suspicious_spans(normalised.text, tokens, masked)
        return (
            [normalised.to_original(s, e) for s, e in masked],
            [normalised.to_original(s, e) for s, e in suspicious],
        )

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


def _squashed_forms(name: str) -> set[str]:
    """Folded forms of a name glued inside a word: "laserena" (and "serena") for "La Serena"."""
    words = [gz.fold(w) for w in re.split(r"[\s\-_]+", name.strip()) if w]
    forms = set()
    if words and len("".join(words)) >= 5:
        forms.add("".join(words))
    if (
        len(words) > 1
        and words[0] in ARTICLES
        and len("".join(words[1:])) >= 6
        and " ".join(words[1:]) not in COMMON_REMAINDERS
    ):
        forms.add("".join(words[1:]))
    return {re.sub(r"[^a-z0-9]", "", f) for f in forms}


def _cued_phone(number: str) -> bool:
    return 6 <= len(re.sub(r"\D", "", number)) <= 15


def _is_local_phone(text: str, match: re.Match) -> bool:
    """ "220 6600": a seven-digit local number, unless it is an amount or a document number."""
    start, end = match.span()
    before = text[max(0, start - 12) : start]
    if _CURRENCY_BEFORE.search(before) or _NUMBER_LABEL_BEFORE.search(before):
        return False
    return not (_CURRENCY_AFTER.match(text, end) or _DOCUMENT_SUFFIX.match(text, end))


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
def _cached_redactor(
    names: tuple[str, ...],
    people: tuple,
    terms: tuple[str, ...],
    gazetteer,
    own_codes: frozenset,
    detect_people: bool,
) -> Redactor:
    return Redactor(
        names, people, terms=terms, gazetteer=gazetteer, own_codes=own_codes, detect_people=detect_people
    )


def _freeze_people(people: Iterable[str | Sequence[str]]) -> tuple:
    return tuple(person if isinstance(person, str) else tuple(person) for person in people)


def get_redactor(
    *,
    names: Iterable[str],
    people: Iterable[str | Sequence[str]] = (),
    terms: Iterable[str] = (),
    gazetteer: gz.Gazetteer | None = None,
    own_codes: Iterable[str] = (),
    detect_people: bool = True,
) -> Redactor:
    return _cached_redactor(
        tuple(names), _freeze_people(people), tuple(terms), gazetteer, frozenset(own_codes), detect_people
    )


def redact(
    text: str,
    *,
    names: Iterable[str],
    people: Iterable[str | Sequence[str]] = (),
    placeholder: str = DEFAULT_PLACEHOLDER,
    collapse: bool = True,
    **options,
) -> str:
    """Text with places, people, contacts and addresses replaced by ``placeholder``."""
    return get_redactor(names=names, people=people, **options).redact(
        text, placeholder=placeholder, collapse=collapse
    )


def find_spans(
    text: str,
    *,
    names: Iterable[str],
    people: Iterable[str | Sequence[str]] = (),
    collapse: bool = False,
    **options,
) -> list[tuple[int, int]]:
    """Offsets in ``text`` that :func:`redact` would mask."""
    return get_redactor(names=names, people=people, **options).spans(text, collapse=collapse)


def redact_fields(
    fields: Mapping[str, str | None],
    *,
    names: Iterable[str],
    people: Iterable[str | Sequence[str]] = (),
    placeholder: str = DEFAULT_PLACEHOLDER,
    **options,
) -> dict[str, str | None]:
    """Redact every text value of a mapping (e.g. the fields of an entry); ``None`` stays ``None``."""
    redactor = get_redactor(names=names, people=people, **options)
    return {
        key: value if value is None else redactor.redact(value, placeholder=placeholder)
        for key, value in fields.items()
    }


def segments(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, inside a span) pairs, for highlighting."""
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor:
            start = cursor
        if end <= start:
            continue
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces
