"""The task rules, as tables: what each event asks for and by when, on England & Wales working days.

Calendar facts the tables rely on (checked below): 23/11/2026 is a Monday; Christmas Day 2026 is a
Friday and Boxing Day a Saturday, so Monday 28/12/2026 is the substitute bank holiday; Good Friday 2027
is 26/03/2027 and Easter Monday 29/03/2027.
"""
from datetime import date

import pytest

from claims.domain import tasks as rules
from claims.domain.deadlines import is_bank_holiday

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("day, weekday, holiday", [
    (date(2026, 11, 23), MON, False), (date(2026, 12, 25), FRI, True), (date(2026, 12, 28), MON, True),
    (date(2027, 3, 26), FRI, True), (date(2027, 3, 29), MON, True), (date(2032, 8, 30), MON, True),
    (date(2032, 8, 23), MON, False),
])
def test_calendar_facts_the_tables_rely_on(day, weekday, holiday):
    assert day.weekday() == weekday and is_bank_holiday(day) is holiday


@pytest.mark.parametrize("submitted_on, working_days, due_on", [
    (date(2026, 11, 23), 5, date(2026, 11, 30)),  # Monday to Monday
    (date(2026, 11, 28), 5, date(2026, 12, 4)),  # sent on a Saturday: counting starts on Monday
    (date(2026, 12, 21), 5, date(2026, 12, 30)),  # over Christmas and the substitute Monday
    (date(2026, 11, 23), 1, date(2026, 11, 24)),
    (date(2027, 3, 25), 2, date(2027, 3, 31)),  # over Easter
])
def test_triage_is_due_after_the_firms_working_days(submitted_on, working_days, due_on):
    spec = rules.triage_task(submitted_on=submitted_on, review_working_days=working_days)
    assert (spec.rule, spec.kind, spec.due_on) == ("triage", "triage", due_on)
    assert f"{working_days} working days" in spec.basis


@pytest.mark.parametrize("sent_on, due_on", [
    (date(2026, 11, 23), date(2026, 11, 30)),
    (date(2026, 11, 18), date(2026, 11, 25)),
    (date(2026, 12, 18), date(2026, 12, 29)),  # the 25th, then a weekend and the substitute holiday
    (date(2026, 11, 21), date(2026, 11, 30)),  # Saturday + 7 = Saturday: on to Monday
])
def test_the_cfa_is_chased_seven_days_after_sending(sent_on, due_on):
    spec = rules.cfa_chase_task(sent_on=sent_on)
    assert (spec.rule, spec.kind, spec.due_on) == ("chase_cfa", "chase_cfa", due_on)


@pytest.mark.parametrize("sent_on, due", [
    (date(2026, 11, 23), (date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 14))),
    (date(2026, 12, 17), (date(2026, 12, 21), date(2026, 12, 24), date(2027, 1, 7))),
    (date(2026, 12, 21), (date(2026, 12, 29), date(2026, 12, 29), date(2027, 1, 11))),  # Christmas and the 28th
    (date(2027, 3, 22), (date(2027, 3, 30), date(2027, 3, 30), date(2027, 4, 12))),  # Good Friday to Easter Monday
])
def test_the_defendant_is_chased_4_7_and_21_days_after_the_letter_of_claim(sent_on, due):
    specs = rules.defendant_chasers(sent_on=sent_on)
    assert [s.rule for s in specs] == ["chase_defendant:4", "chase_defendant:7", "chase_defendant:21"]
    assert tuple(s.due_on for s in specs) == due
    assert all(s.kind == "chase_defendant" for s in specs)


@pytest.mark.parametrize("expires_on, today, expected", [
    # Six months before is a Sunday: moved back to Friday; three months before a Monday (not the
    # bank holiday a week later); one month before a Saturday: Friday.
    (date(2032, 11, 23), TODAY, [(6, date(2032, 5, 21)), (3, date(2032, 8, 23)), (1, date(2032, 10, 22))]),
    (date(2027, 5, 25), TODAY, [(6, date(2026, 11, 25)), (3, date(2027, 2, 25)), (1, date(2027, 4, 23))]),
    # The six-month warning has passed: not made, the others are.
    (date(2027, 3, 31), TODAY, [(3, date(2026, 12, 31)), (1, date(2027, 2, 26))]),
    (date(2027, 1, 29), TODAY, [(1, date(2026, 12, 29))]),  # the day after the substitute holiday
    (date(2027, 2, 28), TODAY, [(3, date(2026, 11, 27)), (1, date(2027, 1, 28))]),
    # Every warning day has passed but the date has not: the last warning, due today.
    (date(2026, 12, 20), TODAY, [(1, TODAY)]),
    (TODAY, TODAY, [(1, TODAY)]),
    (date(2026, 11, 22), TODAY, []),  # the date has passed: nothing to warn of
])
def test_limitation_warnings_6_3_and_1_months_before(expires_on, today, expected):
    specs = rules.limitation_warnings(expires_on=expires_on, causes=["uk_gdpr"], today=today)
    assert [(int(s.rule.rsplit(":", 1)[1]), s.due_on) for s in specs] == expected
    assert all(s.kind == "limitation_warning" and s.rule.startswith(f"limitation:{expires_on.isoformat()}:")
               for s in specs)
    assert all(s.due_on <= expires_on for s in specs)


@pytest.mark.parametrize("causes, title", [
    (["human_rights_act"], "Limitation in 3 months, on 28/02/2027: Human Rights Act"),
    (["breach_of_confidence", "uk_gdpr", "misuse_private_information"],
     "Limitation in 3 months, on 28/02/2027: UK GDPR, misuse of private information, breach of confidence"),
    ([None], "Limitation in 3 months, on 28/02/2027"),
])
def test_one_warning_names_every_cause_ending_that_day(causes, title):
    spec = rules.limitation_warnings(expires_on=date(2027, 2, 28), causes=causes, today=TODAY)[0]
    assert spec.title == title and spec.rule == "limitation:2027-02-28:3"
    assert "moved back to a working day" in spec.basis


@pytest.mark.parametrize("done_on, due_on", [
    (date(2026, 11, 23), date(2026, 11, 24)), (date(2026, 11, 27), date(2026, 11, 30)),
    (date(2026, 12, 24), date(2026, 12, 29)),
])
def test_what_the_client_did_is_looked_at_by_the_next_working_day(done_on, due_on):
    assert rules.client_evidence_task(added_on=done_on).due_on == due_on
    signed = rules.signed_cfa_task(signed_on=done_on, cancellation_ends_on=date(2027, 1, 7))
    assert signed.due_on == due_on and "07/01/2027" in signed.title


def test_the_subject_access_reply_is_due_on_its_key_date():
    spec = rules.sar_reply_task(due_on=date(2026, 12, 23))
    assert (spec.rule, spec.due_on) == ("sar_reply", date(2026, 12, 23))


@pytest.mark.parametrize("from_status, to_status, closed", [
    ("submitted", "accepted", {"triage"}),
    ("submitted", "declined", rules.AUTOMATIC_KINDS),
    ("accepted", "cfa_sent", set()),
    ("cfa_sent", "cfa_signed", {"chase_cfa"}),
    ("cfa_sent", "withdrawn", rules.AUTOMATIC_KINDS),
    ("cfa_signed", "sar_sent", set()),
    ("letter_of_claim_sent", "response_received", {"chase_defendant"}),
    ("letter_of_claim_sent", "negotiation", {"chase_defendant"}),
    ("letter_of_claim_sent", "proceedings", {"chase_defendant"}),
    ("negotiation", "settled", {"chase_defendant"}),
    ("settled", "closed_won", rules.AUTOMATIC_KINDS),
    ("declined", "submitted", set()),  # reopened: nothing to close (a new triage task is made)
])
def test_what_a_move_closes(from_status, to_status, closed):
    assert rules.kinds_closed_by_move(from_status, to_status) == frozenset(closed)


def test_a_manual_task_is_never_closed_by_a_rule():
    assert "manual" not in rules.AUTOMATIC_KINDS
    assert all("manual" not in rules.kinds_closed_by_move("submitted", to) for to in ("declined", "withdrawn"))
