from decimal import Decimal

import pytest

from calidad import scoring
from calidad.models import percent


@pytest.mark.parametrize(
    ("obtained", "maximum", "expected"),
    [
        (10, 24, 42),
        (5, 30, 17),
        (117, 234, 50),
        (2, 15, 13),
        (4, 18, 22),
        (13, 21, 62),
        (1, 8, 13),
        (1, 40, 3),
        (Decimal("2.5"), 4, 63),
        (0, 6, 0),
        (6, 6, 100),
    ],
)
def test_percent_is_whole_and_rounds_half_up(obtained, maximum, expected):
    # 1/8 = 12.5 % → 13 and 1/40 = 2.5 % → 3 (Python's round() would give 12 and 2).
    assert percent(obtained, maximum) == expected


def test_percent_without_maximum_is_none():
    assert percent(0, 0) is None


def test_table_totals_strengths_and_opportunities():
    rows = [
        scoring.AreaRow(
            area_id=i,
            number=i,
            code=f"a{i}",
            name=f"A{i}",
            maximum=m,
            obtained=Decimal(o),
            percent=percent(o, m),
        )
        for i, (o, m) in enumerate([(10, 24), (13, 18), (5, 30), (2, 15)], start=1)
    ]
    table = scoring.build_table(rows)
    assert (table.maximum, table.obtained, table.percent) == (87, Decimal(30), 34)
    assert [r.number for r in table.strengths(2)] == [2, 1]
    assert [r.number for r in table.opportunities(2)] == [4, 3]
