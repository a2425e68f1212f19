"""Elasticsearch backend (Elasticsearch 8/9 API) on top of `search.documents`.

Readers and writers go through the alias `<ELASTICSEARCH_INDEX_PREFIX>-content`. A rebuild loads
a new timestamped index with the streaming bulk helper and then moves the alias in one atomic
`update_aliases` call before deleting the old index, so searches never see an empty index.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable

from django.db import DatabaseError
from django.utils import timezone
from elastic_transport import TransportError
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from rapidfuzz.distance import Levenshtein

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
from search.documents import TEXT_FIELDS, WORD_FIELDS, PortalFacetedSearch, SearchDocument, content_index
from search.entries import DocType, Entry
from search.models import SearchTerm, load_synonym_groups

logger = logging.getLogger(__name__)

ERRORS = (TransportError, es_exceptions.ApiError, es_exceptions.TransportError, ConnectionError)

# After a failed read the server is not asked again for this long: the pages fall back at once
# instead of each waiting for the read timeout.
RETRY_AFTER = 15.0


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, *, prefix: str = "portal", timeout: float = 5.0, read_timeout: float = 0.8):
        self.url = url
        self.prefix = prefix
        self.alias = f"{prefix}-content"
        # Few retries and a short timeout: publishing must not hang when the server is down;
        # the Celery task retries later with backoff.
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)
        # What a page waits for (searches, suggestions, related practices, the health check): one
        # attempt, ``read_timeout`` seconds, then the caller falls back to the embedded index. A
        # server that accepts connections and never answers costs one timeout, not one per call.
        self.reader = self.client.options(request_timeout=read_timeout, max_retries=0, retry_on_timeout=False)
        self._index_ready = False
        self._down_until = 0.0

    def _reading(self):
        """The read client, or SearchUnavailable at once while the server is known to be down."""
        if time.monotonic() < self._down_until:
            raise SearchUnavailable("servidor de búsqueda sin respuesta hace poco; se usa el índice local")
        return self.reader

    def _read_failed(self, exc: BaseException) -> SearchUnavailable:
        self._down_until = time.monotonic() + RETRY_AFTER
        self._index_ready = False
        return SearchUnavailable(str(exc))

    # -- index management -----------------------------------------------------------------------

    def _new_index_name(self) -> str:
        return f"{self.alias}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"

    def _alias_targets(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return list(self.client.indices.get_alias(name=self.alias).keys())

    def ensure_index(self, client=None) -> None:
        """Create the first index and its alias if there is none yet.

        Reads pass their short-timeout ``client`` and ask only once per process; writes always ask.
        """
        if client is not None and self._index_ready:
            return
        client = client or self.client
        try:
            if client.indices.exists_alias(name=self.alias) or client.indices.exists(index=self.alias):
                # (a concrete index named like the alias, from older deployments, still works)
                self._index_ready = True
                return
            name = self._new_index_name()
            content_index(name).create(using=self.client)
            self.client.indices.put_alias(index=name, name=self.alias)
            self._index_ready = True
        except ERRORS as exc:
            if client is not self.client:  # a read: remember the server is down
                raise self._read_failed(exc) from exc
            raise SearchUnavailable(str(exc)) from exc

    def ping(self) -> None:
        try:
            self._reading().info()
        except ERRORS as exc:
            raise self._read_failed(exc) from exc

    # -- writes ---------------------------------------------------------------------------------

    def _actions(self, entries: Iterable[Entry], index: str):
        for entry in entries:
            action = SearchDocument.from_entry(entry).to_dict(include_meta=True)
            action["_index"] = index
            yield action

    def index_entries(self, entries: Iterable[Entry], *, chunk_size: int = 500) -> int:
        self.ensure_index()
        count = 0
        try:
            for ok, item in helpers.streaming_bulk(
                self.client, self._actions(entries, self.alias), chunk_size=chunk_size, raise_on_error=False
            ):
                if not ok:
                    raise SearchUnavailable(f"bulk error: {item}")
                count += 1
            self.client.indices.refresh(index=self.alias)
        except ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        return count

    def delete(self, page_ids: Iterable[int]) -> None:
        ids = list(page_ids)
        if not ids:
            return
        try:
            if not self._alias_targets() and not self.client.indices.exists(index=self.alias):
                return
            actions = ({"_op_type": "delete", "_index": self.alias, "_id": page_id} for page_id in ids)
            for ok, item in helpers.streaming_bulk(self.client, actions, raise_on_error=False):
                if not ok and item.get("delete", {}).get("status") != 404:
                    raise SearchUnavailable(f"bulk delete error: {item}")
            self.client.indices.refresh(index=self.alias)
        except ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc

    def rebuild(
        self,
        entries: Iterable[Entry],
        *,
        chunk_size: int = 500,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        self._index_ready = False  # the alias moves: reads ask again
        try:
            old = self._alias_targets()
            name = self._new_index_name()
            content_index(name).create(using=self.client)
        except ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        try:
            count = self._load(name, entries, chunk_size=chunk_size, progress=progress)
        except BaseException as exc:
            # Whatever stopped the load (server error, a failing page, Ctrl-C), the alias still
            # points to the old index: drop the half-loaded one instead of leaving it behind.
            try:
                self.client.indices.delete(index=name, ignore_unavailable=True)
            except ERRORS:
                logger.warning("search: no se pudo borrar el índice incompleto %s", name)
            if isinstance(exc, ERRORS):
                raise SearchUnavailable(str(exc)) from exc
            raise
        try:
            if not old and self.client.indices.exists(index=self.alias):
                # A concrete index holds the alias name: it must go before the alias can exist.
                self.client.indices.delete(index=self.alias)
            actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
            actions.append({"add": {"index": name, "alias": self.alias}})
            self.client.indices.update_aliases(actions=actions)
            for index in old:
                self.client.indices.delete(index=index)
        except ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        return count

    def _load(self, name: str, entries: Iterable[Entry], *, chunk_size: int, progress) -> int:
        # No refreshes while loading: the new index is invisible until the alias moves anyway.
        self.client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
        count = 0
        for ok, item in helpers.streaming_bulk(
            self.client, self._actions(entries, name), chunk_size=chunk_size, raise_on_error=False
        ):
            if not ok:
                raise SearchUnavailable(f"bulk error: {item}")
            count += 1
            if progress:
                progress(1)
        self.client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
        self.client.indices.refresh(index=name)
        return count

    def clear(self) -> None:
        self._index_ready = False
        try:
            for index in self._alias_targets():
                self.client.indices.delete(index=index)
        except ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc

    def indexed_ids(self) -> set[int]:
        try:
            if not self._alias_targets():
                return set()
            return {
                int(hit["_id"])
                for hit in helpers.scan(
                    self.client, index=self.alias, query={"query": {"match_all": {}}}, _source=False
                )
            }
        except ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc

    # -- reads ----------------------------------------------------------------------------------

    def run_search(self, request: SearchRequest) -> SearchResults:
        filters = request.active_filters()
        if "year" in filters:
            filters["year"] = tuple(int(value) for value in filters["year"] if str(value).isdigit()) or (-1,)
        # A text without searchable words ("de la", "*") browses everything, as on the embedded
        # backend, instead of Elasticsearch's default of matching nothing.
        text = request.query.strip() if analysis.terms(request.query) else ""
        sort = ("-date", "-page_id") if request.sort == "newest" or not text else ()
        try:
            query_clauses = synonyms.clauses(text, load_synonym_groups()) if text else []
        except DatabaseError:
            query_clauses = [((word,),) for word in analysis.words(text)]  # synonyms unreadable: plain words
        reader = self._reading()
        faceted = PortalFacetedSearch(
            index=self.alias,
            using=reader,
            query=text or None,
            filters=filters,
            sort=sort,
            clauses=query_clauses,
        )
        try:
            self.ensure_index(reader)
            response = faceted[request.offset : request.offset + request.per_page].execute()
        except ERRORS as exc:
            raise self._read_failed(exc) from exc
        raw_facets = {
            name: {str(value): count for value, count, _selected in getattr(response.facets, name, [])}
            for name in FACETS
        }
        hits = [self._hit(hit) for hit in response]
        return SearchResults(
            hits=hits,
            total=response.hits.total.value,
            facets=build_facets(request, raw_facets),
            page=request.page,
            per_page=request.per_page,
            backend=self.name,
        )

    @staticmethod
    def _hit(document) -> Hit:
        def field(name, default=None):
            value = getattr(document, name, default)
            return default if value is None else value

        highlight = getattr(document.meta, "highlight", None)
        title = field("title", "")
        title_marked = title
        snippet = ""
        if highlight is not None:
            if "title" in highlight:
                title_marked = highlight["title"][0]
            for name in ("summary", "body"):
                if name in highlight:
                    snippet = highlight[name][0]
                    break
        if not snippet:
            words = (field("summary", "") or field("body", "")).split()
            snippet = " ".join(words[:35]) + (" …" if len(words) > 35 else "")
        date = field("date")
        if isinstance(date, str):
            date = dt.date.fromisoformat(date[:10])
        elif isinstance(date, dt.datetime):
            date = date.date()
        return Hit(
            page_id=int(field("page_id", document.meta.id)),
            doc_type=field("type", ""),
            title=title,
            url=field("url", ""),
            title_html=safe_html(title_marked),
            snippet_html=safe_html(snippet),
            category=field("category", ""),
            region=field("region", ""),
            comuna=field("comuna", ""),
            year=field("year"),
            level=field("level", ""),
            date=date,
        )

    def correction(self, query: str, *, total: int) -> str | None:
        """The term suggester on the `.words` fields (whole folded words): words the index lacks when the query
        found nothing, more popular neighbours when it found a few; filtered by the edit rule of
        search.spelling and written with their accents from the embedded vocabulary."""
        typed = [word for word in analysis.words(query) if spelling.is_candidate_word(word)]
        if not typed:
            return None
        mode = "missing" if total == 0 else "popular"
        term = {"suggest_mode": mode, "max_edits": 2, "prefix_length": 0, "min_word_length": 4, "size": 10}
        # How many documents each typed word (by its stem, in any text field) is in: as on the
        # embedded backend, a word the index knows is never corrected after a search that found
        # nothing, and a word in more than FEW_RESULTS documents never gets a "¿Quiso decir …?".
        presence = {
            f"word_{index}": {"filter": {"multi_match": {"query": word, "fields": TEXT_FIELDS}}}
            for index, word in enumerate(typed)
        }
        try:
            response = self.client.search(
                index=self.alias,
                size=0,
                aggs=presence,
                suggest={"text": " ".join(typed)}
                | {field: {"term": {"field": field, **term}} for field in WORD_FIELDS},
            )
        except ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        aggregations = response.body.get("aggregations", {})
        documents = {
            word: aggregations.get(f"word_{index}", {}).get("doc_count", 0)
            for index, word in enumerate(typed)
        }
        limit = 0 if total == 0 else spelling.FEW_RESULTS
        options_by_word: dict[str, dict[str, int]] = {}
        for field in WORD_FIELDS:
            for entry in response.body.get("suggest", {}).get(field, []):
                word = analysis.fold(entry.get("text", ""))
                if documents.get(word, 0) > limit:
                    continue
                options = options_by_word.setdefault(word, {})
                for option in entry.get("options", []):
                    candidate = analysis.fold(option["text"])
                    options[candidate] = max(options.get(candidate, 0), option.get("freq", 0))
        replacements = {}
        for word, options in options_by_word.items():
            best = None
            for candidate, freq in options.items():
                distance = Levenshtein.distance(word, candidate)
                if distance > spelling.max_edits(word) or analysis.stem(candidate) == analysis.stem(word):
                    continue
                if total and freq < spelling.POPULAR_RATIO * total:
                    continue
                key = (distance, -freq, candidate)
                if best is None or key < best[0]:
                    best = (key, candidate)
            if best:
                replacements[word] = best[1]
        if not replacements:
            return None
        return spelling.replace_words(query, _written(replacements))

    def suggest(self, text: str, *, limit: int = 8) -> list[Suggestion]:
        text = text.strip()
        if len(text) < 2:
            return []
        options = self._completions(text, limit)
        if not options and len(analysis.fold(text.split()[-1])) >= 4:
            # Nothing starts like that: allow typos by the rule of search.spelling (AUTO:4,8).
            options = self._completions(text, limit, fuzzy=True)
        return self._suggestions(options, limit)

    def _completions(self, text: str, limit: int, *, fuzzy: bool = False) -> list[dict]:
        completion = {"field": "suggest", "size": limit * 2, "skip_duplicates": True}
        if fuzzy:
            completion["fuzzy"] = {"fuzziness": "AUTO:4,8", "prefix_length": 1}
        reader = self._reading()
        try:
            self.ensure_index(reader)
            response = reader.search(
                index=self.alias,
                suggest={"titles": {"prefix": text, "completion": completion}},
                source=["title", "url", "type"],
            )
        except ERRORS as exc:
            raise self._read_failed(exc) from exc
        return response.body.get("suggest", {}).get("titles", [{}])[0].get("options", [])

    @staticmethod
    def _suggestions(options: list[dict], limit: int) -> list[Suggestion]:
        # Practices first, then by the suggester's own score (weights favour practices already).
        options.sort(
            key=lambda option: (option["_source"].get("type") != DocType.PRACTICE, -option.get("_score", 0))
        )
        seen, suggestions = set(), []
        for option in options:
            source = option["_source"]
            if source["title"] in seen:
                continue
            seen.add(source["title"])
            suggestions.append(
                Suggestion(text=source["title"], url=source.get("url", ""), doc_type=source.get("type", ""))
            )
            if len(suggestions) == limit:
                break
        return suggestions

    def related(self, page_id: int, *, limit: int = 4) -> list[int]:
        reader = self._reading()
        try:
            self.ensure_index(reader)
            response = reader.search(
                index=self.alias,
                size=limit,
                source=False,
                query={
                    "bool": {
                        "must": [
                            {
                                "more_like_this": {
                                    "fields": ["title", "summary", "body", "category"],
                                    "like": [{"_index": self.alias, "_id": str(page_id)}],
                                    "min_term_freq": 1,
                                    "min_doc_freq": 1,
                                    "max_query_terms": 25,
                                    "minimum_should_match": "1",
                                }
                            }
                        ],
                        "filter": [{"term": {"type": DocType.PRACTICE}}],
                        "must_not": [{"ids": {"values": [str(page_id)]}}],
                    }
                },
            )
        except es_exceptions.NotFoundError:
            return []
        except ERRORS as exc:
            raise self._read_failed(exc) from exc
        return [int(hit["_id"]) for hit in response.body["hits"]["hits"]]


def _written(replacements: dict[str, str]) -> dict[str, str]:
    """Folded corrections written with their accents, as the embedded vocabulary knows them (the
    embedded index receives every write too); folded when it cannot say."""
    try:
        display = dict(
            SearchTerm.objects.filter(word__in=replacements.values()).values_list("word", "display")
        )
    except DatabaseError:
        display = {}
    return {typed: display.get(word, word) for typed, word in replacements.items()}
