"""Reads for the public portal (selectors pull). Every list is prefetched to a constant query count."""

from django.db.models import Count, Q, QuerySet

from calidad import selectors_improvement as calidad_selectors
from concurso import selectors as concurso_selectors
from core.models import Municipality
from portal.models.pages import DistinctionPage, GoodPracticePage, NewsPage


def library_practices(*, parent=None) -> QuerySet[GoodPracticePage]:
    qs = GoodPracticePage.objects.live().public()
    if parent is not None:
        qs = qs.child_of(parent)
    return qs.cards()


def distinctions(*, parent=None) -> QuerySet[DistinctionPage]:
    qs = DistinctionPage.objects.live().public()
    if parent is not None:
        qs = qs.child_of(parent)
    return qs.select_related("municipality__comuna__region").order_by("-award_date", "-pk")


def municipalities_with_content() -> QuerySet[Municipality]:
    live_practices = Q(practices__live=True)
    live_distinctions = Q(distinctions__live=True)
    return (
        Municipality.objects.select_related("comuna__region")
        .annotate(
            practice_count=Count("practices", filter=live_practices, distinct=True),
            distinction_count=Count("distinctions", filter=live_distinctions, distinct=True),
        )
        .filter(Q(practice_count__gt=0) | Q(distinction_count__gt=0))
        .order_by("comuna__name")
    )


def municipality_profile(municipality: Municipality) -> dict:
    return {
        "practices": library_practices().filter(municipality=municipality),
        "distinctions": distinctions().filter(municipality=municipality),
        # The improvement road (calidad, issue 12), as far as the municipality made it public.
        "quality_road": calidad_selectors.public_road(municipality),
    }


def home_context(home) -> dict:
    featured_ids = list(home.featured.values_list("practice_id", flat=True))
    by_id = {practice.pk: practice for practice in library_practices().filter(pk__in=featured_ids)}
    featured = [by_id[pk] for pk in featured_ids if pk in by_id]
    if len(featured) < 6:
        featured += list(library_practices().exclude(pk__in=featured_ids)[: 6 - len(featured)])
    open_calls = list(concurso_selectors.open_calls()[:1])
    return {
        "featured_practices": featured,
        "latest_distinctions": list(distinctions()[:3]),
        "latest_news": list(NewsPage.objects.live().public().order_by("-date", "-pk")[:3]),
        "open_call": open_calls[0] if open_calls else None,
    }
