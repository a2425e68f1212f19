from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError


def test_adjusted_score_accepts_the_chilean_decimal_comma():
    from evaluacion.forms import ScoreField

    field = ScoreField(min_value=0, max_value=100, decimal_places=2, required=False)
    assert field.clean("72,5") == Decimal("72.5") and field.clean(" 72.50 ") == Decimal("72.50")
    assert field.clean("") is None
    with pytest.raises(ValidationError):
        field.clean("1.234,5")
