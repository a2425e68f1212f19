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

from search import synonyms
from search.analysis import MARK_END, MARK_START, STOP_WORDS, SUFFIX_PATTERN, SUFFIX_REPLACEMENT

# The chain of search.analysis, filter by filter: fold first (a query typed without accents meets
# the accented text), our stop words (folded), the folded "-cion" gets its accent back for Lucene's
# Snowball, Snowball Spanish (verb and noun forms of one root meet), fold what the stemmer left.
spanish_stop = token_filter("portal_spanish_stop", type="stop", stopwords=sorted(STOP_WORDS))
restore_suffix = token_filter(
    "portal_restore_suffix", type="pattern_replace", pattern=SUFFIX_PATTERN, replacement=SUFFIX_REPLACEMENT
)
spanish_stemmer = token_filter("portal_spanish_snowball", type="stemmer", language="spanish")
spanish_text = analyzer(
    "spanish_text",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", spanish_stop, restore_suffix, spanish_stemmer, "asciifolding"],
)
# Autocomplete compares typed prefixes with whole titles, and the term suggester proposes whole
# words: fold case and accents, nothing else.
folded_prefix = analyzer("folded_prefix", tokenizer="standard", filter=["lowercase", "asciifolding"])

# Every facet lists all its values: there are 16 regions and 346 comunas in Chile.
FACET_SIZE = 400


def _spanish(**kwargs):
    return Text(analyzer=spanish_text, **kwargs)


def _spanish_with_words(**kwargs):
    # `.words` keeps whole folded words: the term suggester proposes them, and matching them adds
    # to the score of the exact form typed.
    return Text(analyzer=spanish_text, fields={"words": Text(analyzer=folded_prefix)}, **kwargs)


class SearchDocument(Document):
    page_id = Integer()
    type = Keyword()
    title = Text(analyzer=spanish_text, fields={"raw": Keyword(), "words": Text(analyzer=folded_prefix)})
    summary = _spanish_with_words()
    body = _spanish_with_words()
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
WORD_FIELDS = ["title.words", "summary.words", "body.words"]


class PortalFacetedSearch(FacetedSearch):
    """Multi-select facets: hits are filtered with post_filter and each facet's counts apply
    every selected filter except its own (FacetedSearch builds one filtered agg per facet)."""

    doc_types = [SearchDocument]
    fields = TEXT_FIELDS
    facets = {name: TermsFacet(field=field, size=FACET_SIZE) for name, field in FACET_FIELDS.items()}

    def __init__(self, *, index: str, using, query=None, filters=None, sort=(), clauses=None):
        self.index = index
        self.using = using
        self.clauses = clauses
        super().__init__(query=query, filters=filters or {}, sort=sort)

    def query(self, search, query):
        if not query:
            return search
        main = clauses_query(self.clauses or [((word,),) for word in query.split()], self.fields)
        # The very words typed (folded, unstemmed) add to the score without changing what matches,
        # so the exact form ranks above other words of its root, as on the embedded backend.
        exact = Q(
            "multi_match", query=query, fields=["title.words^4", "summary.words^2", "body.words"], boost=0.5
        )
        return search.query(Q("bool", must=[main], should=[exact]))

    def highlight(self, search):
        return (
            search.highlight_options(
                pre_tags=[MARK_START], post_tags=[MARK_END], fragment_size=220, number_of_fragments=1
            )
            .highlight("title", number_of_fragments=0)
            .highlight("summary")
            .highlight("body")
        )


def clauses_query(query_clauses: list[synonyms.Clause], fields: list[str]) -> Q:
    """Every clause must match. Plain words go into one cross_fields query with operator and (each
    word in any field: title, summary, body, place...); a clause with synonyms matches any of its
    expressions, a multi-word expression as a phrase."""

    def words_query(words):
        return Q("multi_match", query=" ".join(words), fields=fields, type="cross_fields", operator="and")

    plain = [clause[0][0] for clause in query_clauses if len(clause) == 1 and len(clause[0]) == 1]
    must = [words_query(plain)] if plain else []
    for clause in query_clauses:
        if len(clause) == 1 and len(clause[0]) == 1:
            continue
        options = [
            words_query(alternative)
            if len(alternative) == 1
            else Q("multi_match", query=" ".join(alternative), fields=fields, type="phrase")
            for alternative in clause
        ]
        must.append(Q("bool", should=options, minimum_should_match=1))
    return must[0] if len(must) == 1 else Q("bool", must=must)
