"""What the index knows about a page: one flat `Entry` per live, public page, built from the live row.

Both backends index the same `Entry` objects, so the Elasticsearch documents and the embedded
table always hold the same content.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
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


def _text(value) -> str:
    """Plain text of rich text: block ends become spaces so paragraphs do not glue together."""
    text = strip_tags(BLOCK_END_RE.sub(" ", str(value or "")))
    return " ".join(html.unescape(normalize_newlines(text)).split())


def _stream_text(stream) -> str:
    parts = []
    for child in stream or []:
        try:
            parts.extend(str(piece) for piece in child.block.get_searchable_content(child.value))
        except Exception:  # noqa: BLE001, S112 - an odd block must not stop indexing the rest of the page
            continue
    return _text(" ".join(parts))


def _territory(municipality) -> dict:
    if municipality is None:
        return {}
    comuna = municipality.comuna
    region = comuna.region
    return {
        "municipality": municipality.name,
        "comuna": comuna.name,
        "region": region.short_name or region.name,
    }


def _date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def entry_for(page) -> Entry | None:
    """The entry of a specific page object, or None if its type is not searchable."""
    from portal.models import DistinctionPage, GoodPracticePage, NewsPage, StandardPage

    url = page.url or ""
    if isinstance(page, GoodPracticePage):
        # The level facet only shows a distinction the public can see.
        distinction = page.distinction if page.distinction_id and page.distinction.live else None
        return Entry(
            page_id=page.pk,
            doc_type=DocType.PRACTICE,
            title=page.title,
            url=url,
            summary=_text(page.summary),
            body=_text(
                " ".join(
                    str(value)
                    for value in (
                        page.previous_situation,
                        page.objectives,
                        page.description,
                        page.results,
                        page.citizen_participation,
                        page.sustainability,
                        page.replicability,
                        page.lessons_learned,
                        page.partners,
                        " ".join(theme.name for theme in page.themes.all()),
                    )
                )
            ),
            category=page.category.name,
            year=page.year,
            level=distinction.level if distinction else "",
            date=_date(page.first_published_at),
            **_territory(page.municipality),
        )
    if isinstance(page, DistinctionPage):
        return Entry(
            page_id=page.pk,
            doc_type=DocType.DISTINCTION,
            title=page.title,
            url=url,
            summary=_text(page.summary),
            body=_text(
                " ".join(
                    [page.distinction_name, page.awarding_body, page.management_model, page.event, page.place, str(page.body)]
                    + [f"{project.title} {project.description}" for project in page.improvement_projects.all()]
                )
            ),
            year=page.award_date.year if page.award_date else None,
            level=page.level,
            date=page.award_date,
            **_territory(page.municipality),
        )
    if isinstance(page, NewsPage):
        return Entry(
            page_id=page.pk,
            doc_type=DocType.NEWS,
            title=page.title,
            url=url,
            summary=_text(page.intro),
            body=_stream_text(page.body),
            year=page.date.year if page.date else None,
            date=page.date,
        )
    if isinstance(page, StandardPage):
        return Entry(
            page_id=page.pk,
            doc_type=DocType.PAGE,
            title=page.title,
            url=url,
            summary=_text(page.intro),
            body=_stream_text(page.body),
            date=_date(page.last_published_at),
        )
    return None


def searchable_models():
    from portal.models import DistinctionPage, GoodPracticePage, NewsPage, StandardPage

    return {
        GoodPracticePage: (
            ("municipality__comuna__region", "category", "distinction"),
            ("themes",),
        ),
        DistinctionPage: (("municipality__comuna__region",), ("improvement_projects",)),
        NewsPage: ((), ()),
        StandardPage: ((), ()),
    }


def live_public_queryset(model):
    related, prefetch = searchable_models()[model]
    return model.objects.live().public().select_related(*related).prefetch_related(*prefetch).order_by("pk")


def count_live_entries() -> int:
    return sum(model.objects.live().public().count() for model in searchable_models())


def iter_live_entries(*, chunk_size: int = 500) -> Iterator[Entry]:
    """Every searchable live public page, streamed in chunks (never all pages in memory)."""
    for model in searchable_models():
        for page in live_public_queryset(model).iterator(chunk_size=chunk_size):
            entry = entry_for(page)
            if entry is not None:
                yield entry
