"""Every bad row is reported, not just the first."""

from __future__ import annotations

import pytest

from incidentmap.errors import InputError
from incidentmap.sources._collect import MORE_SHOWN, build_all


def _build(n: int) -> int:
    if n % 2:
        raise InputError("odd value", path="f.csv", line=n + 1, field="x")
    return n


def test_good_rows_are_all_built() -> None:
    assert build_all([0, 2, 4], _build) == [0, 2, 4]


def test_one_bad_row_raises_its_own_error() -> None:
    with pytest.raises(InputError) as err:
        build_all([0, 1, 2], _build)
    assert str(err.value) == "f.csv, line 2, field 'x': odd value"


def test_every_bad_row_is_listed_and_the_first_leads() -> None:
    with pytest.raises(InputError) as err:
        build_all(range(8), _build)
    assert (err.value.line, err.value.field) == (2, "x")
    text = str(err.value)
    assert "4 problems in all" in text
    for line in (4, 6, 8):
        assert f"line {line}," in text


def test_a_long_list_is_cut_and_counted() -> None:
    with pytest.raises(InputError) as err:
        build_all(range(2 * (MORE_SHOWN + 10)), _build)
    assert "... and 9 more" in str(err.value)
