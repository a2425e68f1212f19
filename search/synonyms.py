"""Synonyms managed by editors (the `SynonymGroup` snippet), applied when a query is read.

A query becomes a list of *clauses*; every clause must match. A clause is a tuple of
*alternatives* and matches when any of them does; an alternative is a tuple of folded words that
must appear next to each other (a phrase). Without synonyms each word is its own clause with one
alternative: "reciclaje vidrio" → ((("reciclaje",),), (("vidrio",),)). With the group
"wifi, internet inalámbrico", "wifi gratis" → ((("wifi",), ("internet", "inalambrico")), (("gratis",),)).

Each backend renders the clauses in its own query language (FTS5 MATCH, tsquery, Elasticsearch
bool/match_phrase). Expanding at query time rather than with an index-time or search-analyzer
`synonym_graph` filter means an editor's change counts from the next search, on every backend,
without re-indexing or reloading analyzers.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from search import analysis

Alternative = tuple[str, ...]
Clause = tuple[Alternative, ...]


def split_terms(text: str) -> list[str]:
    """The expressions of a group as typed ("wifi, internet inalámbrico"), cleaned, unique."""
    seen, out = set(), []
    for part in (text or "").replace(";", ",").replace("\n", ",").split(","):
        part = " ".join(part.split())
        key = tuple(analysis.terms(part))
        if part and key not in seen:
            seen.add(key)
            out.append(part)
    return out


def validate_terms(text: str) -> list[str]:
    parts = split_terms(text)
    errors = []
    empty = [part for part in parts if not analysis.words(part)]
    if empty:
        errors.append(
            _(
                "Estas expresiones no tienen palabras que se puedan buscar (solo artículos o preposiciones): %(terms)s"
            )
            % {"terms": ", ".join(empty)}
        )
    if len([part for part in parts if analysis.words(part)]) < 2:
        errors.append(_("Escriba al menos dos palabras o expresiones distintas, separadas por comas."))
    return errors


def groups_from_terms(terms_of_groups) -> list[tuple[Alternative, ...]]:
    """Groups (their typed expressions) as alternatives of folded words (stop words removed)."""
    groups = []
    for terms in terms_of_groups:
        alternatives = tuple(tuple(analysis.words(part)) for part in split_terms(terms))
        alternatives = tuple(alternative for alternative in alternatives if alternative)
        if len(alternatives) >= 2:
            groups.append(alternatives)
    return groups


def clauses(query: str, groups: list[tuple[Alternative, ...]]) -> list[Clause]:
    """The query's words as clauses, with every span that is one expression of a group replaced by
    all the group's expressions. Expressions are compared by their stems, so "internet inalámbrica"
    still belongs to "internet inalámbrico"; the longest expression wins."""
    query_words = analysis.words(query)
    stems = [analysis.stem(word) for word in query_words]
    candidates = []  # (stem sequence, group)
    for group in groups:
        for alternative in group:
            candidates.append((tuple(analysis.stem(word) for word in alternative), group))
    candidates.sort(key=lambda item: -len(item[0]))
    out: list[Clause] = []
    position = 0
    while position < len(query_words):
        for key, group in candidates:
            if tuple(stems[position : position + len(key)]) == key:
                out.append(group)
                position += len(key)
                break
        else:
            out.append(((query_words[position],),))
            position += 1
    return out


def clause_terms(query_clauses: list[Clause]) -> set[str]:
    """Every index term the clauses can match: what the highlighter marks."""
    return {analysis.stem(word) for clause in query_clauses for alternative in clause for word in alternative}
