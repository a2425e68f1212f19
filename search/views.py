"""Public search page and its autocomplete endpoint. The whole state travels in the query string."""

from dataclasses import replace
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from search import registry, services
from search.backends import FACET_LABELS, FACETS, SearchRequest

PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 50
# Facet names → GET parameters (Spanish, so shared links read naturally).
FACET_PARAMS = {
    "type": "tipo",
    "category": "categoria",
    "region": "region",
    "comuna": "comuna",
    "year": "anio",
    "level": "nivel",
}
SORT_PARAMS = {"relevancia": "relevance", "recientes": "newest"}
SORT_LABELS = {"relevancia": _("Más relevantes"), "recientes": _("Más recientes")}


def _state(request) -> dict:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    filters = {}
    for name, param in FACET_PARAMS.items():
        values = []
        for value in request.GET.getlist(param)[:MAX_VALUES_PER_FACET]:
            value = value.strip()[:160]
            if value and value not in values:
                values.append(value)
        if values:
            filters[name] = tuple(values)
    sort = request.GET.get("orden", "relevancia")
    if sort not in SORT_PARAMS:
        sort = "relevancia"
    try:
        page = max(1, min(int(request.GET.get("pagina", "1")), 10_000))
    except ValueError:
        page = 1
    # "Buscar solo «…»": the person wants exactly what they typed, without the automatic retry.
    exact = request.GET.get("exacta") == "1"
    return {"query": query, "filters": filters, "sort": sort, "page": page, "exact": exact}


def _url(state: dict, **changes) -> str:
    merged = {**state, **changes}
    pairs = []
    if merged["query"]:
        pairs.append(("q", merged["query"]))
    for name, param in FACET_PARAMS.items():
        pairs.extend((param, value) for value in merged["filters"].get(name, ()))
    if merged["sort"] != "relevancia":
        pairs.append(("orden", merged["sort"]))
    if merged["page"] > 1:
        pairs.append(("pagina", merged["page"]))
    if merged.get("exact"):
        pairs.append(("exacta", "1"))
    return "?" + urlencode(pairs) if pairs else "?"


def _library_url() -> str:
    return registry.browse_url(default="/biblioteca/")


def _page_window(current: int, last: int, width: int = 2) -> list[int | None]:
    pages = sorted({1, last, *range(max(1, current - width), min(last, current + width) + 1)})
    window: list[int | None] = []
    for number in pages:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window


@require_GET
def search(request):
    state = _state(request)
    search_request = SearchRequest(
        query=state["query"],
        filters=state["filters"],
        sort=SORT_PARAMS[state["sort"]],
        page=state["page"],
        per_page=PER_PAGE,
        correct=not state["exact"],
    )
    results, notice = services.search(search_request)
    if results is not None and results.total and state["page"] > results.num_pages:
        state["page"] = results.num_pages
        search_request = replace(search_request, page=state["page"])
        results, notice = services.search(search_request)

    facets, active = [], []
    if results is not None:
        for name in FACETS:
            param = FACET_PARAMS[name]
            values = results.facets.get(name, [])
            facets.append({"name": name, "param": param, "label": FACET_LABELS[name], "values": values})
            for value in values:
                if value.selected:
                    remaining = {
                        **state["filters"],
                        name: tuple(v for v in state["filters"][name] if v != value.value),
                    }
                    active.append(
                        {
                            "facet": FACET_LABELS[name],
                            "label": value.label,
                            "remove_url": _url(state, filters=remaining, page=1),
                        }
                    )
    # Autocomplete without JavaScript: when a typed text finds nothing (often a word cut short,
    # "municipalis"), the no-results page offers the titles that the suggester would have shown.
    suggestions = []
    if results is not None and not results.total and state["query"]:
        suggestions = services.suggest(state["query"], limit=5)
    pagination = []
    if results is not None and results.num_pages > 1:
        pagination = [
            {
                "number": number,
                "url": _url(state, page=number) if number else "",
                "current": number == state["page"],
            }
            for number in _page_window(state["page"], results.num_pages)
        ]
    # Spelling: the automatic retry ("Mostramos resultados para …") and "¿Quiso decir …?".
    spelling = {}
    if results is not None and results.corrected_query:
        spelling = {
            "corrected": results.corrected_query,
            "exact_url": _url(state, page=1, exact=True),
        }
    elif results is not None and results.suggested_query:
        spelling = {
            "suggested": results.suggested_query,
            "suggested_url": _url({**state, "query": results.suggested_query}, page=1, exact=False),
        }
    context = {
        "state": state,
        "spelling": spelling,
        "query": state["query"],
        "results": results,
        "notice": notice,
        "facets": facets,
        "active_filters": active,
        "clear_filters_url": _url(state, filters={}, page=1),
        "sort_options": [
            {"value": value, "label": label, "selected": value == state["sort"]}
            for value, label in SORT_LABELS.items()
        ],
        "pagination": pagination,
        "previous_url": _url(state, page=state["page"] - 1) if results and state["page"] > 1 else "",
        "next_url": _url(state, page=state["page"] + 1)
        if results and state["page"] < results.num_pages
        else "",
        "suggestions": suggestions,
        "library_url": _library_url() if results is not None and not results.total else "",
        "start_index": (state["page"] - 1) * PER_PAGE + 1,
    }
    return render(request, "search/search.html", context)


@require_GET
@cache_control(max_age=60, public=True)
def suggest(request):
    text = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    suggestions = services.suggest(text) if len(text) >= 2 else []
    return JsonResponse(
        {"suggestions": [{"text": s.text, "url": s.url, "type": s.doc_type} for s in suggestions]},
        json_dumps_params={"ensure_ascii": False},
    )
