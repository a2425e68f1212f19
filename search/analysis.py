"""Spanish text analysis in Python, the same chain as the Elasticsearch analyzer of `search.documents`.

The embedded backend cannot run Elasticsearch's analyzers, so the same chain is applied here at
index time and at query time: Unicode word tokens → lowercase → accent folding → Spanish stop
words → Snowball Spanish stemmer (PyStemmer) → accent folding again.

Snowball conflates verb and noun forms of one root ("capacitar", "capacitación",
"capacitaciones" → "capacit"; "participar", "participativo" → "particip"). Folding runs *before*
the stemmer so that a query typed without accents meets the accented text; because the Snowball
version inside Lucene only knows the accented suffixes "-ación/-ución", the folded ending "-cion"
gets its accent back first (`_restore_suffix`). Both chains do exactly this, so the embedded index
and Elasticsearch produce the same terms (checked by tests/search/test_elasticsearch.py).
"""

import html
import re
import unicodedata
from collections import Counter
from functools import lru_cache

import Stemmer

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Frequent Spanish function words (accent-folded). Written for this project; it covers articles,
# prepositions, pronouns, conjunctions and the most common auxiliary forms. Elasticsearch gets the
# same list (search.documents), applied after folding as here.
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

# The folded suffix "cion" gets its accent back before stemming (Lucene's Snowball needs "ción").
SUFFIX_PATTERN = "cion$"
SUFFIX_REPLACEMENT = "ción"
_SUFFIX_RE = re.compile(SUFFIX_PATTERN)

# Private-use characters mark highlights inside raw text; they are swapped for <mark> only after
# the text has been HTML-escaped, so stored content can never inject markup.
MARK_START = "\ue000"
MARK_END = "\ue001"

_STEMMER = Stemmer.Stemmer("spanish")
_STEMMER.maxCacheSize = 50_000


def fold(text: str) -> str:
    """Lowercase and strip diacritics (á→a, ñ→n, ü→u), like `lowercase` + `asciifolding`."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """Snowball Spanish stem of an already folded word, folded again."""
    return fold(_STEMMER.stemWord(_SUFFIX_RE.sub(SUFFIX_REPLACEMENT, word)))


@lru_cache(maxsize=100_000)
def word_term(word: str) -> str:
    """The index term of one surface word ("" for a stop word). Cached: a library has a few
    tens of thousands of distinct words and highlighting asks for the same ones again and again."""
    folded = fold(word)
    if folded in STOP_WORDS:
        return ""
    return stem(folded)


def tokens(text: str) -> list[str]:
    """Folded word tokens, stop words included (positions matter for highlighting)."""
    return [fold(match.group()) for match in WORD_RE.finditer(text or "")]


def words(text: str) -> list[str]:
    """Folded words without stop words: what a query asks for before stemming."""
    return [token for token in tokens(text) if token not in STOP_WORDS]


def terms(text: str) -> list[str]:
    """Index/query terms: folded, without stop words, stemmed."""
    return [term for term in (word_term(match.group()) for match in WORD_RE.finditer(text or "")) if term]


def analyzed(text: str) -> str:
    """The text as the embedded index stores it: its terms separated by spaces."""
    return " ".join(terms(text))


def exact_words(*texts: str) -> str:
    """Folded words without stop words and without stemming: the `exact` column of the embedded
    index, which lets the exact form of a query word rank above other words of its root."""
    return " ".join(word for text in texts for word in words(text))


def distinctive_terms(text: str, *, limit: int = 12) -> list[str]:
    """The most repeated meaningful terms of a text, used to find related documents."""
    counts = Counter(term for term in terms(text) if len(term) >= 4 and not term.isdigit())
    return [
        term
        for term, _count in sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[
            :limit
        ]
    ]


def marked_to_html(text: str) -> str:
    """Escape text that carries MARK_START/MARK_END sentinels and turn them into <mark> tags."""
    escaped = html.escape(text or "", quote=True)
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def hit_positions(matches: list[re.Match], query_terms) -> list[int]:
    return [index for index, match in enumerate(matches) if word_term(match.group()) in query_terms]


def highlight(text: str, query_terms, *, max_words: int | None = None) -> str:
    """Mark the words of `text` whose analyzed form is one of `query_terms`.

    With `max_words`, return a fragment of about that many words around the best-matching region
    (with "…" where the text was cut). Returns text with sentinels; pass it to `marked_to_html`.
    """
    text = text or ""
    matches = list(WORD_RE.finditer(text))
    return _highlight(text, matches, hit_positions(matches, query_terms), max_words=max_words)


def _highlight(text: str, matches: list[re.Match], hits_at: list[int], *, max_words: int | None) -> str:
    start_word, end_word = 0, len(matches)
    cut = bool(max_words) and len(matches) > max_words
    if cut:
        if hits_at:
            # The window of max_words words that contains the most hits (two pointers).
            best_start, best_count, right = hits_at[0], 0, 0
            for left, first in enumerate(hits_at):
                right = max(right, left)
                while right < len(hits_at) and hits_at[right] < first + max_words:
                    right += 1
                if right - left > best_count:
                    best_start, best_count = first, right - left
            start_word = max(0, min(best_start - 3, len(matches) - max_words))
        end_word = min(len(matches), start_word + max_words)
    hits = set(hits_at)
    pieces = []
    cursor, stop = 0, len(text)
    if cut:
        cursor, stop = matches[start_word].start(), matches[end_word - 1].end()
    for index in range(start_word, end_word):
        if index in hits:
            match = matches[index]
            pieces.append(text[cursor : match.start()])
            pieces.append(f"{MARK_START}{match.group()}{MARK_END}")
            cursor = match.end()
    pieces.append(text[cursor:stop])
    fragment = "".join(pieces)
    if start_word > 0:
        fragment = "… " + fragment.lstrip()
    if end_word < len(matches):
        fragment = fragment.rstrip() + " …"
    return fragment


def snippet(texts: list[str], query_terms, *, max_words: int) -> str:
    """A fragment of the first text that contains a query term (else the start of the first
    non-empty text), highlighted. Each word is analyzed once (cached), only the shown window is
    rebuilt: this is what keeps a page of ten results around a millisecond."""
    first_nonempty = None
    for text in texts:
        if not text:
            continue
        matches = list(WORD_RE.finditer(text))
        if first_nonempty is None:
            first_nonempty = (text, matches)
        if query_terms:
            positions = hit_positions(matches, query_terms)
            if positions:
                return _highlight(text, matches, positions, max_words=max_words)
    if first_nonempty is None:
        return ""
    return _highlight(*first_nonempty, [], max_words=max_words)


def distinctive_words(text: str, *, limit: int = 12) -> list[str]:
    """Like `distinctive_terms` but returns one folded surface word per term (for PostgreSQL,
    which applies its own stemmer to the words it receives)."""
    surface: dict[str, str] = {}
    for token in tokens(text):
        if token not in STOP_WORDS:
            surface.setdefault(stem(token), token)
    return [surface[term] for term in distinctive_terms(text, limit=limit)]
