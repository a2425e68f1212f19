"""Reads of the quality diagnostic: results tables, cycles, comparisons and benchmarks.

Benchmarks use the latest submitted diagnostic of each municipality and are computed with a fixed
number of queries whatever the number of municipalities or cycles (two queries, then Python)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from calidad import cache as results_cache
from calidad import scoring
from calidad.models import (
    REQUIRED_POSTS,
    SIGNING_POSTS,
    AreaResult,
    Diagnostic,
    DiagnosticOrigin,
    DiagnosticStatus,
    ExternalSource,
    Instrument,
    InstrumentKind,
    ManagementArea,
    Post,
    Question,
)
from core.models import Municipality, Region, Typology

# Aggregates need at least this many municipalities, so that nobody can be re-identified.
MIN_GROUP = 5

# ---------------------------------------------------------------------------------------------
# One diagnostic
# ---------------------------------------------------------------------------------------------


def diagnostic_with_context(pk) -> Diagnostic | None:
    return (
        Diagnostic.objects.select_related("municipality__comuna__region", "instrument", "source")
        .filter(pk=pk)
        .first()
    )


def compute_area_rows(diagnostic: Diagnostic) -> list[scoring.AreaRow]:
    """Results per ámbito from the answers (drafts: live; submitted: what gets stored)."""
    areas = list(diagnostic.instrument.areas.prefetch_related("questions__choices", "questions__thresholds"))
    points = dict(diagnostic.answers.values_list("question_id", "points"))
    rows = []
    for area in areas:
        questions = list(area.questions.all())
        maximum = sum(scoring.question_maximum(q) for q in questions)
        obtained = sum(points.get(q.pk, 0) for q in questions)
        rows.append(scoring.area_row(area, maximum=maximum, obtained=obtained))
    return rows


def results_table(diagnostic: Diagnostic) -> scoring.ResultsTable:
    """The table per ámbito: the stored snapshot once submitted, computed from the answers in a draft."""
    if diagnostic.is_submitted:
        rows = [
            scoring.AreaRow(
                area_id=r.area_id,
                number=r.area.number,
                code=r.area.code,
                name=r.area.name,
                maximum=r.maximum,
                obtained=r.obtained,
                percent=r.percent,
            )
            for r in diagnostic.area_results.select_related("area").order_by("area__number")
        ]
    else:
        rows = compute_area_rows(diagnostic)
    return scoring.build_table(rows)


def instrument_tree(instrument: Instrument):
    """Dimensions → ámbitos → questions → choices/bands, in two queries per level at most."""
    return instrument.dimensions.prefetch_related(
        Prefetch("areas", queryset=ManagementArea.objects.order_by("number")),
        Prefetch(
            "areas__questions",
            queryset=Question.objects.order_by("number").prefetch_related("choices", "thresholds"),
        ),
    ).order_by("number")


def area_questions(instrument: Instrument, number: int):
    area = instrument.areas.select_related("dimension").filter(number=number).first()
    if area is None:
        return None, []
    questions = list(area.questions.order_by("number").prefetch_related("choices", "thresholds"))
    return area, questions


def answer_progress(diagnostic: Diagnostic) -> dict[int, tuple[int, int]]:
    """Per ámbito number: (answered, total) — for the navigation of the answers form."""
    totals = defaultdict(int)
    for number in Question.objects.filter(instrument_id=diagnostic.instrument_id).values_list(
        "area__number", flat=True
    ):
        totals[number] += 1
    answered = defaultdict(int)
    for number, choice, value, unavailable in diagnostic.answers.values_list(
        "question__area__number", "choice_id", "value", "value_unavailable"
    ):
        if choice is not None or value is not None or unavailable:
            answered[number] += 1
    return {number: (answered[number], total) for number, total in totals.items()}


@dataclass
class PostCheck:
    post: str
    label: str
    present: bool
    signs: bool
    signed: bool


def post_checks(diagnostic: Diagnostic) -> list[PostCheck]:
    """Each post the seed requires, whether someone held it in the session and whether they signed."""
    present, signed = set(), set()
    for post, did_sign in diagnostic.participants.values_list("post", "signed_acta"):
        present.add(post)
        if did_sign:
            signed.add(post)
    return [
        PostCheck(
            post=post.value,
            label=str(post.label),
            present=post.value in present,
            signs=post in SIGNING_POSTS,
            signed=post.value in signed,
        )
        for post in REQUIRED_POSTS
    ]


def missing_post_warnings(diagnostic: Diagnostic) -> list[str]:
    warnings = []
    for check in post_checks(diagnostic):
        if not check.present:
            warnings.append(_("No se registró a nadie en el cargo «%(post)s».") % {"post": check.label})
        elif check.signs and not check.signed and check.post != Post.CONTROL:
            warnings.append(_("El cargo «%(post)s» debe firmar el acta.") % {"post": check.label})
    return warnings


# ---------------------------------------------------------------------------------------------
# Cycles over time
# ---------------------------------------------------------------------------------------------


def municipality_diagnostics(municipality, *, include_drafts: bool = True, only_published: bool = False):
    qs = Diagnostic.objects.filter(municipality=municipality).select_related("instrument", "source")
    if not include_drafts:
        qs = qs.filter(status=DiagnosticStatus.SUBMITTED)
    if only_published:
        qs = qs.filter(is_published=True)
    return qs.order_by("-held_on", "-pk")


@dataclass
class ComparisonRow:
    number: int
    code: str
    name: str
    before: int | None
    after: int | None
    before_points: str = ""
    after_points: str = ""

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def compare(
    before: Diagnostic, after: Diagnostic
) -> tuple[list[ComparisonRow], scoring.ResultsTable, scoring.ResultsTable]:
    """Side by side per ámbito, matched by the ámbito's code (stable across instrument versions)."""
    table_a, table_b = results_table(before), results_table(after)
    by_code_a = {r.code: r for r in table_a.rows}
    by_code_b = {r.code: r for r in table_b.rows}
    order = [r.code for r in table_b.rows] + [c for c in by_code_a if c not in by_code_b]
    rows = []
    for code in order:
        a, b = by_code_a.get(code), by_code_b.get(code)
        ref = b or a
        rows.append(
            ComparisonRow(
                number=ref.number,
                code=code,
                name=ref.name,
                before=a.percent if a else None,
                after=b.percent if b else None,
                before_points=f"{a.obtained_display}/{a.maximum}" if a else "—",
                after_points=f"{b.obtained_display}/{b.maximum}" if b else "—",
            )
        )
    return rows, table_a, table_b


def trend(municipality, *, only_published: bool = False) -> list[tuple[Diagnostic, dict[str, int | None]]]:
    """Submitted cycles, oldest first, each with its % logro per ámbito code (and "total")."""
    diagnostics = list(
        municipality_diagnostics(
            municipality, include_drafts=False, only_published=only_published
        ).prefetch_related(Prefetch("area_results", queryset=AreaResult.objects.select_related("area")))
    )
    diagnostics.reverse()
    series = []
    for diagnostic in diagnostics:
        values = {r.area.code: r.percent for r in diagnostic.area_results.all()}
        values["total"] = diagnostic.total_percent
        series.append((diagnostic, values))
    return series


# ---------------------------------------------------------------------------------------------
# Benchmarks
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    count: int
    q1: float | None = None
    median: float | None = None
    q3: float | None = None

    @property
    def shown(self) -> bool:
        return self.count >= MIN_GROUP


def spread(values: list[int]) -> Spread:
    if len(values) < MIN_GROUP:
        return Spread(count=len(values))
    q1, median, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return Spread(count=len(values), q1=q1, median=median, q3=q3)


@dataclass
class LatestRow:
    diagnostic_id: int
    municipality_id: int
    region_id: int
    typology: str
    values: dict[str, int | None] = field(default_factory=dict)


def latest_results(*, source_id: int | None = None) -> list[LatestRow]:
    """The latest submitted diagnostic of each municipality with its % logro per ámbito code.
    Exactly two queries, whatever the number of municipalities and cycles."""
    diagnostics = Diagnostic.objects.filter(status=DiagnosticStatus.SUBMITTED)
    if source_id:
        diagnostics = diagnostics.filter(source_id=source_id)
    else:
        diagnostics = diagnostics.filter(
            origin=DiagnosticOrigin.PLATFORM, instrument__kind=InstrumentKind.DIAGNOSTIC
        )
    latest: dict[int, LatestRow] = {}
    for pk, municipality_id, region_id, typology in diagnostics.order_by("held_on", "pk").values_list(
        "pk", "municipality_id", "municipality__comuna__region_id", "municipality__typology"
    ):
        latest[municipality_id] = LatestRow(pk, municipality_id, region_id, typology or "")
    by_diagnostic = {row.diagnostic_id: row for row in latest.values()}
    if by_diagnostic:
        results = AreaResult.objects.filter(diagnostic_id__in=list(by_diagnostic))
        for diagnostic_id, code, value in results.values_list("diagnostic_id", "area__code", "percent"):
            by_diagnostic[diagnostic_id].values[code] = value
    return list(latest.values())


@dataclass
class Benchmarks:
    areas: list[tuple[str, int, str]]  # (code, number, name)
    national: dict[str, Spread]
    by_region: dict[int, dict[str, Spread]]
    by_typology: dict[str, dict[str, Spread]]
    contributors: int


def _areas_for(source_id: int | None) -> list[tuple[str, int, str]]:
    if source_id:
        instrument = (
            ExternalSource.objects.filter(pk=source_id).values_list("instrument_id", flat=True).first()
        )
        qs = ManagementArea.objects.filter(instrument_id=instrument)
    else:
        instrument = (
            Instrument.objects.filter(kind=InstrumentKind.DIAGNOSTIC)
            .order_by("-is_active", "-version")
            .values_list("pk", flat=True)
            .first()
        )
        qs = ManagementArea.objects.filter(instrument_id=instrument)
    return list(qs.order_by("number").values_list("code", "number", "name"))


def compute_benchmarks(*, source_id: int | None = None) -> Benchmarks:
    areas = _areas_for(source_id)
    rows = latest_results(source_id=source_id)
    codes = [code for code, _n, _name in areas]
    national = defaultdict(list)
    regions = defaultdict(lambda: defaultdict(list))
    typologies = defaultdict(lambda: defaultdict(list))
    for row in rows:
        for code in codes:
            value = row.values.get(code)
            if value is None:
                continue
            national[code].append(value)
            regions[row.region_id][code].append(value)
            if row.typology:
                typologies[row.typology][code].append(value)
    return Benchmarks(
        areas=areas,
        national={code: spread(national[code]) for code in codes},
        by_region={
            region: {code: spread(values[code]) for code in codes} for region, values in regions.items()
        },
        by_typology={
            typ: {code: spread(values[code]) for code in codes} for typ, values in typologies.items()
        },
        contributors=len(rows),
    )


def benchmarks(*, source_id: int | None = None) -> Benchmarks:
    """Cached per results version (submitting, publishing or importing invalidates it)."""
    return results_cache.get_or_compute(
        f"benchmarks:{source_id or 'portal'}", lambda: compute_benchmarks(source_id=source_id)
    )


POSITIONS = {
    "low": _("En el cuartil inferior"),
    "lowmid": _("Entre el cuartil inferior y la mediana"),
    "highmid": _("Entre la mediana y el cuartil superior"),
    "high": _("En el cuartil superior"),
}


def position(value: int | None, group: Spread) -> str:
    if value is None or not group.shown:
        return ""
    if value < group.q1:
        key = "low"
    elif value < group.median:
        key = "lowmid"
    elif value <= group.q3:
        key = "highmid"
    else:
        key = "high"
    return str(POSITIONS[key])


@dataclass
class StandingRow:
    code: str
    number: int
    name: str
    value: int | None
    group: Spread
    where: str


def standing(
    diagnostic: Diagnostic, *, scope: str = "national", source_id: int | None = None
) -> tuple[str, list[StandingRow]]:
    """Where a diagnostic stands against a benchmark group: national, its region or its typology."""
    data = benchmarks(source_id=source_id)
    municipality = diagnostic.municipality
    if scope == "region":
        groups = data.by_region.get(municipality.comuna.region_id, {})
        label = _("Región de %(region)s") % {"region": municipality.comuna.region}
    elif scope == "typology":
        groups = data.by_typology.get(municipality.typology, {})
        label = (
            _("Tipología: %(typology)s") % {"typology": municipality.get_typology_display()}
            if municipality.typology
            else _("Sin tipología asignada")
        )
    else:
        groups = data.national
        label = _("Nacional")
    values = {r.code: r.percent for r in results_table(diagnostic).rows}
    rows = []
    for code, number, name in data.areas:
        group = groups.get(code, Spread(count=0))
        rows.append(
            StandingRow(
                code=code,
                number=number,
                name=name,
                value=values.get(code),
                group=group,
                where=position(values.get(code), group),
            )
        )
    return str(label), rows


@dataclass
class RegionRow:
    region: Region
    count: int
    medians: list[float | None]


def public_statistics(*, source_id: int | None = None) -> dict:
    """National spread per ámbito and the regional medians (hidden under MIN_GROUP contributors)."""
    data = benchmarks(source_id=source_id)
    regions = list(Region.objects.filter(comunas__isnull=False).distinct().order_by("order", "code"))
    region_rows = []
    for region in regions:
        groups = data.by_region.get(region.pk, {})
        count = max((g.count for g in groups.values()), default=0)
        region_rows.append(
            RegionRow(
                region=region,
                count=count,
                medians=[
                    groups[c].median if c in groups and groups[c].shown else None
                    for c, _n, _name in data.areas
                ],
            )
        )
    return {"benchmarks": data, "regions": region_rows}


def typology_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Typology.choices}


# ---------------------------------------------------------------------------------------------
# From weak ámbitos to practices
# ---------------------------------------------------------------------------------------------


@dataclass
class SuggestionTarget:
    """What the library should be searched for to help one weak ámbito."""

    code: str
    name: str
    percent: int | None
    category_ids: list[int]
    theme_ids: list[int]
    strong_municipality_ids: list[int]  # municipalities in the top quartile of that ámbito


def suggestion_targets(diagnostic: Diagnostic, *, count: int = 3) -> list[SuggestionTarget]:
    table = results_table(diagnostic)
    weak = table.opportunities(count)
    areas = {
        a.code: a
        for a in ManagementArea.objects.filter(
            instrument_id=diagnostic.instrument_id, code__in=[r.code for r in weak]
        ).prefetch_related("categories", "themes")
    }
    rows = latest_results()
    data = benchmarks()
    targets = []
    for row in weak:
        area = areas.get(row.code)
        group = data.national.get(row.code, Spread(count=0))
        strong = []
        if group.shown:
            strong = [
                r.municipality_id
                for r in rows
                if r.municipality_id != diagnostic.municipality_id
                and (r.values.get(row.code) or 0) >= group.q3
            ]
        targets.append(
            SuggestionTarget(
                code=row.code,
                name=row.name,
                percent=row.percent,
                category_ids=[c.pk for c in area.categories.all()] if area else [],
                theme_ids=[t.pk for t in area.themes.all()] if area else [],
                strong_municipality_ids=strong,
            )
        )
    return targets


# ---------------------------------------------------------------------------------------------
# Listings
# ---------------------------------------------------------------------------------------------


def latest_by_municipality():
    """The latest submitted diagnostic of every municipality that has one (staff overview)."""
    ids = [r.diagnostic_id for r in latest_results()]
    return list(
        Diagnostic.objects.filter(pk__in=ids)
        .select_related("municipality__comuna__region", "instrument")
        .order_by("municipality__comuna__region__order", "municipality__comuna__name")
    )


def drafts():
    return Diagnostic.objects.filter(status=DiagnosticStatus.DRAFT).select_related("municipality")


def published_municipalities():
    return (
        Municipality.objects.filter(
            Q(quality_diagnostics__is_published=True, quality_diagnostics__status=DiagnosticStatus.SUBMITTED)
        )
        .distinct()
        .select_related("comuna__region")
        .order_by("comuna__name")
    )


def decimal_display(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")
