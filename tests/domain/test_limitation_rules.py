"""The limitation tables a firm relies on: personal injury (s.11, s.14), concealment (s.32) and
disability (s.28: a child, and a claimant who lacked capacity), around leap days and month ends.

Each row gives the facts and the last day to issue proceedings for the Limitation Act causes (UK GDPR,
misuse of private information, breach of confidence, which always share a date), the period that
applies and the other period's date, and what time runs from. ``None`` as a date: time is not running.
"""
from __future__ import annotations

import inspect
from datetime import date, timedelta

import pytest

from claims.domain.deadlines import add_years
from claims.domain.limitation import (
    FROM_BREACH, FROM_CAPACITY_REGAINED, FROM_CONCEALMENT_DISCOVERED, FROM_EIGHTEENTH_BIRTHDAY, NOT_RUNNING,
    SIX_YEAR_CAUSES, earliest_on, in_plain_words, limitation_dates, passed_in_plain_words,
)
from claims.domain.screening import ScreeningInput, limitation_flags, screen

ADULT = date(1980, 5, 1)
BREACH = date(2022, 11, 10)
D = date


def act_dates(**facts):
    """The Limitation Act causes' dates (all three must agree) and the HRA date if there is one."""
    facts = {"breach_on": BREACH, "claimant_born_on": ADULT, "public_authority": True, **facts}
    dates = {item.cause: item for item in limitation_dates(**facts)}
    first = dates["uk_gdpr"]
    for cause in SIX_YEAR_CAUSES:
        item = dates[cause]
        assert (item.runs_from, item.expires_on, item.years, item.starts) == (
            first.runs_from, first.expires_on, first.years, first.starts)
        assert item.alternative.expires_on == first.alternative.expires_on
    return first, dates.get("human_rights_act")


# -- s.11 and s.14: a claim that includes a personal injury ---------------------------------------------

@pytest.mark.parametrize("breach, born, personal_injury, runs_from, applies, other, years", [
    # an adult: 3 years from the breach, the 6-year date shown beside it
    (D(2022, 11, 10), ADULT, True, D(2022, 11, 10), D(2025, 11, 10), D(2028, 11, 10), 3),
    # the same claim without the injury: 6 years, and the 3-year date it would have with one
    (D(2022, 11, 10), ADULT, False, D(2022, 11, 10), D(2028, 11, 10), D(2025, 11, 10), 6),
    # a breach on 29 February: the 3rd anniversary is 28 February (never 1 March)
    (D(2024, 2, 29), ADULT, True, D(2024, 2, 29), D(2027, 2, 28), D(2030, 2, 28), 3),
    # ... and the 4th would be 29 February again: a leap year to a leap year
    (D(2024, 2, 29), ADULT, False, D(2024, 2, 29), D(2030, 2, 28), D(2027, 2, 28), 6),
    # month ends carry over unchanged: years never shift a day
    (D(2023, 1, 31), ADULT, True, D(2023, 1, 31), D(2026, 1, 31), D(2029, 1, 31), 3),
    (D(2023, 4, 30), ADULT, True, D(2023, 4, 30), D(2026, 4, 30), D(2029, 4, 30), 3),
    # a child at the breach: 3 years from the 18th birthday (s.28(6)), so the 21st birthday
    (D(2022, 11, 10), D(2010, 6, 15), True, D(2028, 6, 15), D(2031, 6, 15), D(2034, 6, 15), 3),
    # born on 29 February: of age on 28 February 2026, so 3 years to 28 February 2029
    (D(2020, 7, 1), D(2008, 2, 29), True, D(2026, 2, 28), D(2029, 2, 28), D(2032, 2, 28), 3),
    # breach the day before the 18th birthday: from the birthday; on the birthday: from the breach
    (D(2026, 6, 14), D(2008, 6, 15), True, D(2026, 6, 15), D(2029, 6, 15), D(2032, 6, 15), 3),
    (D(2026, 6, 15), D(2008, 6, 15), True, D(2026, 6, 15), D(2029, 6, 15), D(2032, 6, 15), 3),
])
def test_personal_injury_is_three_years_with_the_six_year_date_beside_it(
        breach, born, personal_injury, runs_from, applies, other, years):
    item, hra = act_dates(breach_on=breach, claimant_born_on=born, personal_injury=personal_injury)
    assert (item.runs_from, item.expires_on, item.years) == (runs_from, applies, years)
    assert item.alternative.expires_on == other and item.alternative.years == 9 - years
    assert item.personal_injury is personal_injury and item.alternative.personal_injury is not personal_injury
    # the Human Rights Act year is not touched by the injury, nor by minority
    assert hra.runs_from == breach and hra.years == 1
    assert hra.expires_on == add_years(breach, 1) - timedelta(days=1)


def test_the_personal_injury_basis_names_s11_s14_s33_and_the_six_year_date():
    item, _ = act_dates(personal_injury=True)
    for phrase in ("3 years from the breach", "Limitation Act 1980 s.11(4)", "diagnosed psychiatric injury",
                   "date of knowledge (s.14", "not counted", "(s.33)",
                   "without the claim for personal injury, 6 years: 10/11/2028"):
        assert phrase in item.basis
    assert "this would apply if the claim did not include the personal injury" in item.alternative.basis
    assert "6 years from the breach" in item.alternative.basis


def test_without_personal_injury_the_three_year_date_is_shown_as_not_applying():
    item, _ = act_dates()
    assert item.expires_on == D(2028, 11, 10) and "s.11" not in item.basis
    assert item.alternative.expires_on == D(2025, 11, 10)
    assert item.alternative.basis.startswith("3 years from the breach (not this claim as it stands: the period if "
                                             "its damages came to include a personal injury")


@pytest.mark.parametrize("personal_injury", [True, False])
def test_no_basis_ever_relies_on_section_14a(personal_injury):
    dates = limitation_dates(breach_on=BREACH, claimant_born_on=D(2010, 6, 15), public_authority=True,
                             personal_injury=personal_injury, concealment_discovered_on=D(2024, 3, 1),
                             lacked_capacity=True, capacity_regained_on=D(2025, 1, 1))
    for item in dates + [item.alternative for item in dates if item.alternative]:
        assert "14A" not in item.basis


# -- s.32: deliberate concealment ------------------------------------------------------------------------

@pytest.mark.parametrize("breach, born, discovered, personal_injury, runs_from, expires, starts", [
    # found out about the concealment 15 months later: time runs from then
    (BREACH, ADULT, D(2024, 3, 1), False, D(2024, 3, 1), D(2030, 3, 1), FROM_CONCEALMENT_DISCOVERED),
    (BREACH, ADULT, D(2024, 3, 1), True, D(2024, 3, 1), D(2027, 3, 1), FROM_CONCEALMENT_DISCOVERED),
    # discovered on 29 February: the anniversaries are 28 February
    (BREACH, ADULT, D(2024, 2, 29), False, D(2024, 2, 29), D(2030, 2, 28), FROM_CONCEALMENT_DISCOVERED),
    (BREACH, ADULT, D(2024, 2, 29), True, D(2024, 2, 29), D(2027, 2, 28), FROM_CONCEALMENT_DISCOVERED),
    # discovered at a month end
    (BREACH, ADULT, D(2023, 8, 31), False, D(2023, 8, 31), D(2029, 8, 31), FROM_CONCEALMENT_DISCOVERED),
    # discovered the day of the breach: no later than the breach, so the breach
    (BREACH, ADULT, BREACH, False, BREACH, D(2028, 11, 10), FROM_BREACH),
    # a discovery date before the breach cannot bring time forward
    (BREACH, ADULT, D(2022, 1, 1), False, BREACH, D(2028, 11, 10), FROM_BREACH),
    # a child who finds out while still a child: the 18th birthday is later, so it governs
    (BREACH, D(2010, 6, 15), D(2024, 3, 1), False, D(2028, 6, 15), D(2034, 6, 15), FROM_EIGHTEENTH_BIRTHDAY),
    # a child at the breach who finds out after turning 18: the discovery governs
    (D(2019, 3, 1), D(2003, 9, 20), D(2022, 5, 5), False, D(2022, 5, 5), D(2028, 5, 5), FROM_CONCEALMENT_DISCOVERED),
    (D(2019, 3, 1), D(2003, 9, 20), D(2022, 5, 5), True, D(2022, 5, 5), D(2025, 5, 5), FROM_CONCEALMENT_DISCOVERED),
])
def test_concealment_runs_time_from_the_discovery(breach, born, discovered, personal_injury, runs_from, expires,
                                                  starts):
    item, hra = act_dates(breach_on=breach, claimant_born_on=born, concealment_discovered_on=discovered,
                          personal_injury=personal_injury)
    assert (item.runs_from, item.expires_on, item.starts) == (runs_from, expires, starts)
    assert hra.runs_from == breach  # s.32 is in the Limitation Act; the HRA year is outside it


def test_the_concealment_basis_says_so():
    item, hra = act_dates(concealment_discovered_on=D(2024, 3, 1))
    assert item.basis.startswith("6 years from the discovery of the concealment on 01/03/2024")
    assert "deliberately concealed" in item.basis and "s.32(1)(b)" in item.basis
    assert "reasonable diligence" in item.basis
    assert hra.expires_on == D(2023, 11, 9) and "s.32 and s.28 do not apply" in hra.basis


def test_with_two_postponements_the_later_governs_and_the_basis_says_both():
    item, _ = act_dates(claimant_born_on=D(2010, 6, 15), concealment_discovered_on=D(2024, 3, 1))
    assert "18th birthday on 15/06/2028" in item.basis and "01/03/2024" in item.basis
    assert "the later of these governs" in item.basis


# -- s.28: disability when the claim arose ---------------------------------------------------------------

@pytest.mark.parametrize("born, lacked, regained, personal_injury, runs_from, expires, starts", [
    # an adult who lacked capacity at the breach and regained it: from that day
    (ADULT, True, D(2025, 6, 1), False, D(2025, 6, 1), D(2031, 6, 1), FROM_CAPACITY_REGAINED),
    (ADULT, True, D(2025, 6, 1), True, D(2025, 6, 1), D(2028, 6, 1), FROM_CAPACITY_REGAINED),
    # regained on 29 February: the anniversaries fall on 28 February
    (ADULT, True, D(2028, 2, 29), False, D(2028, 2, 29), D(2034, 2, 28), FROM_CAPACITY_REGAINED),
    (ADULT, True, D(2028, 2, 29), True, D(2028, 2, 29), D(2031, 2, 28), FROM_CAPACITY_REGAINED),
    # not regained: time has not started, so there is no date
    (ADULT, True, None, False, None, None, NOT_RUNNING),
    (ADULT, True, None, True, None, None, NOT_RUNNING),
    # capacity lost after the claim arose (so not lacking at the breach), whenever regained: no postponement
    (ADULT, False, D(2025, 6, 1), False, BREACH, D(2028, 11, 10), FROM_BREACH),
    (ADULT, False, D(2025, 6, 1), True, BREACH, D(2025, 11, 10), FROM_BREACH),
    (ADULT, False, None, False, BREACH, D(2028, 11, 10), FROM_BREACH),
    # a "regained" date on or before the breach means there was no disability when the claim arose
    (ADULT, True, BREACH, False, BREACH, D(2028, 11, 10), FROM_BREACH),
    (ADULT, True, D(2021, 1, 1), False, BREACH, D(2028, 11, 10), FROM_BREACH),
    # a child who also lacked capacity: the later of the 18th birthday and the day capacity came back
    (D(2010, 6, 15), True, D(2024, 1, 1), False, D(2028, 6, 15), D(2034, 6, 15), FROM_EIGHTEENTH_BIRTHDAY),
    (D(2010, 6, 15), True, D(2030, 1, 31), False, D(2030, 1, 31), D(2036, 1, 31), FROM_CAPACITY_REGAINED),
    (D(2010, 6, 15), True, D(2030, 1, 31), True, D(2030, 1, 31), D(2033, 1, 31), FROM_CAPACITY_REGAINED),
    (D(2010, 6, 15), True, None, False, None, None, NOT_RUNNING),
    # a child with capacity: the 18th birthday alone
    (D(2010, 6, 15), False, None, False, D(2028, 6, 15), D(2034, 6, 15), FROM_EIGHTEENTH_BIRTHDAY),
])
def test_disability_postpones_only_if_it_existed_when_the_claim_arose(born, lacked, regained, personal_injury,
                                                                      runs_from, expires, starts):
    item, hra = act_dates(claimant_born_on=born, lacked_capacity=lacked, capacity_regained_on=regained,
                          personal_injury=personal_injury)
    assert (item.runs_from, item.expires_on, item.starts) == (runs_from, expires, starts)
    assert item.running is (expires is not None)
    assert item.alternative.running is (expires is not None)
    assert hra.expires_on == D(2023, 11, 9)  # never postponed: outside the Limitation Act


def test_not_running_is_said_and_sorted_last():
    dates = limitation_dates(breach_on=BREACH, claimant_born_on=ADULT, public_authority=True, lacked_capacity=True)
    assert [item.cause for item in dates] == ["human_rights_act", "uk_gdpr", "misuse_private_information",
                                              "breach_of_confidence"]
    item = dates[1]
    assert not item.has_expired(D(2099, 1, 1))
    assert "has not started to run" in item.basis and "record the date capacity is regained" in item.basis
    assert earliest_on(dates) == D(2023, 11, 9)
    assert earliest_on(dates[1:]) is None


def test_capacity_regained_before_the_breach_is_explained():
    item, _ = act_dates(lacked_capacity=True, capacity_regained_on=D(2021, 1, 1))
    assert "not after the breach, so it does not postpone time" in item.basis


# -- the flags, as at the day they are shown -------------------------------------------------------------

@pytest.mark.parametrize("today, last_day, soon", [
    # three calendar months, not 91 days: from 30 November the horizon is 28 February (89 days) ...
    (D(2026, 11, 30), D(2027, 2, 28), True),
    (D(2026, 11, 30), D(2027, 3, 1), False),
    # ... in a leap year 29 February ...
    (D(2027, 11, 30), D(2028, 2, 29), True),
    (D(2027, 11, 30), D(2028, 3, 1), False),
    # ... and from 31 May it is 31 August (92 days)
    (D(2027, 5, 31), D(2027, 8, 31), True),
    (D(2027, 5, 31), D(2027, 9, 1), False),
    # the last day itself is still in time, and soon
    (D(2027, 8, 31), D(2027, 8, 31), True),
])
def test_limitation_soon_is_three_calendar_months_inclusive(today, last_day, soon):
    flags = limitation_flags([("uk_gdpr", last_day)], today=today)
    assert [flag.code for flag in flags] == (["limitation_soon"] if soon else [])


@pytest.mark.parametrize("dates, today, codes", [
    ([], D(2026, 11, 23), []),
    ([("human_rights_act", D(2023, 11, 9)), ("uk_gdpr", D(2028, 11, 10))], D(2026, 11, 23), ["partly_out_of_time"]),
    ([("human_rights_act", D(2023, 11, 9)), ("uk_gdpr", D(2028, 11, 10))], D(2028, 11, 11), ["out_of_time"]),
    # a period not yet running keeps the claim in time however long ago the HRA year ended
    ([("human_rights_act", D(2023, 11, 9)), ("uk_gdpr", None)], D(2040, 1, 1), ["partly_out_of_time"]),
    ([("uk_gdpr", None)], D(2040, 1, 1), []),
])
def test_limitation_flags_from_dates_and_the_day(dates, today, codes):
    assert [flag.code for flag in limitation_flags(dates, today=today)] == codes


def test_a_personal_injury_claim_is_flagged_at_triage_with_both_dates():
    facts = ScreeningInput(breach_on=BREACH, discovered_on=BREACH, claimant_born_on=ADULT, personal_injury=True)
    result = screen(facts, today=D(2023, 1, 9))
    [flag] = [flag for flag in result.flags if flag.code == "personal_injury"]
    assert flag.severity == "warning"
    assert "3 years, not 6 (Limitation Act 1980 s.11)" in flag.message
    assert "It ends on 10/11/2025, not on the 6-year date of 10/11/2028" in flag.message
    assert not screen(facts, today=D(2023, 1, 9)).has_flag("limitation_soon")
    # three years on, the injury claim is out of time although the 6-year date is years away
    later = screen(facts, today=D(2025, 11, 11))
    assert later.has_flag("out_of_time") and later.has_flag("personal_injury")
    assert not screen(ScreeningInput(breach_on=BREACH, claimant_born_on=ADULT), today=D(2023, 1, 9)).has_flag(
        "personal_injury")


def test_the_personal_injury_flag_while_time_is_not_running():
    facts = ScreeningInput(breach_on=BREACH, claimant_born_on=ADULT, personal_injury=True, lacked_capacity=True,
                           public_authority=True)
    result = screen(facts, today=D(2030, 1, 1))
    assert result.codes == ("partly_out_of_time", "personal_injury")
    assert "Time has not started to run while the claimant lacks capacity" in result.flags[1].message
    assert result.earliest_expiry is None


def test_recorded_concealment_replaces_the_late_discovery_prompt():
    late = ScreeningInput(breach_on=BREACH, discovered_on=D(2024, 3, 1), claimant_born_on=ADULT)
    [flag] = screen(late, today=D(2025, 6, 1)).flags
    assert flag.code == "discovered_late" and "deliberately concealed" in flag.message and "s.32" in flag.message
    assert "knowledge" not in flag.message
    recorded = ScreeningInput(breach_on=BREACH, discovered_on=D(2024, 3, 1), claimant_born_on=ADULT,
                              concealment_discovered_on=D(2024, 3, 1))
    result = screen(recorded, today=D(2025, 6, 1))
    assert result.flags == [] and result.earliest_expiry == D(2030, 3, 1)


# -- the words a client reads ---------------------------------------------------------------------------

@pytest.mark.parametrize("facts, expected", [
    ({}, "Six years from the date of the breach."),
    ({"claimant_born_on": D(2010, 6, 15)}, "Six years from the claimant's 18th birthday on 15 June 2028."),
    ({"personal_injury": True},
     "Three years from the date of the breach. It is three years, not six, because the claim includes a "
     "psychiatric injury. A claim that leaves out the injury has a longer time limit, which ends on 10 November "
     "2028."),
    ({"concealment_discovered_on": D(2024, 2, 29)},
     "Six years from 29 February 2024, when the claimant found out what had been deliberately hidden."),
    ({"lacked_capacity": True, "capacity_regained_on": D(2025, 6, 1)},
     "Six years from 1 June 2025, when the claimant regained the capacity to make decisions about the claim."),
    ({"lacked_capacity": True},
     "No time limit is running yet, because the claimant lacked the capacity to make decisions about the claim "
     "when it arose. When they regain it, the time limit will be six years from that day."),
])
def test_the_basis_in_plain_words(facts, expected):
    item, hra = act_dates(**facts)
    assert in_plain_words(item) == expected
    assert in_plain_words(hra).startswith("One year from the date of the breach")


def test_a_passed_personal_injury_limit_is_explained_with_the_longer_one():
    text = passed_in_plain_words("uk_gdpr", D(2025, 11, 10), personal_injury=True,
                                 without_injury_until=D(2028, 11, 10))
    for phrase in ("ended on 10 November 2025", "three years", "likely to be too late",
                   "a court decides it is fair", "does not have to",
                   "leaves out the injury has a longer time limit, which ends on 10 November 2028",
                   "get advice straight away"):
        assert phrase in text
    assert "lost" not in text.lower()


# -- the public function stays keyword-friendly and documented ------------------------------------------

def test_limitation_dates_takes_keywords_and_documents_each_one():
    signature = inspect.signature(limitation_dates)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in signature.parameters.values())
    assert {"personal_injury", "concealment_discovered_on", "lacked_capacity",
            "capacity_regained_on"} <= set(signature.parameters)
    for name in signature.parameters:
        assert f"``{name}``" in limitation_dates.__doc__
    # the old call still works and gives the same dates
    old = limitation_dates(breach_on=BREACH, claimant_born_on=ADULT, public_authority=False)
    assert [item.expires_on for item in old] == [D(2028, 11, 10)] * 3


def test_results_are_fresh_lists():
    first = limitation_dates(breach_on=BREACH, claimant_born_on=ADULT, public_authority=False)
    first.clear()
    assert len(limitation_dates(breach_on=BREACH, claimant_born_on=ADULT, public_authority=False)) == 3
