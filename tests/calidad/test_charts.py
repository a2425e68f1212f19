from decimal import Decimal

from calidad import charts
from calidad.models import percent
from calidad.scoring import AreaRow
from calidad.selectors import ComparisonRow, Spread


def _rows():
    return [
        AreaRow(
            area_id=1,
            number=1,
            code="estrategia",
            name="Estrategia",
            maximum=24,
            obtained=Decimal(10),
            percent=percent(10, 24),
        ),
        AreaRow(
            area_id=2, number=2, code="x", name="<Ámbito & raro>", maximum=30, obtained=Decimal(5), percent=17
        ),
    ]


def test_results_chart_is_accessible_and_carries_its_data_table():
    html = str(charts.results_svg(_rows(), title="Logro"))
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html and "aria-labelledby" in html
    assert "<table" in html and "42 %" in html and "17 %" in html
    assert "&lt;Ámbito &amp; raro&gt;" in html and "<Ámbito" not in html


def test_results_chart_with_benchmark_band_and_small_groups():
    html = str(
        charts.results_svg(
            _rows(),
            title="Logro",
            benchmark={"estrategia": Spread(count=6, q1=30, median=40, q3=55), "x": Spread(count=2)},
            benchmark_label="Región",
        )
    )
    assert html.count('class="chart-band"') == 1 and "Sin datos suficientes" in html and "40 %" in html


def test_compare_and_trend_charts():
    html = str(
        charts.compare_svg(
            [ComparisonRow(number=1, code="a", name="A", before=40, after=55)],
            title="C",
            before_label="2024",
            after_label="2025",
        )
    )
    assert "+15 pp" in html and 'role="img"' in html
    trend = str(charts.trend_svg([("2024", 50), ("2025", 68)], title="T"))
    assert "<polyline" in trend and "68 %" in trend
