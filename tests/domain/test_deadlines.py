"""England & Wales working days and the pre-action deadlines built on them.

Expected dates were checked against the GOV.UK bank holiday list and a calendar; the
weekday assertions below make each calendar fact explicit.
"""
from datetime import date, timedelta

import pytest

from claims.domain.deadlines import (
    add_months,
    deemed_receipt,
    add_working_days,
    add_years,
    format_date,
    is_bank_holiday,
    is_working_day,
    next_working_day,
    response_due_on,
    sar_due_on,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@pytest.mark.parametrize("day, weekday", [
    (date(2026, 1, 31), SAT),
    (date(2026, 2, 28), SAT),
    (date(2026, 3, 2), MON),
    (date(2026, 5, 4), MON),
    (date(2026, 10, 3), SAT),
    (date(2026, 12, 25), FRI),
    (date(2026, 12, 26), SAT),
    (date(2026, 12, 28), MON),
    (date(2027, 3, 26), FRI),
    (date(2027, 3, 29), MON),
    (date(2027, 12, 25), SAT),
])
def test_calendar_facts_the_other_tests_rely_on(day, weekday):
    assert day.weekday() == weekday


@pytest.mark.parametrize("day, working", [
    (date(2026, 1, 28), True),    # ordinary Wednesday
    (date(2026, 1, 31), False),   # Saturday
    (date(2026, 2, 1), False),    # Sunday
    (date(2026, 1, 1), False),    # New Year's Day
    (date(2026, 12, 25), False),  # Christmas Day, Friday
    (date(2026, 12, 26), False),  # Boxing Day, Saturday
    (date(2026, 12, 28), False),  # Boxing Day substitute, Monday
    (date(2026, 12, 29), True),
    (date(2027, 3, 26), False),   # Good Friday 2027
    (date(2027, 3, 29), False),   # Easter Monday 2027
    (date(2027, 3, 30), True),
    (date(2026, 5, 4), False),    # early May bank holiday 2026
    (date(2026, 5, 5), True),
    (date(2026, 5, 25), False),   # spring bank holiday 2026
    (date(2026, 8, 31), False),   # summer bank holiday 2026 (England, not Scotland)
    (date(2027, 12, 27), False),  # Christmas substitute 2027
    (date(2027, 12, 28), False),  # Boxing Day substitute 2027
    (date(2022, 9, 19), False),   # State funeral of Queen Elizabeth II
    (date(2023, 5, 8), False),    # Coronation of King Charles III
    (date(2020, 5, 8), False),    # VE Day: early May moved to Friday
    (date(2020, 5, 4), True),     # ... so the usual Monday was a working day
])
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_scottish_only_holiday_is_a_working_day():
    assert is_bank_holiday(date(2026, 1, 2)) is False  # 2 January: Scotland only
    assert is_working_day(date(2026, 1, 2)) is True


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2061, 1, 3)])
def test_dates_outside_the_calendar_are_refused_not_guessed(day):
    with pytest.raises(ValueError, match="from 2000 to 2060"):
        is_working_day(day)


@pytest.mark.parametrize("day, expected", [
    (date(2026, 1, 28), date(2026, 1, 28)),   # already a working day
    (date(2026, 1, 31), date(2026, 2, 2)),    # Saturday → Monday
    (date(2026, 12, 25), date(2026, 12, 29)),  # Christmas, Boxing Day, substitute
    (date(2027, 3, 26), date(2027, 3, 30)),   # Good Friday → Tuesday after Easter Monday
    (date(2027, 12, 25), date(2027, 12, 29)),  # two substitute days
    (date(2026, 5, 2), date(2026, 5, 5)),     # Saturday before the early May holiday
])
def test_next_working_day(day, expected):
    assert next_working_day(day) == expected


@pytest.mark.parametrize("start, n, expected", [
    (date(2026, 1, 29), 1, date(2026, 1, 30)),   # Thu → Fri
    (date(2026, 1, 30), 1, date(2026, 2, 2)),    # Fri → Mon
    (date(2026, 1, 30), 5, date(2026, 2, 6)),
    (date(2026, 1, 31), 1, date(2026, 2, 2)),    # from a Saturday
    (date(2026, 12, 24), 1, date(2026, 12, 29)),
    (date(2027, 3, 25), 1, date(2027, 3, 30)),
    (date(2027, 3, 25), 2, date(2027, 3, 31)),
    (date(2026, 12, 29), -1, date(2026, 12, 24)),
    (date(2026, 1, 31), 0, date(2026, 2, 2)),    # 0 rolls to a working day
    (date(2026, 1, 28), 0, date(2026, 1, 28)),
])
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 1, 15), 1, date(2026, 2, 15)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),   # leap year
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 12, 31), 2, date(2027, 2, 28)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 5, 10), 0, date(2026, 5, 10)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("start, years, expected", [
    (date(2020, 11, 10), 6, date(2026, 11, 10)),
    (date(2024, 2, 29), 1, date(2025, 2, 28)),
    (date(2024, 2, 29), 4, date(2028, 2, 29)),
])
def test_add_years(start, years, expected):
    assert add_years(start, years) == expected


@pytest.mark.parametrize("received, extended, due", [
    (date(2026, 1, 31), False, date(2026, 3, 2)),    # 28 Feb 2026 is a Saturday
    (date(2026, 1, 31), True, date(2026, 4, 30)),    # 30 Apr 2026 is a Thursday
    (date(2026, 1, 15), False, date(2026, 2, 16)),   # 15 Feb 2026 is a Sunday
    (date(2026, 9, 3), False, date(2026, 10, 5)),    # 3 Oct 2026 is a Saturday
    (date(2026, 11, 25), False, date(2026, 12, 29)),  # lands on Christmas Day
    (date(2027, 2, 26), False, date(2027, 3, 30)),   # lands on Good Friday 2027
    (date(2026, 4, 4), False, date(2026, 5, 5)),     # lands on early May bank holiday
    (date(2026, 2, 10), False, date(2026, 3, 10)),   # Tuesday: no roll
])
def test_sar_due_on(received, extended, due):
    assert sar_due_on(received, extended=extended) == due


@pytest.mark.parametrize("sent, days, due", [
    (date(2026, 1, 7), 14, date(2026, 1, 21)),     # Wed → Wed
    (date(2026, 12, 11), 14, date(2026, 12, 29)),  # lands on Christmas Day
    (date(2027, 3, 12), 14, date(2027, 3, 30)),     # lands on Good Friday
    (date(2026, 4, 20), 14, date(2026, 5, 5)),     # lands on early May bank holiday
    (date(2026, 1, 10), 7, date(2026, 1, 19)),     # Sat 17 Jan → Mon 19 Jan
])
def test_response_due_on(sent, days, due):
    assert response_due_on(sent, days) == due


def test_response_due_defaults_to_14_days():
    assert response_due_on(date(2026, 1, 7)) == date(2026, 1, 21)


@pytest.mark.parametrize("day, text", [
    (date(2026, 3, 2), "02/03/2026"),
    (date(2027, 12, 31), "31/12/2027"),
])
def test_format_date(day, text):
    assert format_date(day) == text


# -- deemed receipt (by analogy with CPR 6.26) ------------------------------------------------------------

@pytest.mark.parametrize("method, sent, before_cutoff, received", [
    # first class post: the second day after posting if a business day, otherwise the next business day
    ("first_class_post", date(2026, 11, 23), False, date(2026, 11, 25)),  # Mon → Wed
    ("first_class_post", date(2026, 11, 26), False, date(2026, 11, 30)),  # Thu → Sat 28 → Mon 30
    ("first_class_post", date(2026, 11, 27), False, date(2026, 11, 30)),  # Fri → Sun 29 → Mon 30
    ("first_class_post", date(2026, 11, 28), False, date(2026, 11, 30)),  # Sat → Mon 30, a business day
    ("first_class_post", date(2026, 11, 23), True, date(2026, 11, 25)),  # the time of posting does not matter
    # Christmas 2026: 25/12 Fri, Boxing Day Sat so its substitute is Mon 28/12
    ("first_class_post", date(2026, 12, 23), False, date(2026, 12, 29)),  # → Christmas Day → Tue 29
    ("first_class_post", date(2026, 12, 24), False, date(2026, 12, 29)),  # day before Christmas → Sat 26 → Tue 29
    ("first_class_post", date(2026, 12, 26), False, date(2026, 12, 29)),  # Saturday → Mon 28 (holiday) → Tue 29
    # Easter 2027: Good Friday 26/03, Easter Monday 29/03
    ("first_class_post", date(2027, 3, 24), False, date(2027, 3, 30)),  # → Good Friday → Tue 30
    ("first_class_post", date(2027, 3, 25), False, date(2027, 3, 30)),  # day before Good Friday → Sat 27 → Tue 30
    ("first_class_post", date(2027, 3, 27), False, date(2027, 3, 30)),  # Saturday → Easter Monday → Tue 30
    # summer bank holiday, Mon 31/08/2026: posted the Saturday before it → Tue 01/09
    ("first_class_post", date(2026, 8, 29), False, date(2026, 9, 1)),
    # email: the same business day before 4.30pm, otherwise the next business day
    ("email", date(2026, 11, 23), True, date(2026, 11, 23)),
    ("email", date(2026, 11, 23), False, date(2026, 11, 24)),
    ("email", date(2026, 11, 27), False, date(2026, 11, 30)),  # Fri after 4.30pm → Mon
    ("email", date(2026, 11, 28), True, date(2026, 11, 30)),  # Saturday: never the same day
    ("email", date(2027, 3, 26), True, date(2027, 3, 30)),  # Good Friday → Tue after Easter Monday
    ("email", date(2026, 12, 24), False, date(2026, 12, 29)),  # Christmas Eve after 4.30pm → Tue 29/12
    ("email", date(2026, 12, 24), True, date(2026, 12, 24)),  # Christmas Eve is a business day
    # hand delivery: as email
    ("hand", date(2026, 11, 23), True, date(2026, 11, 23)),
    ("hand", date(2026, 11, 27), False, date(2026, 11, 30)),  # Fri after 4.30pm → Mon
    ("hand", date(2026, 12, 25), True, date(2026, 12, 29)),  # Christmas Day → Tue 29/12
    ("hand", date(2027, 3, 29), True, date(2027, 3, 30)),  # Easter Monday → Tue
])
def test_deemed_receipt(method, sent, before_cutoff, received):
    assert deemed_receipt(method, sent, before_cutoff=before_cutoff).received_on == received


@pytest.mark.parametrize("method, before_cutoff, sent, says", [
    ("first_class_post", False, date(2026, 11, 23),
     "posted first class on 23 November 2026, so taken as received on the second day after posting, "
     "25 November 2026, a business day (worked out by analogy with the deemed service rules in CPR 6.26)"),
    ("first_class_post", False, date(2026, 11, 27),
     "posted first class on 27 November 2026; the second day after posting, 29 November 2026, is not a business "
     "day, so taken as received on the next business day, 30 November 2026 (worked out by analogy with the deemed "
     "service rules in CPR 6.26)"),
    ("email", True, date(2026, 11, 23),
     "emailed before 4.30pm on 23 November 2026, a business day, so taken as received that day (worked out by "
     "analogy with the deemed service rules in CPR 6.26)"),
    ("email", False, date(2026, 11, 23),
     "emailed on 23 November 2026 (after 4.30pm), so taken as received on the next business day, "
     "24 November 2026 (worked out by analogy with the deemed service rules in CPR 6.26)"),
    ("hand", True, date(2026, 11, 28),
     "delivered by hand on 28 November 2026 (not a business day), so taken as received on the next business "
     "day, 30 November 2026 (worked out by analogy with the deemed service rules in CPR 6.26)"),
])
def test_deemed_receipt_says_how_it_was_worked_out(method, before_cutoff, sent, says):
    assert deemed_receipt(method, sent, before_cutoff=before_cutoff).explanation == says


def test_an_unknown_way_of_sending_is_refused():
    with pytest.raises(ValueError, match="Unknown way of sending"):
        deemed_receipt("pigeon", date(2026, 11, 23))


def test_the_response_to_a_posted_letter_of_claim_is_counted_from_deemed_receipt():
    receipt = deemed_receipt("first_class_post", date(2026, 11, 23))  # received Wed 25/11
    assert response_due_on(receipt.received_on) == date(2026, 12, 9)
    assert sar_due_on(receipt.received_on) == date(2026, 12, 29)  # 25/12 → Christmas, Boxing Day (28th) → 29th


def test_month_and_year_arithmetic_and_the_date_format_match_dateutil_and_strftime_every_day():
    """add_months and add_years give relativedelta's answers (the month end, 28 February for a leap day)
    and format_date strftime's, for every day from 1999 to 2031 (around every leap day and month end)."""
    from dateutil.relativedelta import relativedelta

    day = date(1999, 1, 1)
    while day < date(2031, 1, 1):
        for months in (-13, -1, 1, 2, 3, 12, 37):
            assert add_months(day, months) == day + relativedelta(months=months), (day, months)
        for years in (-1, 1, 3, 6, 18):
            assert add_years(day, years) == day + relativedelta(years=years), (day, years)
        assert format_date(day) == day.strftime("%d/%m/%Y")
        day += timedelta(days=1)
