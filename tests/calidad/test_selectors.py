import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calidad import selectors
from calidad.models import DiagnosticOrigin, DiagnosticStatus
from core.models import Municipality
from tests.factories.calidad import AreaResultFactory, DiagnosticFactory, submitted_diagnostic

pytestmark = pytest.mark.django_db

COQUIMBO_REGION = ["04101", "04102", "04103", "04104", "04105", "04106"]


def _results(
    instrument, code, percents, *, held_on=datetime.date(2025, 1, 1), origin=DiagnosticOrigin.PLATFORM
):
    """A submitted diagnostic with the given % per ámbito (alfa, beta), written with factories."""
    municipality = Municipality.objects.get(comuna__code=code)
    diagnostic = DiagnosticFactory(
        municipality=municipality,
        instrument=instrument,
        held_on=held_on,
        status=DiagnosticStatus.SUBMITTED,
        origin=origin,
    )
    for area, value in zip(instrument.areas.order_by("number"), percents, strict=True):
        AreaResultFactory(
            diagnostic=diagnostic, area=area, maximum=100, obtained=Decimal(value), percent=value
        )
    return diagnostic


def test_aggregates_hidden_under_five_municipalities(instrument):
    for index, code in enumerate(COQUIMBO_REGION[:4]):
        _results(instrument, code, [10 * index, 50])
    bench = selectors.compute_benchmarks()
    assert bench.contributors == 4
    assert not bench.national["alfa"].shown and bench.national["alfa"].median is None
    _results(instrument, COQUIMBO_REGION[4], [40, 50])
    bench = selectors.compute_benchmarks()
    alfa = bench.national["alfa"]
    assert alfa.shown and (alfa.q1, alfa.median, alfa.q3) == (10, 20, 30)


def test_only_the_latest_cycle_of_each_municipality_counts(instrument):
    for code in COQUIMBO_REGION[:5]:
        _results(instrument, code, [0, 0], held_on=datetime.date(2023, 1, 1))
        _results(instrument, code, [80, 80], held_on=datetime.date(2025, 1, 1))
    assert selectors.compute_benchmarks().national["alfa"].median == 80


def test_region_and_typology_groups(instrument):
    for code in COQUIMBO_REGION[:5]:
        _results(instrument, code, [60, 60])
    Municipality.objects.filter(comuna__code__in=COQUIMBO_REGION[:5]).update(typology="2")
    for code in ["13101", "13123", "13119", "13201", "05101"]:
        _results(instrument, code, [20, 20])
    bench = selectors.compute_benchmarks()
    coquimbo = Municipality.objects.get(comuna__code="04101").comuna.region_id
    assert bench.by_region[coquimbo]["alfa"].median == 60
    assert bench.by_typology["2"]["alfa"].median == 60
    assert bench.national["alfa"].count == 10


def test_standing_says_where_a_municipality_is(instrument, la_serena):
    mine = None
    for value, code in zip([10, 20, 30, 40, 90], COQUIMBO_REGION[:5], strict=True):
        diagnostic = _results(instrument, code, [value, value])
        if code == "04101":
            mine = diagnostic
    label, rows = selectors.standing(mine, scope="region")
    assert "Coquimbo" in label
    assert rows[0].value == 10 and rows[0].where == "En el cuartil inferior"


def _count(func):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx)


def test_benchmarks_take_the_same_queries_for_one_or_many_municipalities(instrument):
    _results(instrument, "04101", [50, 50])
    one = _count(selectors.compute_benchmarks)
    for code in COQUIMBO_REGION[1:] + ["13101", "13123", "13119"]:
        for year in (2021, 2022, 2023):
            _results(instrument, code, [40, 60], held_on=datetime.date(year, 5, 1))
    many = _count(selectors.compute_benchmarks)
    assert one == many


def test_compare_matches_areas_and_computes_change(instrument, la_serena, team):
    first = submitted_diagnostic(
        la_serena, instrument, user=team, held_on=datetime.date(2024, 1, 1), points={1: 1, 2: 1, 3: 1, 4: 1}
    )
    second = submitted_diagnostic(
        la_serena, instrument, user=team, held_on=datetime.date(2025, 1, 1), points={1: 3, 2: 3, 3: 1, 4: 0}
    )
    rows, before, after = selectors.compare(first, second)
    assert [(r.code, r.before, r.after, r.change) for r in rows] == [
        ("alfa", 33, 100, 67),
        ("beta", 33, 17, -16),
    ]
    assert (before.percent, after.percent) == (33, 58)
    series = selectors.trend(la_serena)
    assert [values["total"] for _d, values in series] == [33, 58]
