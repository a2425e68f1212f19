"""Library practices for the weak ámbitos of a quality diagnostic.

calidad (a lower layer) never imports the portal; the portal registers this provider at start-up
(PortalConfig.ready) and calidad calls it through calidad.suggestions.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from calidad import suggestions
from portal.models.pages import GoodPracticePage


def practices_for_area(target, *, exclude_municipality_id=None, limit=3):
    if not (target.category_ids or target.theme_ids):
        return []
    matches = Q()
    if target.category_ids:
        matches |= Q(category_id__in=target.category_ids)
    if target.theme_ids:
        matches |= Q(themes__in=target.theme_ids)
    pages = GoodPracticePage.objects.live().public().filter(matches).distinct().select_related("municipality")
    if exclude_municipality_id:
        pages = pages.exclude(municipality_id=exclude_municipality_id)
    strong = set(target.strong_municipality_ids)
    chosen = []
    # First the practices of municipalities that score high in this ámbito, then the rest.
    if strong:
        chosen += list(pages.filter(municipality_id__in=strong).order_by("-first_published_at")[:limit])
    if len(chosen) < limit:
        chosen += list(
            pages.exclude(pk__in=[p.pk for p in chosen]).order_by("-first_published_at")[
                : limit - len(chosen)
            ]
        )
    return [
        {
            "title": page.title,
            "url": page.url,
            "municipality": page.municipality.name,
            "summary": page.summary,
            "reason": (
                _("De una municipalidad en el cuartil superior de este ámbito")
                if page.municipality_id in strong
                else _("Del mismo tema o categoría")
            ),
        }
        for page in chosen
    ]


def register():
    suggestions.register_provider(practices_for_area)
