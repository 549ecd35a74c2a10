"""The diary's pure parts: where a date goes on "my day", live limitation dates, the month a calendar shows."""
from datetime import date

import pytest

from claims.domain import diary
from claims.domain.notes import duration_text, is_defendant_reply

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize("due_on, bucket", [
    (date(2026, 11, 1), "overdue"), (date(2026, 11, 22), "overdue"), (TODAY, "today"),
    (date(2026, 11, 24), "week"), (date(2026, 11, 29), "week"), (date(2026, 11, 30), "later"),
])
def test_where_a_date_goes(due_on, bucket):
    assert diary.bucket(due_on, today=TODAY) == bucket


def test_this_week_on_a_friday_still_shows_next_week():
    friday = date(2026, 11, 27)
    assert diary.week_end(friday) == date(2026, 12, 3)
    assert diary.bucket(date(2026, 12, 2), today=friday) == "week"


@pytest.mark.parametrize("expires_on, status, live", [
    (TODAY, "submitted", True), (date(2027, 1, 1), "negotiation", True), (date(2027, 1, 1), "settled", True),
    (date(2027, 1, 1), "proceedings", True), (date(2026, 11, 22), "submitted", False),
    (date(2027, 1, 1), "declined", False), (date(2027, 1, 1), "withdrawn", False),
    (date(2027, 1, 1), "closed_won", False),
])
def test_a_limitation_date_is_live_while_the_claim_is_open_and_the_date_to_come(expires_on, status, live):
    assert diary.limitation_is_live(expires_on=expires_on, status=status, today=TODAY) is live


@pytest.mark.parametrize("today, horizon", [
    (TODAY, date(2027, 2, 23)), (date(2026, 11, 30), date(2027, 2, 28)), (date(2027, 5, 31), date(2027, 8, 31)),
])
def test_my_day_warns_of_limitation_three_months_ahead(today, horizon):
    assert diary.limitation_horizon(today) == horizon


@pytest.mark.parametrize("due_on, text", [
    (TODAY, "today"), (date(2026, 11, 24), "tomorrow"), (date(2026, 11, 22), "yesterday"),
    (date(2026, 12, 5), "in 12 days"), (date(2026, 11, 20), "3 days ago"),
])
def test_days_left(due_on, text):
    assert diary.days_left(due_on, today=TODAY) == text


@pytest.mark.parametrize("text, first", [
    ("2027-02", date(2027, 2, 1)), ("2026-11", date(2026, 11, 1)), (None, date(2026, 11, 1)),
    ("2027-13", date(2026, 11, 1)), ("1999-12", date(2026, 11, 1)), ("2061-01", date(2026, 11, 1)),
    ("27-02", date(2026, 11, 1)), ("2027-2", date(2026, 11, 1)), ("<script>", date(2026, 11, 1)),
])
def test_the_calendar_month_from_its_address(text, first):
    assert diary.parse_month(text, today=TODAY) == first


def test_a_month_calendar_starts_on_monday_and_covers_the_month():
    weeks = diary.month_weeks(date(2026, 11, 1))
    assert weeks[0][0] == date(2026, 10, 26) and weeks[-1][-1] == date(2026, 12, 6)
    assert all(len(week) == 7 and week[0].weekday() == 0 for week in weeks)
    assert diary.month_key(date(2026, 11, 1)) == "2026-11"


def test_the_calendar_stops_at_the_years_the_bank_holidays_cover():
    assert diary.neighbour_months(date(2000, 1, 1)) == (None, date(2000, 2, 1))
    assert diary.neighbour_months(date(2060, 12, 1)) == (date(2060, 11, 1), None)


@pytest.mark.parametrize("kind, party, reply", [
    ("document", "defendant", True), ("phone_call", "defendant", True), ("file_note", "defendant", False),
    ("document", "client", False), ("phone_call", None, False),
])
def test_what_counts_as_hearing_from_the_defendant(kind, party, reply):
    assert is_defendant_reply(kind=kind, party=party) is reply


@pytest.mark.parametrize("minutes, text", [
    (None, ""), (0, "0 minutes"), (1, "1 minute"), (25, "25 minutes"), (60, "1 hour"), (65, "1 hour 5 minutes"),
    (125, "2 hours 5 minutes"),
])
def test_a_call_length_in_words(minutes, text):
    assert duration_text(minutes) == text
