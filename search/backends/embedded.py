"""Embedded search backend: no server, only the project's database.

Both databases index the terms of search/analysis.py (folding, stop words, Snowball Spanish), the
same chain as Elasticsearch. SQLite: FTS5 with BM25 and per-column weights, plus an `exact` column
of unstemmed words so the very word typed ranks first. PostgreSQL: a weighted tsvector of the same
terms ('simple' configuration), ts_rank, prefix tsqueries on unstemmed title words for autocomplete.
Highlighting: only the shown page, in Python with cached word analysis (search.analysis.snippet).
Queries pass through editors' synonyms (search.synonyms); spelling corrections and typo-tolerant
prefixes come from the vocabulary table kept at every write (search.spelling).
Facet counts come from the facet columns held in memory as numpy arrays (FacetColumns), each
applying every selected filter except the facet's own (multi-select facets).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

import numpy as np
from django.db import DatabaseError, connections, reset_queries, transaction

from search import analysis, spelling, synonyms
from search.backends.base import (
    FACETS,
    Hit,
    SearchBackend,
    SearchRequest,
    SearchResults,
    SearchUnavailable,
    Suggestion,
    build_facets,
    safe_html,
)
from search.entries import DocType, Entry
from search.models import IndexedDocument, IndexState, SearchTerm, load_synonym_groups

logger = logging.getLogger(__name__)

TABLE = IndexedDocument._meta.db_table
FTS_TABLE = "portal_search_fts"
TERM_TABLE = SearchTerm._meta.db_table
STEMMED_COLUMNS = "{title summary body keywords}"
# BM25 weights of the FTS5 columns: title, summary, body, facet names, exact words.
BM25_WEIGHTS = "4.0, 2.0, 1.0, 2.0, 2.0"
# How many of the best matches (by stem score) get the exact-word bonus.
EXACT_RERANK = 100
# PostgreSQL: the tsvector holds the terms of search.analysis (same chain as SQLite and
# Elasticsearch), weighted A (title), B (summary and facet names), C (text), and the unstemmed
# words of title, summary and facet names as D (the exact form typed ranks first); 'simple' only
# splits.
PG_VECTOR_UPDATE = (
    f"UPDATE {TABLE} SET search_vector = setweight(to_tsvector('simple', %s), 'A') || "
    f"setweight(to_tsvector('simple', %s), 'B') || setweight(to_tsvector('simple', %s), 'C') || "
    f"setweight(to_tsvector('simple', %s), 'D') WHERE page_id = %s"
)
FACET_COLUMNS = {
    "type": "doc_type",
    "category": "category",
    "region": "region",
    "comuna": "comuna",
    "year": "year",
    "level": "level",
}
HIT_COLUMNS = "d.page_id, d.doc_type, d.title, d.url, d.summary, d.body, d.category, d.region, d.comuna, d.year, d.level, d.date"
SNIPPET_WORDS = 35
UPDATE_FIELDS = [f.name for f in IndexedDocument._meta.concrete_fields if f.name != "page_id"]


def _json_ids(ids: np.ndarray) -> str:
    """Page ids as a JSON array, read in SQL with json_each (one parameter for any number of ids)."""
    return "[" + ",".join(map(str, ids.tolist())) + "]"


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _record(entry: Entry) -> IndexedDocument:
    return IndexedDocument(
        page_id=entry.page_id,
        doc_type=entry.doc_type,
        title=entry.title[:500],
        url=entry.url[:500],
        summary=entry.summary,
        body=entry.body,
        keywords=entry.keywords,
        category=entry.category[:120],
        region=entry.region[:120],
        comuna=entry.comuna[:120],
        municipality=entry.municipality[:160],
        year=entry.year,
        level=entry.level,
        date=entry.date,
    )


@dataclass
class FacetColumns:
    """The facet columns of the whole index as numpy arrays, one entry per document.

    Counting facets for a query is then a few vectorised operations over the matching documents
    instead of one GROUP BY per facet, which keeps a page of results under 100 ms at 100,000
    practices (see bench/RESULTS.md). Reloaded when IndexState.token changes.
    """

    token: str
    ids: np.ndarray  # page ids, ascending
    dates: np.ndarray  # days since an epoch, 0 when unknown (sorts last when newest first)
    codes: dict[str, np.ndarray]  # facet -> value code per document, -1 when empty
    values: dict[str, list[str]]  # facet -> code -> value
    lookup: dict[str, dict[str, int]]  # facet -> value -> code


_COLUMNS: dict[tuple[str, str], FacetColumns] = {}
_COLUMNS_LOCK = threading.Lock()
_VOCABULARIES: dict[tuple[str, str], spelling.Vocabulary] = {}
_SYNONYMS: dict[tuple[str, str], tuple[str, list]] = {}


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, using: str = "default"):
        self.using = using

    @property
    def connection(self):
        return connections[self.using]

    @property
    def is_postgres(self) -> bool:
        return self.connection.vendor == "postgresql"

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc

    # -- health -------------------------------------------------------------------------------

    def ping(self) -> None:
        self._fetch(f"SELECT 1 FROM {TABLE} LIMIT 1", [])
        if not self.is_postgres:
            self._fetch(f"SELECT rowid FROM {FTS_TABLE} LIMIT 1", [])

    # -- writes -------------------------------------------------------------------------------

    def _write(self, entries: list[Entry]) -> None:
        self._bump()
        ids = [entry.page_id for entry in entries]
        placeholders = ", ".join(["%s"] * len(ids))
        with self.connection.cursor() as cursor:
            # The vocabulary forgets the words of the versions being replaced...
            cursor.execute(
                f"SELECT title, summary, body, keywords FROM {TABLE} WHERE page_id IN ({placeholders})", ids
            )
            old_words = [spelling.document_words(row) for row in cursor.fetchall()]
        self._count_words(old_words, sign=-1)
        IndexedDocument.objects.using(self.using).bulk_create(
            [_record(entry) for entry in entries],
            update_conflicts=True,
            unique_fields=["page_id"],
            update_fields=UPDATE_FIELDS,
        )
        # ... and learns the words of the new ones.
        self._count_words(
            [
                spelling.document_words((entry.title, entry.summary, entry.body, entry.keywords))
                for entry in entries
            ],
            sign=1,
        )
        if self.is_postgres:
            with self.connection.cursor() as cursor:
                cursor.executemany(
                    PG_VECTOR_UPDATE,
                    [
                        (
                            analysis.analyzed(entry.title),
                            f"{analysis.analyzed(entry.summary)} {analysis.analyzed(entry.keywords)}",
                            analysis.analyzed(entry.body),
                            analysis.exact_words(entry.title, entry.summary, entry.keywords),
                            entry.page_id,
                        )
                        for entry in entries
                    ],
                )
        else:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", ids)
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, keywords, exact) "
                    f"VALUES (%s, %s, %s, %s, %s, %s)",
                    [
                        (
                            entry.page_id,
                            analysis.analyzed(entry.title),
                            analysis.analyzed(entry.summary),
                            analysis.analyzed(entry.body),
                            analysis.analyzed(entry.keywords),
                            analysis.exact_words(entry.title, entry.summary, entry.keywords),
                        )
                        for entry in entries
                    ],
                )

    def _count_words(self, documents: list[set[str]], *, sign: int) -> None:
        """Add (sign=1) or remove (sign=-1) documents' words to the vocabulary table."""
        counts, display = spelling.vocabulary_counts(documents)
        if not counts:
            return
        rows = [
            (word, display.get(word, word)[:100], analysis.stem(word)[:100], sign * count)
            for word, count in counts.items()
            if len(word) <= 100
        ]
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TERM_TABLE} (word, display, stem, documents) VALUES (%s, %s, %s, %s) "
                f"ON CONFLICT (word) DO UPDATE SET documents = {TERM_TABLE}.documents + excluded.documents, "
                f"display = CASE WHEN excluded.display <> excluded.word THEN excluded.display ELSE {TERM_TABLE}.display END",
                rows,
            )
            if sign < 0:
                cursor.execute(f"DELETE FROM {TERM_TABLE} WHERE documents <= 0")

    def index_entries(self, entries: Iterable[Entry], *, chunk_size: int = 500) -> int:
        count = 0
        try:
            for chunk in _chunks(entries, chunk_size):
                with transaction.atomic(using=self.using):
                    self._write(chunk)
                count += len(chunk)
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc
        return count

    def delete(self, page_ids: Iterable[int]) -> None:
        ids = list(page_ids)
        if not ids:
            return
        try:
            with transaction.atomic(using=self.using):
                documents = IndexedDocument.objects.using(self.using).filter(page_id__in=ids)
                self._count_words(
                    [
                        spelling.document_words(row)
                        for row in documents.values_list("title", "summary", "body", "keywords")
                    ],
                    sign=-1,
                )
                documents.delete()
                self._bump()
                if not self.is_postgres:
                    with self.connection.cursor() as cursor:
                        cursor.execute(
                            f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids
                        )
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc

    def clear(self) -> None:
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self._bump()
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(f"DELETE FROM {TERM_TABLE}")
            if not self.is_postgres:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")

    def rebuild(
        self,
        entries: Iterable[Entry],
        *,
        chunk_size: int = 500,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """One transaction: readers keep seeing the old index until the new one commits."""
        count = 0
        try:
            with transaction.atomic(using=self.using):
                self.clear()
                for chunk in _chunks(entries, chunk_size):
                    self._write(chunk)
                    # With DEBUG on, Django keeps the SQL of every query (each bulk insert holds a
                    # whole chunk of text): drop it so memory stays flat over 100,000 documents.
                    reset_queries()
                    count += len(chunk)
                    if progress:
                        progress(len(chunk))
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc
        return count

    def indexed_ids(self) -> set[int]:
        return set(IndexedDocument.objects.using(self.using).values_list("page_id", flat=True))

    # -- reads --------------------------------------------------------------------------------

    def _bump(self) -> None:
        IndexState.objects.using(self.using).update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})

    def search(self, request: SearchRequest) -> SearchResults:
        # One search (with its possible retry) reads the index token once: one snapshot of the
        # caches, and one query less per step.
        self._search_token = self._read_token()
        try:
            return super().search(request)
        finally:
            self._search_token = None

    def _read_token(self) -> str:
        rows = self._fetch(f"SELECT token FROM {IndexState._meta.db_table} WHERE id = 1", [])
        return rows[0][0] if rows else ""

    def _token(self) -> str:
        return getattr(self, "_search_token", None) or self._read_token()

    def _key(self) -> tuple[str, str]:
        return (self.using, str(self.connection.settings_dict.get("NAME")))

    def vocabulary(self) -> spelling.Vocabulary:
        """The index's words in memory, reloaded when the index changes."""
        token = self._token()
        cached = _VOCABULARIES.get(self._key())
        if cached is not None and cached.token == token:
            return cached
        rows = self._fetch(f"SELECT word, display, stem, documents FROM {TERM_TABLE} WHERE documents > 0", [])
        vocabulary = spelling.Vocabulary.from_rows(token, rows)
        _VOCABULARIES[self._key()] = vocabulary
        return vocabulary

    def correction(self, query: str, *, total: int) -> str | None:
        return spelling.correct(query, self.vocabulary(), total=total)

    def _clauses(self, text: str, token: str | None = None) -> list[synonyms.Clause]:
        if not analysis.words(text):
            return []
        # Synonym groups are cached with the index token, which every change of a group bumps too
        # (search.signals): no query per search, and an editor's change counts from the next one.
        token = self._token() if token is None else token
        cached = _SYNONYMS.get(self._key())
        if cached is None or cached[0] != token:
            cached = (token, load_synonym_groups(self.using))
            _SYNONYMS[self._key()] = cached
        return synonyms.clauses(text, cached[1])

    def bump(self) -> None:
        """Tell every process that the index (or its synonyms) changed."""
        self._bump()

    def _columns(self) -> FacetColumns:
        token = self._token()
        key = self._key()
        cached = _COLUMNS.get(key)
        if cached is not None and cached.token == token:
            return cached
        with _COLUMNS_LOCK:
            day = "(d.date - DATE '0001-01-01')" if self.is_postgres else "CAST(julianday(d.date) AS INTEGER)"
            names = FACETS
            sql = (
                f"SELECT d.page_id, COALESCE({day}, 0), "
                + ", ".join(f"d.{FACET_COLUMNS[name]}" for name in names)
                + f" FROM {TABLE} d ORDER BY d.page_id"
            )
            ids_list, dates_list = [], []
            code_lists: dict[str, list[int]] = {name: [] for name in names}
            lookup: dict[str, dict[str, int]] = {name: {} for name in names}
            try:
                with self.connection.cursor() as cursor:
                    cursor.execute(sql)
                    # Streamed in batches: never all rows as Python tuples at once.
                    while batch := cursor.fetchmany(5000):
                        for row in batch:
                            ids_list.append(row[0])
                            dates_list.append(row[1])
                            for offset, name in enumerate(names, start=2):
                                value = row[offset]
                                if value is None or value == "":
                                    code_lists[name].append(-1)
                                else:
                                    index = lookup[name]
                                    code_lists[name].append(index.setdefault(str(value), len(index)))
            except DatabaseError as exc:
                raise SearchUnavailable(str(exc)) from exc
            ids = np.array(ids_list, dtype=np.int64)
            dates = np.array(dates_list, dtype=np.int64)
            codes = {name: np.array(code_lists[name], dtype=np.int32) for name in names}
            values = {name: list(lookup[name]) for name in names}
            columns = FacetColumns(token, ids, dates, codes, values, lookup)
            _COLUMNS[key] = columns
            return columns

    @staticmethod
    def _fts_match(query_clauses: list[synonyms.Clause]) -> str:
        """FTS5 MATCH text: clauses joined by AND, alternatives by OR, an expression as a phrase
        of stems in the analyzed columns."""
        parts = []
        for clause in query_clauses:
            alternatives = [
                f'"{" ".join(analysis.stem(word) for word in alternative)}"' for alternative in clause
            ]
            parts.append("(" + " OR ".join(alternatives) + ")")
        return f"{STEMMED_COLUMNS} : (" + " AND ".join(parts) + ")"

    def _ranked(
        self,
        chosen_ids: np.ndarray,
        every_match: bool,
        query_clauses: list[synonyms.Clause],
        keep: int,
        dates,
    ) -> np.ndarray:
        """SQLite: the first `keep` page ids of the ranking of the chosen documents.

        The ranking: the best EXACT_RERANK documents by BM25 over the stems (ties: highest id),
        ordered by that score plus the exact-word bonus (see _exact_bonus; ties: newest date, then
        highest id), followed by the others in stem-score order. The same order whatever page is
        asked for, so paging never repeats or skips a document.

        The match that found the documents read no scores (ids only: BM25 reads the size of every
        column of every row it scores); scores are computed here only for the chosen documents
        (the ones that pass the facet filters), inside SQLite, which keeps only the best `keep`.
        The chosen ids reach SQLite as one JSON array (json_each) instead of one parameter each,
        and `+rowid` keeps FTS5 from turning the list into one index seek per id.
        """
        sql = f"SELECT rowid, -bm25({FTS_TABLE}, {BM25_WEIGHTS}) AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        params: list = [self._fts_match(query_clauses)]
        if not every_match:
            sql += " AND +rowid IN (SELECT value FROM json_each(%s))"
            params.append(_json_ids(chosen_ids))
        rows = self._fetch(
            sql + " ORDER BY score DESC, rowid DESC LIMIT %s", [*params, max(keep, EXACT_RERANK)]
        )
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        scores = np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows))
        head_ids = ids[:EXACT_RERANK]
        head_scores = self._exact_bonus(head_ids, scores[:EXACT_RERANK], query_clauses)
        head = np.lexsort((-head_ids, -dates(head_ids), -head_scores))
        return np.concatenate([head_ids[head], ids[EXACT_RERANK:keep]])

    def _exact_bonus(self, ids: np.ndarray, scores: np.ndarray, query_clauses) -> np.ndarray:
        """Scores plus the BM25 of the exact words typed in the `exact` column, so the very word
        typed ranks above other words of its root. Only for the best EXACT_RERANK documents by
        their stem score (see _ranked): a second, small FTS5 query instead of doubling the posting
        lists every match reads."""
        words = {word for clause in query_clauses for alternative in clause for word in alternative}
        if not words or not len(ids):
            return scores
        rows = self._fetch(
            f"SELECT rowid, -bm25({FTS_TABLE}, {BM25_WEIGHTS}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND +rowid IN (SELECT value FROM json_each(%s))",
            ["exact : (" + " OR ".join(f'"{word}"' for word in sorted(words)) + ")", _json_ids(ids)],
        )
        if not rows:
            return scores
        bonus = dict(rows)
        return scores + np.fromiter(
            (bonus.get(int(page_id), 0.0) for page_id in ids), dtype=np.float64, count=len(ids)
        )

    @staticmethod
    def _tsquery(query_clauses: list[synonyms.Clause]) -> str:
        """to_tsquery('simple') text over stems: & between clauses, | between alternatives, <->
        inside an expression; each expression also as its exact words (weight D), which never
        changes what matches (exact words imply their stems) but adds to ts_rank."""
        parts = []
        for clause in query_clauses:
            alternatives = []
            for alternative in clause:
                alternatives.append(" <-> ".join(f"'{analysis.stem(word)}'" for word in alternative))
                alternatives.append(" <-> ".join(f"'{word}'" for word in alternative))
            parts.append(
                alternatives[0]
                if len(alternatives) == 1
                else "(" + " | ".join(f"({a})" for a in alternatives) + ")"
            )
        return " & ".join(parts)

    def _matches(self, query_clauses: list[synonyms.Clause]) -> tuple[np.ndarray, np.ndarray] | None:
        """Page ids matching every clause, ascending, with zero scores (ranking comes later, only
        for the documents that pass the facet filters: _ranked, _pg_scores); None = all."""
        if not query_clauses:
            return None
        if self.is_postgres:
            # Only ids here: ranking reads every matching tsvector, so it is done later and only
            # for the documents that pass the facet filters (see _pg_scores).
            rows = self._fetch(
                f"SELECT d.page_id, 0 FROM {TABLE} d CROSS JOIN to_tsquery('simple', %s) q "
                f"WHERE d.search_vector @@ q",
                [self._tsquery(query_clauses)],
            )
        else:
            # Only ids: scoring every match is what made a search at 100,000 practices slow;
            # _ranked scores only the documents that pass the facet filters. The ids come back as
            # one string of 16-digit hexadecimal numbers instead of one Python tuple per match
            # (tens of thousands for a common word), decoded by bytes.fromhex + numpy.
            rows = self._fetch(
                f"SELECT group_concat(printf('%%016x', rowid), '') FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [self._fts_match(query_clauses)],
            )
            ids = np.sort(np.frombuffer(bytes.fromhex(rows[0][0] or ""), dtype=">i8").astype(np.int64))
            return ids, np.zeros(len(ids))
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        return ids, np.zeros(len(ids))

    def _pg_scores(self, page_ids: np.ndarray, tsquery: str) -> np.ndarray:
        rows = self._fetch(
            f"SELECT d.page_id, ts_rank(d.search_vector, to_tsquery('simple', %s)) FROM {TABLE} d "
            f"WHERE d.page_id = ANY(%s)",
            [tsquery, [int(page_id) for page_id in page_ids]],
        )
        rank = dict(rows)
        return np.fromiter(
            (rank.get(int(page_id), 0.0) for page_id in page_ids), dtype=np.float64, count=len(page_ids)
        )

    def run_search(self, request: SearchRequest) -> SearchResults:
        columns = self._columns()
        filters = request.active_filters()
        query_clauses = self._clauses(request.query, columns.token)
        matches = self._matches(query_clauses)
        if matches is None:
            positions = np.arange(len(columns.ids))
            scores = np.zeros(len(columns.ids))
        elif not len(columns.ids):
            positions, scores = np.zeros(0, dtype=np.int64), np.zeros(0)
        else:
            ids, scores = matches
            positions = np.searchsorted(columns.ids, ids)
            # A document written after the columns were loaded is skipped until the next reload.
            known = (positions < len(columns.ids)) & (
                columns.ids[np.minimum(positions, len(columns.ids) - 1)] == ids
            )
            positions, scores = positions[known], scores[known]

        masks = {}
        for name, selected in filters.items():
            wanted = [columns.lookup[name][value] for value in selected if value in columns.lookup[name]]
            masks[name] = np.isin(columns.codes[name][positions], wanted)
        everything = np.ones(len(positions), dtype=bool)

        def combined(skip=None):
            mask = everything
            for name, facet_mask in masks.items():
                if name != skip:
                    mask = mask & facet_mask
            return mask

        raw_facets: dict[str, dict[str, int]] = {}
        for name in FACETS:
            facet_codes = columns.codes[name][positions][combined(skip=name)]
            counts = np.bincount(facet_codes[facet_codes >= 0], minlength=len(columns.values[name]))
            raw_facets[name] = {columns.values[name][code]: int(n) for code, n in enumerate(counts) if n}

        selected = combined()
        chosen, chosen_scores = positions[selected], scores[selected]
        chosen_ids, chosen_dates = columns.ids[chosen], columns.dates[chosen]
        if request.sort == "newest" or matches is None:
            order = np.lexsort((-chosen_ids, -chosen_dates))
        elif not self.is_postgres and len(chosen_ids):
            # Top k in SQLite: only the pages up to the one shown (at least EXACT_RERANK
            # documents) are scored to the end, already in their final order.
            every_match = len(chosen_ids) == len(matches[0])
            chosen_ids = self._ranked(
                chosen_ids,
                every_match,
                query_clauses,
                request.offset + request.per_page,
                lambda ids: columns.dates[np.searchsorted(columns.ids, ids)],
            )
            order = np.arange(len(chosen_ids))
        else:
            if self.is_postgres and len(chosen_ids):
                chosen_scores = self._pg_scores(chosen_ids, self._tsquery(query_clauses))
            order = np.lexsort((-chosen_ids, -chosen_dates, -chosen_scores))
        page_ids = [
            int(page_id) for page_id in chosen_ids[order[request.offset : request.offset + request.per_page]]
        ]
        rows = []
        if page_ids:
            found = self._fetch(
                f"SELECT {HIT_COLUMNS} FROM {TABLE} d WHERE d.page_id IN ({', '.join(['%s'] * len(page_ids))})",
                page_ids,
            )
            by_id = {row[0]: row for row in found}
            rows = [by_id[page_id] for page_id in page_ids if page_id in by_id]
        return SearchResults(
            hits=self._hits(rows, query_clauses),
            total=int(selected.sum()),
            facets=build_facets(request, raw_facets),
            page=request.page,
            per_page=request.per_page,
            backend=self.name,
        )

    def _hits(self, rows: list[tuple], query_clauses: list[synonyms.Clause]) -> list[Hit]:
        query_terms = synonyms.clause_terms(query_clauses)
        hits = []
        for page_id, doc_type, title, url, summary, body, category, region, comuna, year, level, date in rows:
            # Only the shown page is highlighted, each word analyzed once (cached), and only the
            # fragment shown is rebuilt: about 0.1 ms per hit (see bench/RESULTS.md).
            title_marked = analysis.highlight(title, query_terms)
            snippet_marked = analysis.snippet([summary, body], query_terms, max_words=SNIPPET_WORDS)
            hits.append(
                Hit(
                    page_id=page_id,
                    doc_type=doc_type,
                    title=title,
                    url=url,
                    title_html=safe_html(title_marked),
                    snippet_html=safe_html(snippet_marked),
                    category=category,
                    region=region,
                    comuna=comuna,
                    year=year,
                    level=level,
                    date=date,
                )
            )
        return hits

    def suggest(self, text: str, *, limit: int = 8) -> list[Suggestion]:
        """Titles for what is being typed: every word complete, the last one a prefix of a title word.
        When the prefix starts no word of the index, the closest prefix within the allowed edits is
        used instead ("partis" → "partic…")."""
        typed = analysis.tokens(text)
        if not typed or len(text.strip()) < 2:
            return []
        *complete, last = typed
        complete = [word for word in complete if word not in analysis.STOP_WORDS]
        rows = self._suggest_rows(complete, last, limit)
        if not rows and len(last) >= 4:
            closer = self.vocabulary().closest_prefix(last)
            if closer and closer != last:
                rows = self._suggest_rows(complete, closer, limit)
        seen, suggestions = set(), []
        for title, url, doc_type in rows:
            if title not in seen:
                seen.add(title)
                suggestions.append(Suggestion(text=title, url=url, doc_type=doc_type))
        return suggestions

    def _suggest_rows(self, complete: list[str], last: str, limit: int) -> list[tuple]:
        if self.is_postgres:
            # Whole folded words (es_prefix), never stems: a prefix longer than a stem must still match.
            tsquery = " & ".join([f"{word}:*" for word in complete] + [f"{last}:*"])
            return self._fetch(
                f"SELECT d.title, d.url, d.doc_type FROM {TABLE} d "
                f"WHERE to_tsvector('es_prefix', d.title) @@ to_tsquery('es_prefix', %s) "
                f"ORDER BY (d.doc_type = %s) DESC, ts_rank(to_tsvector('es_prefix', d.title), to_tsquery('es_prefix', %s)) DESC, "
                f"d.title LIMIT %s",
                [tsquery, DocType.PRACTICE, tsquery, limit],
            )
        # The index holds stems, and a typed prefix can be longer than the stem of the word it
        # starts ("municipalis" → "municipalismo" → "municipal"): complete the prefix to whole
        # words of the vocabulary first, then match their stems in the titles.
        if last in analysis.STOP_WORDS and not complete:
            return []
        stems = sorted({analysis.stem(word) for word in self.vocabulary().completions(last)})
        if not stems and last not in analysis.STOP_WORDS:
            stems = [analysis.stem(last)]
        words = [f'"{analysis.stem(word)}"' for word in complete]
        if stems:
            words.append("(" + " OR ".join(f'"{stem}"' for stem in stems) + ")")
        if not words:
            return []
        match = "title : (" + " ".join(words) + ")"
        return self._fetch(
            f"SELECT d.title, d.url, d.doc_type FROM {TABLE} d JOIN "
            f"(SELECT rowid AS rid, rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) m ON m.rid = d.page_id "
            f"ORDER BY (d.doc_type = %s) DESC, m.rank, d.title LIMIT %s",
            [match, DocType.PRACTICE, limit],
        )

    def related(self, page_id: int, *, limit: int = 4) -> list[int]:
        rows = self._fetch(
            f"SELECT title, summary, keywords, category FROM {TABLE} WHERE page_id = %s", [page_id]
        )
        if not rows:
            return []
        title, summary, keywords, category = rows[0]
        source_text = f"{title} {title} {summary} {keywords}"
        if self.is_postgres:
            stems = analysis.distinctive_terms(source_text)
            if not stems:
                return []
            rows = self._fetch(
                f"SELECT d.page_id FROM {TABLE} d CROSS JOIN to_tsquery('simple', %s) q "
                f"WHERE d.search_vector @@ q AND d.doc_type = %s AND d.page_id <> %s "
                f"ORDER BY ts_rank(d.search_vector, q) * (CASE WHEN d.category = %s THEN 1.5 ELSE 1 END) DESC, d.page_id "
                f"LIMIT %s",
                [" | ".join(f"'{stem}'" for stem in stems), DocType.PRACTICE, page_id, category, limit],
            )
        else:
            stems = analysis.distinctive_terms(source_text)
            if not stems:
                return []
            match = f"{STEMMED_COLUMNS} : (" + " OR ".join(f'"{stem}"' for stem in stems) + ")"
            rows = self._fetch(
                f"SELECT d.page_id FROM {TABLE} d JOIN "
                f"(SELECT rowid AS rid, bm25({FTS_TABLE}, {BM25_WEIGHTS}) AS rank FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s) m ON m.rid = d.page_id "
                f"WHERE d.doc_type = %s AND d.page_id <> %s "
                f"ORDER BY m.rank * (CASE WHEN d.category = %s THEN 1.5 ELSE 1 END), d.page_id LIMIT %s",
                [match, DocType.PRACTICE, page_id, category, limit],
            )
        return [row[0] for row in rows]
