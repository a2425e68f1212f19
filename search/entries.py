"""What the index knows about a page: one flat `Entry` per live, public page, built from the live row.

The apps that own pages build entries with the helpers below and register them in
`search.registry`. Both backends index the same `Entry` objects, so the Elasticsearch documents and the embedded
table always hold the same content.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext_lazy as _

from search.analysis import WORD_RE


class DocType:
    PRACTICE = "practica"
    DISTINCTION = "distincion"
    NEWS = "noticia"
    PAGE = "pagina"

    labels = {
        PRACTICE: _("Buena práctica"),
        DISTINCTION: _("Distinción"),
        NEWS: _("Noticia"),
        PAGE: _("Página"),
    }
    order = [PRACTICE, DISTINCTION, NEWS, PAGE]


@dataclass
class Entry:
    page_id: int
    doc_type: str
    title: str
    url: str
    summary: str = ""
    body: str = ""
    category: str = ""
    region: str = ""
    comuna: str = ""
    municipality: str = ""
    year: int | None = None
    level: str = ""
    date: dt.date | None = None

    @property
    def keywords(self) -> str:
        """Facet names that should also match as words (a search for "Coquimbo" finds its cases)."""
        return " ".join(part for part in (self.category, self.municipality, self.comuna, self.region) if part)

    def suggestion_inputs(self) -> list[str]:
        """Completion inputs: the title and the title from each later word, so typing any word of it suggests it."""
        words = [match.group() for match in WORD_RE.finditer(self.title)]
        inputs = [self.title]
        for start in range(1, min(len(words), 8)):
            if len(words[start]) >= 3:
                inputs.append(" ".join(words[start:]))
        return inputs


BLOCK_END_RE = re.compile(r"(</(p|li|h[1-6]|div|blockquote|td|th)>|<br\s*/?>)", re.IGNORECASE)


def plain_text(value) -> str:
    """Plain text of rich text: block ends become spaces so paragraphs do not glue together."""
    text = strip_tags(BLOCK_END_RE.sub(" ", str(value or "")))
    return " ".join(html.unescape(normalize_newlines(text)).split())


def stream_text(stream) -> str:
    parts = []
    for child in stream or []:
        try:
            parts.extend(str(piece) for piece in child.block.get_searchable_content(child.value))
        except Exception:  # noqa: BLE001, S112 - an odd block must not stop indexing the rest of the page
            continue
    return plain_text(" ".join(parts))


def territory(municipality) -> dict:
    if municipality is None:
        return {}
    comuna = municipality.comuna
    region = comuna.region
    return {
        "municipality": municipality.name,
        "comuna": comuna.name,
        "region": region.short_name or region.name,
    }


def as_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value
