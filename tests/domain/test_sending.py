"""When a letter sent to the defendant counts as received (CPR 6.26 by analogy), as a table including bank
holidays; and the checks on a date given as the day a letter was posted. Pure: ``today`` passed in."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from claims.domain.deadlines import deemed_receipt, response_due_on
from claims.domain.sending import before_cutoff, posting_date_problem, to_defendant


@pytest.mark.parametrize("method, sent, cutoff, received", [
    # first class post: the second day after posting if a business day, else the next business day after it
    ("first_class_post", date(2026, 11, 23), False, date(2026, 11, 25)),  # Mon → Wed
    ("first_class_post", date(2026, 11, 26), False, date(2026, 11, 30)),  # Thu → Sat, not a business day → Mon
    ("first_class_post", date(2026, 11, 27), False, date(2026, 11, 30)),  # Fri → Sun → Mon
    ("first_class_post", date(2026, 12, 23), False, date(2026, 12, 29)),  # Wed → Fri 25/12, 26-27 w/e, Mon 28/12 substitute
    ("first_class_post", date(2026, 4, 1), False, date(2026, 4, 7)),  # Wed → Fri 3/4 Good Friday, Mon 6/4 Easter Monday
    ("first_class_post", date(2026, 4, 30), False, date(2026, 5, 5)),  # Thu → Sat → Mon 4/5 early May bank holiday → Tue
    # recorded delivery (Signed For 1st Class) follows the first class rule (Diriye v Bojaj [2020] EWCA Civ 1400)
    ("recorded_delivery", date(2026, 11, 23), False, date(2026, 11, 25)),
    ("recorded_delivery", date(2026, 8, 27), False, date(2026, 9, 1)),  # Thu → Sat → Mon 31/8 bank holiday → Tue
    # by hand: that day if before 4.30pm on a business day, else the next business day
    ("hand", date(2026, 11, 23), True, date(2026, 11, 23)),
    ("hand", date(2026, 11, 23), False, date(2026, 11, 24)),
    ("hand", date(2026, 11, 28), True, date(2026, 11, 30)),  # a Saturday: not a business day, whatever the time
    ("hand", date(2026, 12, 24), False, date(2026, 12, 29)),  # after 4.30pm Thu 24/12 → Fri 25/12, Mon 28/12 closed
    ("hand", date(2026, 12, 25), True, date(2026, 12, 29)),  # Christmas Day
    # email: the same rule as by hand
    ("email", date(2026, 5, 25), True, date(2026, 5, 26)),  # spring bank holiday
    ("email", date(2026, 11, 27), False, date(2026, 11, 30)),  # Fri after 4.30pm → Mon
])
def test_the_day_a_sent_letter_counts_as_received(method, sent, cutoff, received):
    assert deemed_receipt(method, sent, before_cutoff=cutoff).received_on == received


def test_recorded_delivery_says_how_it_was_worked_out():
    assert deemed_receipt("recorded_delivery", date(2026, 11, 27)).explanation == (
        "posted by recorded delivery on 27 November 2026; the second day after posting, 29 November 2026, is not a "
        "business day, so taken as received on the next business day, 30 November 2026 (worked out by analogy with "
        "the deemed service rules in CPR 6.26)")


def test_the_response_runs_from_the_day_a_posted_letter_counts_as_received():
    posted = deemed_receipt("first_class_post", date(2026, 12, 23))  # received Tue 29/12
    assert response_due_on(posted.received_on) == date(2027, 1, 12)


@pytest.mark.parametrize("at, before", [
    (datetime(2026, 11, 23, 16, 29, 59), True), (datetime(2026, 11, 23, 16, 30), False),
    (datetime(2026, 11, 23, 0, 0), True), (datetime(2026, 11, 23, 23, 59), False),
])
def test_the_4_30pm_cutoff(at, before):
    assert before_cutoff(at) is before


TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("posted, made, problem", [
    (TODAY, TODAY, None),
    (date(2026, 11, 20), date(2026, 11, 19), None),
    (date(2026, 11, 24), TODAY, "The date it was posted or delivered cannot be in the future"),
    (date(2026, 11, 18), date(2026, 11, 19),
     "The date it was posted or delivered cannot be before the letter was made (19/11/2026)"),
])
def test_a_posting_date_must_be_after_the_letter_was_made_and_not_in_the_future(posted, made, problem):
    assert posting_date_problem(posted, made_on=made, today=TODAY) == problem


@pytest.mark.parametrize("kind, defendant", [("letter_of_claim", True), ("subject_access_request", True),
                                             ("client_care_cfa", False), ("decline", False),
                                             ("acknowledgement", False)])
def test_who_a_letter_goes_to(kind, defendant):
    assert to_defendant(kind) is defendant
