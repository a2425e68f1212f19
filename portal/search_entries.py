"""The portal's page types in the search index: one entry builder per page type, registered with
`search.registry` from ``PortalConfig.ready`` (search sits below the portal and never imports it)."""

from __future__ import annotations

from concurso import case_format
from portal.models import (
    DistinctionLevel,
    DistinctionPage,
    GoodPracticePage,
    LibraryIndexPage,
    NewsPage,
    StandardPage,
)
from search import registry
from search.entries import DocType, Entry, as_date, plain_text, stream_text, territory


def practice_entry(page: GoodPracticePage) -> Entry:
    # The level facet only shows a distinction the public can see.
    distinction = page.distinction if page.distinction_id and page.distinction.live else None
    return Entry(
        page_id=page.pk,
        doc_type=DocType.PRACTICE,
        title=page.title,
        url=page.url or "",
        summary=plain_text(page.summary),
        body=plain_text(
            " ".join(
                str(value)
                for value in (
                    *(getattr(page, name) for name in case_format.names(rich_text=True)),
                    page.partners,
                    " ".join(theme.name for theme in page.themes.all()),
                )
            )
        ),
        category=page.category.name,
        year=page.year,
        level=distinction.level if distinction else "",
        date=as_date(page.first_published_at),
        **territory(page.municipality),
    )


def distinction_entry(page: DistinctionPage) -> Entry:
    return Entry(
        page_id=page.pk,
        doc_type=DocType.DISTINCTION,
        title=page.title,
        url=page.url or "",
        summary=plain_text(page.summary),
        body=plain_text(
            " ".join(
                [
                    page.distinction_name,
                    page.awarding_body,
                    page.management_model,
                    page.event,
                    page.place,
                    str(page.body),
                ]
                + [f"{project.title} {project.description}" for project in page.improvement_projects.all()]
            )
        ),
        year=page.award_date.year if page.award_date else None,
        level=page.level,
        date=page.award_date,
        **territory(page.municipality),
    )


def news_entry(page: NewsPage) -> Entry:
    return Entry(
        page_id=page.pk,
        doc_type=DocType.NEWS,
        title=page.title,
        url=page.url or "",
        summary=plain_text(page.intro),
        body=stream_text(page.body),
        year=page.date.year if page.date else None,
        date=page.date,
    )


def standard_entry(page: StandardPage) -> Entry:
    return Entry(
        page_id=page.pk,
        doc_type=DocType.PAGE,
        title=page.title,
        url=page.url or "",
        summary=plain_text(page.intro),
        body=stream_text(page.body),
        date=as_date(page.last_published_at),
    )


def practices_of_distinction(page: DistinctionPage) -> list[int]:
    """Practices linked to a distinction carry its level as a facet value."""
    return list(GoodPracticePage.objects.filter(distinction_id=page.pk).values_list("pk", flat=True))


def library_url() -> str | None:
    library = LibraryIndexPage.objects.live().public().first()
    return library.url if library else None


def register() -> None:
    registry.register(
        GoodPracticePage,
        practice_entry,
        select_related=("municipality__comuna__region", "category", "distinction"),
        prefetch_related=("themes",),
    )
    registry.register(
        DistinctionPage,
        distinction_entry,
        select_related=("municipality__comuna__region",),
        prefetch_related=("improvement_projects",),
        dependents=practices_of_distinction,
    )
    registry.register(NewsPage, news_entry)
    registry.register(StandardPage, standard_entry)
    registry.register_facet_labels("level", lambda: dict(DistinctionLevel.choices))
    registry.register_browse_url(library_url)
