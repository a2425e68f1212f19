"""Reads for the public portal (selectors pull). Every list is prefetched to a constant query count."""

from django.db.models import Count, Prefetch, Q, QuerySet

from portal.models import DistinctionPage, GoodPracticePage, Municipality, NewsPage


def library_practices(*, parent=None) -> QuerySet[GoodPracticePage]:
    qs = GoodPracticePage.objects.live().public()
    if parent is not None:
        qs = qs.child_of(parent)
    return (
        qs.select_related("municipality__comuna__region", "category", "distinction", "main_image")
        .prefetch_related("themes")
        .order_by("-year", "-first_published_at", "-pk")
    )


def distinctions(*, parent=None) -> QuerySet[DistinctionPage]:
    qs = DistinctionPage.objects.live().public()
    if parent is not None:
        qs = qs.child_of(parent)
    return qs.select_related("municipality__comuna__region").order_by("-award_date", "-pk")


def related_practices(practice: GoodPracticePage, *, limit: int = 4) -> list[GoodPracticePage]:
    """Related practices through the search backend; falls back to same category when unavailable."""
    try:
        from search.services import related_to_page

        related = related_to_page(practice, limit=limit)
        if related is not None:
            return related
    except ImportError:
        pass
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
        "distinctions": distinctions().filter(municipality=municipality).prefetch_related(
            Prefetch("improvement_projects")
        ),
    }


def home_context(home) -> dict:
    featured = [item.practice for item in home.featured.select_related("practice").all() if item.practice.live]
    if len(featured) < 3:
        exclude = [p.pk for p in featured]
        featured += list(library_practices().exclude(pk__in=exclude)[: 6 - len(featured)])
    open_calls = []
    try:
        from concurso.selectors import open_calls as _open_calls

        open_calls = list(_open_calls()[:1])
    except ImportError:
        pass
    return {
        "featured_practices": featured,
        "latest_distinctions": list(distinctions()[:3]),
        "latest_news": list(NewsPage.objects.live().public().order_by("-date", "-pk")[:3]),
        "open_call": open_calls[0] if open_calls else None,
    }
