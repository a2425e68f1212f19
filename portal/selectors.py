"""Reads for the public portal (selectors pull). Every list is prefetched to a constant query count."""

from django.db.models import Count, Prefetch, Q, QuerySet
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from calidad import selectors_improvement as calidad_selectors
from concurso import selectors as concurso_selectors
from core.models import Municipality
from portal.models import DistinctionPage, GoodPracticePage, NewsPage
from search import services as search_services

# The renditions of a practice card (templates/includes/practice_card.html: the same sizes and formats
# as its {% picture %} tag), prefetched so a listing costs the same for 1 or 50 cards.
CARD_RENDITIONS = Filter.expand_spec("fill-{960x540,640x360,400x225}|format-{webp,jpeg}")


def library_practices(*, parent=None) -> QuerySet[GoodPracticePage]:
    qs = GoodPracticePage.objects.live().public()
    if parent is not None:
        qs = qs.child_of(parent)
    images = get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)
    return (
        qs.select_related("municipality__comuna__region", "category", "distinction")
        .prefetch_related(Prefetch("main_image", queryset=images))
        .order_by("-year", "-first_published_at", "-pk")
    )


def distinctions(*, parent=None) -> QuerySet[DistinctionPage]:
    qs = DistinctionPage.objects.live().public()
    if parent is not None:
        qs = qs.child_of(parent)
    return qs.select_related("municipality__comuna__region").order_by("-award_date", "-pk")


def related_practices(practice: GoodPracticePage, *, limit: int = 4) -> list[GoodPracticePage]:
    """Related practices through the search index, best first (only live public ones: the index may
    lag behind); the same category when the index cannot tell."""
    ids = search_services.related_page_ids(practice.pk, limit=limit)
    if ids:
        by_id = {page.pk: page for page in library_practices().filter(pk__in=ids)}
        related = [by_id[page_id] for page_id in ids if page_id in by_id]
        if related:
            return related
    return list(
        library_practices()
        .filter(category_id=practice.category_id)
        .exclude(pk=practice.pk)[:limit]
    )


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
