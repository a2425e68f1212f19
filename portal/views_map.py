"""Public map of practices (and their replications) by comuna — issue 13, point 5.

Server-side SVG: Chile is drawn in three panels (north, centre, south) side by side plus an inset
for the Pacific islands, from the region outlines and comuna points generated from a packaged source
(tools/build_comuna_centroids.py → core/data/*.json). No tiles, no JavaScript needed: the list by
region below the map is the primary content; every marker is a link (with an accessible name) to
its comuna in that list. Filters are the library's (category, region, year, replicated).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.filters import GoodPracticeFilter
from portal.models import LibraryIndexPage
from portal.selectors import library_practices
from transferencia import selectors as transfer_selectors

DATA_DIR = Path(settings.BASE_DIR) / "core" / "data"
SCALE = 26  # px per degree of latitude
# (label, northern latitude, southern latitude); the west–east window is the same for all.
PANELS = [("Norte", -17.4, -30.6), ("Centro", -30.6, -43.8), ("Sur", -43.8, -56.2)]
WEST, EAST = -76.2, -66.2
GAP = 18
ISLANDS_WEST = -77.0  # comunas west of this (Juan Fernández, Isla de Pascua) go to the inset
INSET_HEIGHT = 70


@lru_cache(maxsize=1)
def _points() -> dict[str, tuple[float, float]]:
    data = json.loads((DATA_DIR / "comuna_centroids.json").read_text(encoding="utf-8"))
    return {code: (lat, lon) for code, (lat, lon) in data["comunas"].items()}


@lru_cache(maxsize=1)
def _outlines() -> dict[str, list]:
    return json.loads((DATA_DIR / "chile_region_outlines.json").read_text(encoding="utf-8"))["regions"]


def _panel_width(north, south):
    return (EAST - WEST) * SCALE * math.cos(math.radians((north + south) / 2))


def _panel_origin(index):
    x = 0.0
    for _label, north, south in PANELS[:index]:
        x += _panel_width(north, south) + GAP
    return x


def _project(lat, lon):
    """(panel index, x, y) of a point, or None when it is outside every panel (islands)."""
    if lon < ISLANDS_WEST:
        return None
    for index, (_label, north, south) in enumerate(PANELS):
        if south <= lat <= north or (index == len(PANELS) - 1 and lat < south):
            k = math.cos(math.radians((north + south) / 2))
            x = _panel_origin(index) + (lon - WEST) * SCALE * k
            y = (north - lat) * SCALE
            return index, round(x, 1), round(y, 1)
    return None


@lru_cache(maxsize=1)
def _base_svg() -> dict:
    """Panel frames and outline paths; depends only on the packaged data, so it is computed once."""
    panels = []
    height = max((north - south) * SCALE for _l, north, south in PANELS)
    for index, (label, north, south) in enumerate(PANELS):
        x0, width = _panel_origin(index), _panel_width(north, south)
        k = math.cos(math.radians((north + south) / 2))
        paths = []
        for code, rings in _outlines().items():
            parts = []
            for ring in rings:
                lats = [lat for _lon, lat in ring]
                lons = [lon for lon, _lat in ring]
                if max(lats) < south - 0.5 or min(lats) > north + 0.5 or max(lons) < ISLANDS_WEST:
                    continue
                coords = " ".join(
                    f"{x0 + (lon - WEST) * SCALE * k:.1f},{(north - lat) * SCALE:.1f}" for lon, lat in ring
                )
                parts.append(f"M{coords}Z")
            if parts:
                paths.append({"region": code, "d": "".join(parts)})
        panels.append(
            {
                "id": f"panel-{index}",
                "label": label,
                "x": round(x0, 1),
                "width": round(width, 1),
                "height": round((north - south) * SCALE, 1),
                "paths": paths,
            }
        )
    width = _panel_origin(len(PANELS)) - GAP
    return {
        "panels": panels,
        "width": round(width, 1),
        "height": round(height + GAP + INSET_HEIGHT, 1),
        "inset_y": round(height + GAP, 1),
    }


@dataclass
class ComunaEntry:
    code: str
    name: str
    region: object
    practices: list = field(default_factory=list)
    replications: list = field(default_factory=list)

    @property
    def label(self) -> str:
        parts = [self.name]
        if self.practices:
            parts.append(
                ngettext("%(n)s práctica", "%(n)s prácticas", len(self.practices))
                % {"n": len(self.practices)}
            )
        if self.replications:
            parts.append(
                ngettext(
                    "%(n)s práctica replicada aquí", "%(n)s prácticas replicadas aquí", len(self.replications)
                )
                % {"n": len(self.replications)}
            )
        return ": ".join([parts[0], ", ".join(parts[1:])])


def map_entries(practices) -> list[ComunaEntry]:
    """Comunas with practices (origin) or public replications of those practices (destination)."""
    entries: dict[str, ComunaEntry] = {}

    def entry(comuna):
        if comuna.code not in entries:
            entries[comuna.code] = ComunaEntry(code=comuna.code, name=comuna.name, region=comuna.region)
        return entries[comuna.code]

    by_id = {}
    for practice in practices:
        by_id[practice.pk] = practice
        entry(practice.municipality.comuna).practices.append(practice)
    for replication in transfer_selectors.public_replications().filter(practice_page_id__in=list(by_id)):
        item = entry(replication.requester_municipality.comuna)
        item.replications.append(
            {"practice": by_id[replication.practice_page_id], "replication": replication}
        )
    return sorted(entries.values(), key=lambda e: (e.region.order, e.name))


def _markers(entries):
    markers = []
    points = _points()
    base = _base_svg()
    islands = 0
    for entry in entries:
        lat, lon = points.get(entry.code, (None, None))
        if lat is None:
            continue
        n_practices, n_replications = len(entry.practices), len(entry.replications)
        projected = _project(lat, lon)
        if projected is None:  # Pacific islands: side by side in the inset
            islands += 1
            x, y = 30 + (islands - 1) * 110, base["inset_y"] + INSET_HEIGHT / 2
        else:
            _index, x, y = projected
        markers.append(
            {
                "entry": entry,
                "x": x,
                "y": y,
                "r": round(4 + 3 * math.sqrt(n_practices), 1) if n_practices else 0,
                "rr": round(4 + 3 * math.sqrt(n_replications), 1) if n_replications else 0,
            }
        )
    # Big circles first so small ones stay on top and clickable.
    return sorted(markers, key=lambda m: -(m["r"] or m["rr"]))


def practice_map(request):
    library = LibraryIndexPage.objects.live().public().first()
    practice_filter = GoodPracticeFilter(request.GET or None, queryset=library_practices(parent=library))
    practices = list(practice_filter.qs)
    entries = map_entries(practices)
    by_region = []
    for entry in entries:
        if not by_region or by_region[-1]["region"] != entry.region:
            by_region.append({"region": entry.region, "comunas": []})
        by_region[-1]["comunas"].append(entry)
    return render(
        request,
        "portal/practice_map.html",
        {
            "filter": practice_filter,
            "library": library,
            "entries": entries,
            "by_region": by_region,
            "markers": _markers(entries),
            "svg": _base_svg(),
            "practice_count": len(practices),
            "replication_count": sum(len(e.replications) for e in entries),
            "title": _("Mapa de buenas prácticas"),
        },
    )
