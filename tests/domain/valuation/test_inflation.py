"""Today's money: the Simmons v Castle uplift and CPI, worked out by hand."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from claims.domain.valuation import CpiFrameError, load_cpi_frame
from claims.domain.valuation.inflation import SIMMONS_SOURCE, adjust_awards, cpi_year, simmons_applies

from .conftest import AS_OF


def adjust(pence: int, year, decided_on=None, *, cpi, as_of=AS_OF):
    result = adjust_awards(np.asarray([pence]), pd.Series([year], dtype="Int64"),
                           pd.Series(pd.to_datetime([decided_on])), cpi=cpi, as_of=as_of)
    return int(result.pence[0]), bool(result.uplifted[0]), result.notes[0]


@pytest.mark.parametrize("year, decided_on, uplift", [
    (2013, date(2013, 3, 31), True),    # the day before Simmons v Castle took effect
    (2013, date(2013, 4, 1), False),    # the day it took effect
    (2012, None, True),
    (2011, date(2011, 10, 28), True),
    (2013, None, False),                # 2013 with no date: taken as on or after 1 April
    (2014, None, False),
    (None, None, False),                # no year: no uplift
])
def test_simmons_applies(year, decided_on, uplift):
    years = pd.Series([year], dtype="Int64")
    assert bool(simmons_applies(years, pd.Series(pd.to_datetime([decided_on])))[0]) is uplift


def test_grinyer_2011_in_2025_money(cpi):
    # £12,500 × 1.10 × 138.4 / 93.4 = £20,374.732… → 2,037,473 pence
    pence, uplifted, note = adjust(1_250_000, 2011, date(2011, 10, 28), cpi=cpi)
    assert pence == 2_037_473 and uplifted
    assert note == "Simmons v Castle +10% (decided before 1 April 2013); CPI 2011 to 2025: ×1.482"


def test_halliday_2013_without_a_date(cpi):
    # £750 × 138.4 / 98.5 = £1,053.807… → 105,381 pence; no uplift
    pence, uplifted, note = adjust(75_000, 2013, cpi=cpi)
    assert (pence, uplifted) == (105_381, False)
    assert "taken as on or after 1 April 2013" in note


def test_a_2025_award_is_already_in_todays_money(cpi):
    assert adjust(600_000, 2025, cpi=cpi)[:2] == (600_000, False)


def test_no_year_and_a_year_outside_the_table_are_left_alone(cpi):
    assert adjust(6_700_000, None, cpi=cpi) == (6_700_000, False, "year not known: not adjusted for inflation")
    # £1,000 in 2001: before the table, so only the Simmons v Castle uplift applies
    assert adjust(100_000, 2001, cpi=cpi) == (
        110_000, True, "Simmons v Castle +10% (decided before 1 April 2013); no CPI figure for 2001: "
        "not adjusted for inflation")


def test_rounding_is_half_up_to_the_penny():
    table = load_cpi_frame(pd.DataFrame({"year": ["2020", "2021"], "cpi_index_2015_100": ["100", "100.5"],
                                         "source": ["test", "test"]}))
    # 1 pence × 100.5 / 100 = 1.005 → 1; 10 pence → 10.05 → 10; 100 pence → 100.5 → 101 (half up)
    assert [adjust(p, 2020, cpi=table, as_of=date(2021, 6, 1))[0] for p in (1, 10, 100)] == [1, 10, 101]


def test_todays_money_is_the_latest_cpi_year_not_after_the_valuation_date(cpi):
    assert cpi_year(cpi, date(2026, 11, 22)) == 2025
    assert cpi_year(cpi, date(2020, 6, 1)) == 2020
    with pytest.raises(CpiFrameError):
        cpi_year(cpi, date(2004, 1, 1))


def test_the_cpi_table_keeps_its_source(cpi):
    assert cpi["index_thousandths"].iloc[-1] == 138_400
    assert cpi["source"].str.contains("ONS").all()
    assert "1 April 2013" in SIMMONS_SOURCE and "EWCA Civ 1288" in SIMMONS_SOURCE


def test_database_rows_are_accepted():
    table = load_cpi_frame([{"year": 2024, "index": "133.9", "source": "ONS", "version": 2}])
    assert table[["year", "index_thousandths"]].values.tolist() == [[2024, 133_900]]


@pytest.mark.parametrize("rows, where", [
    ([("2020", "100", "s"), ("2020", "101", "s")], "Row 3, year: repeats an earlier row"),
    ([("2020", "abc", "s")], "Row 2, cpi_index_2015_100"),
    ([("2020", "0", "s")], "Row 2, cpi_index_2015_100: must be above 0"),
    ([("2020", "100.1234", "s")], "Row 2, cpi_index_2015_100"),
    ([("2020", "100", "")], "Row 2, source: is empty"),
    ([("", "100", "s")], "Row 2, year: is empty"),
])
def test_cpi_problems_name_row_and_column(rows, where):
    frame = pd.DataFrame(rows, columns=["year", "cpi_index_2015_100", "source"])
    with pytest.raises(CpiFrameError) as caught:
        load_cpi_frame(frame)
    assert where in str(caught.value)
