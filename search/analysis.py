"""Spanish text analysis in Python, mirroring the Elasticsearch analyzer of `search.documents`.

The embedded backend on SQLite cannot run Elasticsearch's analyzers, so the same chain is applied
here at index time and at query time: Unicode word tokens → lowercase → accent folding → Spanish
stop words → light Spanish stemmer. The stemmer follows the published "light" algorithm for
Spanish (Savoy's, the one behind Elasticsearch's `light_spanish`): it only removes the final
gender/number vowel and plural endings, so "escuelas" and "escuela" both become "escuel" and
"participaciones" becomes "participacion", while verbs and derived nouns keep their own stems.
"""

import html
import re
import unicodedata
from collections import Counter

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Frequent Spanish function words (accent-folded). Written for this project; it covers articles,
# prepositions, pronouns, conjunctions and the most common auxiliary forms.
_STOP_WORDS_TEXT = """
    a al algo algun alguna algunas alguno algunos ante antes aquel aquella aquellas aquellos aqui
    asi aun cada como con contra cual cuales cuando cuanto de del desde donde dos durante e el ella
    ellas ello ellos en entre era eran eres es esa esas ese eso esos esta estaba estaban estamos
    estan estar estas este esto estos fue fueron ha habia han hasta hay la las le les lo los mas me
    mi mis mucho muchos muy nada ni no nos nosotras nosotros o otra otras otro otros para pero poco
    por porque que quien quienes se sea sean ser si sido sin sobre sois somos son su sus tambien
    tanto te ti tiene tienen todo todos tu tus u un una unas uno unos vosotros y ya yo
    """
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Private-use characters mark highlights inside raw text; they are swapped for <mark> only after
# the text has been HTML-escaped, so stored content can never inject markup.
MARK_START = "\ue000"
MARK_END = "\ue001"


def fold(text: str) -> str:
    """Lowercase and strip diacritics (á→a, ñ→n, ü→u), like `lowercase` + `asciifolding`."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def light_stem(word: str) -> str:
    """Light Spanish stemmer on an already folded word."""
    n = len(word)
    if n < 5:
        return word
    last = word[-1]
    if last in "aoe":
        return word[:-1]
    if last == "s":
        if word.endswith("eses"):
            return word[:-2]  # intereses → interes
        if word.endswith("ces"):
            return word[:-3] + "z"  # luces → luz, capacidades stays below
        if word[-2] in "aoe":
            return word[:-2]
    return word


def tokens(text: str) -> list[str]:
    """Folded word tokens, stop words included (positions matter for highlighting)."""
    return [fold(match.group()) for match in WORD_RE.finditer(text or "")]


def terms(text: str) -> list[str]:
    """Index/query terms: folded, without stop words, stemmed."""
    return [light_stem(token) for token in tokens(text) if token not in STOP_WORDS]


def analyzed(text: str) -> str:
    """The text as the embedded index stores it: its terms separated by spaces."""
    return " ".join(terms(text))


def distinctive_terms(text: str, *, limit: int = 12) -> list[str]:
    """The most repeated meaningful terms of a text, used to find related documents."""
    counts = Counter(term for term in terms(text) if len(term) >= 4 and not term.isdigit())
    return [term for term, _count in sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[:limit]]


def marked_to_html(text: str) -> str:
    """Escape text that carries MARK_START/MARK_END sentinels and turn them into <mark> tags."""
    escaped = html.escape(text or "", quote=True)
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def highlight(text: str, query_terms: set[str], *, max_words: int | None = None) -> str:
    """Mark the words of `text` whose analyzed form is one of `query_terms`.

    With `max_words`, return a fragment of about that many words around the best-matching region
    (with "…" where the text was cut). Returns text with sentinels; pass it to `marked_to_html`.
    """
    text = text or ""
    matches = list(WORD_RE.finditer(text))
    hit_positions = [
        index for index, match in enumerate(matches) if light_stem(fold(match.group())) in query_terms
    ]
    start_word, end_word = 0, len(matches)
    if max_words and len(matches) > max_words:
        if hit_positions:
            # The window of max_words words that contains the most hits.
            best_start, best_count = hit_positions[0], 0
            for first in hit_positions:
                count = sum(1 for position in hit_positions if first <= position < first + max_words)
                if count > best_count:
                    best_start, best_count = first, count
            start_word = max(0, min(best_start - 3, len(matches) - max_words))
        end_word = min(len(matches), start_word + max_words)
    hits = set(hit_positions)
    pieces = []
    cursor = matches[start_word].start() if matches and start_word < len(matches) else 0
    stop = matches[end_word - 1].end() if matches and end_word > 0 else len(text)
    if not max_words or len(matches) <= (max_words or 0):
        cursor, stop = 0, len(text)
    for index in range(start_word, end_word):
        match = matches[index]
        pieces.append(text[cursor : match.start()])
        if index in hits:
            pieces.append(f"{MARK_START}{match.group()}{MARK_END}")
        else:
            pieces.append(match.group())
        cursor = match.end()
    pieces.append(text[cursor:stop])
    fragment = "".join(pieces)
    if start_word > 0:
        fragment = "… " + fragment.lstrip()
    if end_word < len(matches):
        fragment = fragment.rstrip() + " …"
    return fragment


def distinctive_words(text: str, *, limit: int = 12) -> list[str]:
    """Like `distinctive_terms` but returns one folded surface word per term (for PostgreSQL,
    which applies its own stemmer to the words it receives)."""
    surface: dict[str, str] = {}
    for token in tokens(text):
        if token not in STOP_WORDS:
            surface.setdefault(light_stem(token), token)
    return [surface[term] for term in distinctive_terms(text, limit=limit)]
