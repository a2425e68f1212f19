"""Typo tolerance: spelling corrections and typo-tolerant prefixes, from the index's own vocabulary.

The rule, the same on every backend (it is Elasticsearch's `fuzziness: "AUTO:4,8"`): a word of up to
3 letters is never corrected, one of 4 to 7 letters may differ by one edit, a longer one by two
(an edit is an inserted, deleted or replaced letter, counted on the accent-folded word, so a
missing accent costs nothing).

The embedded backend keeps its vocabulary in `SearchTerm` (one row per folded word with its document
count, written with every indexed page) and holds it in memory, reloaded when the index changes
(`IndexState.token`); candidates are found with RapidFuzz's Levenshtein distance. Elasticsearch
uses its term suggester and completion suggester with the same rule.
"""

from __future__ import annotations

import bisect
import threading
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from search import analysis

# Words shorter than this are not stored in the vocabulary (nor corrected, nor completed).
MIN_WORD_LENGTH = 3
# "¿Quiso decir …?" on a query that found few results: only when it found at most FEW_RESULTS and a
# word has a neighbour used in at least POPULAR_RATIO times as many documents as the query found.
FEW_RESULTS = 3
POPULAR_RATIO = 5


def max_edits(word: str) -> int:
    """Edits allowed for a word of this length: 0 up to 3 letters, 1 from 4 to 7, 2 from 8."""
    length = len(word)
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    return 2


def is_candidate_word(folded: str) -> bool:
    return len(folded) >= MIN_WORD_LENGTH and not folded.isdigit() and folded not in analysis.STOP_WORDS


def document_words(texts) -> set[str]:
    """The distinct lowercased (accented) words of one document that belong in the vocabulary."""
    found = set()
    for text in texts:
        if text:
            found.update(match.group().lower() for match in analysis.WORD_RE.finditer(text))
    return {word for word in found if is_candidate_word(analysis.fold(word))}


def vocabulary_counts(documents) -> tuple[Counter, dict[str, str]]:
    """Document counts per folded word, and the accented way each word is written (when any)."""
    counts: Counter = Counter()
    display: dict[str, str] = {}
    for words_of_document in documents:
        folded_seen = set()
        for word in words_of_document:
            folded = analysis.fold(word)
            if folded != word:
                display[folded] = word  # an accented spelling beats the folded one
            folded_seen.add(folded)
        counts.update(folded_seen)
    return counts, display


@dataclass
class Vocabulary:
    """The words of an index in memory: folded words sorted alphabetically, their counts, stems."""

    token: str = ""
    words: list[str] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    display: dict[str, str] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)  # word -> stem
    stem_documents: Counter = field(default_factory=Counter)  # stem -> sum of its words' counts
    position: dict[str, int] = field(default_factory=dict)
    _prefixes: dict[int, tuple[list[str], list[int]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_rows(cls, token: str, rows) -> Vocabulary:
        vocabulary = cls(token=token)
        for word, display, stem, documents in sorted(rows):
            vocabulary.position[word] = len(vocabulary.words)
            vocabulary.words.append(word)
            vocabulary.documents.append(documents)
            vocabulary.stems[word] = stem
            vocabulary.stem_documents[stem] += documents
            if display != word:
                vocabulary.display[word] = display
        return vocabulary

    def count(self, word: str) -> int:
        index = self.position.get(word)
        return self.documents[index] if index is not None else 0

    def knows(self, word: str) -> bool:
        """A word the index can match: itself, or another word with the same stem."""
        return word in self.position or analysis.stem(word) in self.stem_documents

    def written(self, word: str) -> str:
        return self.display.get(word, word)

    def closest(self, word: str, *, min_documents: int = 1) -> str | None:
        """The most used vocabulary word within the allowed edits of `word` (another stem), or None."""
        edits = max_edits(word)
        if not edits or not self.words:
            return None
        own_stem = analysis.stem(word)
        best = None
        for candidate, distance, index in process.extract(
            word, self.words, scorer=Levenshtein.distance, score_cutoff=edits, limit=20
        ):
            if self.stems[candidate] == own_stem or self.documents[index] < min_documents:
                continue
            key = (distance, -self.stem_documents[self.stems[candidate]], candidate)
            if best is None or key < best[0]:
                best = (key, candidate)
        return best[1] if best else None

    def completions(self, prefix: str, *, limit: int = 30) -> list[str]:
        """Vocabulary words starting with `prefix`, most used first."""
        start = bisect.bisect_left(self.words, prefix)
        end = bisect.bisect_left(self.words, prefix + "\uffff")
        found = range(start, end)
        if len(found) > limit:
            found = sorted(found, key=lambda index: -self.documents[index])[:limit]
        return [self.words[index] for index in found]

    def closest_prefix(self, prefix: str) -> str | None:
        """The prefix of vocabulary words closest to a typed prefix that matches none ("partis" →
        "partic"), within the allowed edits; the most used one on ties."""
        edits = max_edits(prefix)
        if not edits:
            return None
        length = len(prefix)
        with self._lock:
            if length not in self._prefixes:
                totals: Counter = Counter()
                for word, documents in zip(self.words, self.documents, strict=True):
                    if len(word) >= length:
                        totals[word[:length]] += documents
                self._prefixes[length] = (list(totals), list(totals.values()))
            prefixes, totals_list = self._prefixes[length]
        best = None
        for candidate, distance, index in process.extract(
            prefix, prefixes, scorer=Levenshtein.distance, score_cutoff=edits, limit=20
        ):
            key = (distance, -totals_list[index], candidate)
            if best is None or key < best[0]:
                best = (key, candidate)
        return best[1] if best else None


def replace_words(query: str, replacements: dict[str, str]) -> str:
    """The query with some words (matched by their folded form) replaced, everything else kept."""

    def swap(match):
        return replacements.get(analysis.fold(match.group()), match.group())

    return analysis.WORD_RE.sub(swap, query)


def correct(query: str, vocabulary: Vocabulary, *, total: int) -> str | None:
    """A corrected query, or None.

    With no results (`total == 0`) every word the index does not know is replaced by its closest
    known word. With a few results, a known but rare word is replaced when a neighbour is used
    in at least POPULAR_RATIO times more documents than the query found ("¿Quiso decir …?" only).
    """
    replacements = {}
    for word in analysis.words(query):
        if not is_candidate_word(word) or word in replacements:
            continue
        if total == 0:
            if vocabulary.knows(word):
                continue
            candidate = vocabulary.closest(word)
        else:
            if vocabulary.stem_documents[analysis.stem(word)] > FEW_RESULTS:
                continue  # a common word is not a typo, even if a neighbour is more common
            candidate = vocabulary.closest(word, min_documents=POPULAR_RATIO * max(1, total))
        if candidate:
            replacements[word] = vocabulary.written(candidate)
    if not replacements:
        return None
    return replace_words(query, replacements)
