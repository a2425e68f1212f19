"""Elasticsearch index definition, written with `elasticsearch.dsl` (inside the official client).

One index holds every searchable type, told apart by the `type` keyword. One index rather than
one per type because the public page searches all types at once with a `type` facet whose counts
must follow the other filters, sorts them together by relevance, and the rebuild swaps a single
alias atomically. Readers and writers use the alias `<prefix>-content`; each rebuild creates
`<prefix>-content-<timestamp>`, loads it, then moves the alias.
"""

from elasticsearch.dsl import (
    Completion,
    Date,
    Document,
    FacetedSearch,
    Index,
    Integer,
    Keyword,
    Q,
    TermsFacet,
    Text,
    analyzer,
    token_filter,
)

from search.analysis import MARK_END, MARK_START

spanish_stop = token_filter("spanish_stop", type="stop", stopwords="_spanish_")
spanish_light_stemmer = token_filter("spanish_light_stemmer", type="stemmer", language="light_spanish")

# Stop words and the stemmer run before folding so that they see the accents they were written for.
spanish_text = analyzer(
    "spanish_text",
    tokenizer="standard",
    filter=["lowercase", spanish_stop, spanish_light_stemmer, "asciifolding"],
)
# Autocomplete compares typed prefixes with whole titles: fold case and accents, nothing else.
folded_prefix = analyzer("folded_prefix", tokenizer="standard", filter=["lowercase", "asciifolding"])

# Every facet lists all its values: there are 16 regions and 346 comunas in Chile.
FACET_SIZE = 400


def _spanish(**kwargs):
    return Text(analyzer=spanish_text, **kwargs)


class SearchDocument(Document):
    page_id = Integer()
    type = Keyword()
    title = _spanish(fields={"raw": Keyword()})
    summary = _spanish()
    body = _spanish()
    category = _spanish(fields={"keyword": Keyword()})
    region = _spanish(fields={"keyword": Keyword()})
    comuna = _spanish(fields={"keyword": Keyword()})
    municipality = _spanish(fields={"keyword": Keyword()})
    year = Integer()
    level = Keyword()
    date = Date()
    url = Keyword(index=False)
    suggest = Completion(analyzer=folded_prefix, search_analyzer=folded_prefix)

    class Index:
        # Placeholder: the real name comes from settings; every call passes index= explicitly.
        name = "portal-content"

    @classmethod
    def from_entry(cls, entry) -> "SearchDocument":
        return cls(
            meta={"id": entry.page_id},
            page_id=entry.page_id,
            type=entry.doc_type,
            title=entry.title,
            summary=entry.summary,
            body=entry.body,
            category=entry.category or None,
            region=entry.region or None,
            comuna=entry.comuna or None,
            municipality=entry.municipality or None,
            year=entry.year,
            level=entry.level or None,
            date=entry.date,
            url=entry.url,
            suggest={"input": entry.suggestion_inputs(), "weight": 10 if entry.doc_type == "practica" else 5},
        )


def content_index(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(SearchDocument)
    return index


# Public facet name → indexed field. The keys are also the GET parameters of /buscar/.
FACET_FIELDS = {
    "category": "category.keyword",
    "region": "region.keyword",
    "comuna": "comuna.keyword",
    "year": "year",
    "level": "level",
    "type": "type",
}

TEXT_FIELDS = ["title^4", "summary^2", "body", "category^2", "municipality^2", "comuna^2", "region"]


class PortalFacetedSearch(FacetedSearch):
    """Multi-select facets: hits are filtered with post_filter and each facet's counts apply
    every selected filter except its own (FacetedSearch builds one filtered agg per facet)."""

    doc_types = [SearchDocument]
    fields = TEXT_FIELDS
    facets = {name: TermsFacet(field=field, size=FACET_SIZE) for name, field in FACET_FIELDS.items()}

    def __init__(self, *, index: str, using, query=None, filters=None, sort=()):
        self.index = index
        self.using = using
        super().__init__(query=query, filters=filters or {}, sort=sort)

    def query(self, search, query):
        if not query:
            return search
        # cross_fields + and: every word must appear, in any field (title, summary, body, place...).
        return search.query(
            Q("multi_match", query=query, fields=self.fields, type="cross_fields", operator="and")
        )

    def highlight(self, search):
        return search.highlight_options(
            pre_tags=[MARK_START], post_tags=[MARK_END], fragment_size=220, number_of_fragments=1
        ).highlight("title", number_of_fragments=0).highlight("summary").highlight("body")
