"""Screening a submitted claim: each flag fires, and stays quiet, at its boundary."""
import dataclasses
from datetime import date

import pytest

from claims.domain.screening import Flag, ScreeningInput, is_child, screen

BREACH = date(2022, 11, 10)          # six-year causes end 10/11/2028; HRA ends 09/11/2023
ADULT = date(1980, 5, 1)
CLEAN_DAY = date(2025, 6, 1)


def facts(**changes):
    base = ScreeningInput(breach_on=BREACH, discovered_on=BREACH, claimant_born_on=ADULT)
    return dataclasses.replace(base, **changes)


def test_a_clean_claim_has_no_flags():
    result = screen(facts(), today=CLEAN_DAY)
    assert result.flags == []
    assert result.child_claimant is False
    assert result.screened_on == CLEAN_DAY
    assert [item.cause for item in result.limitation] == [
        "uk_gdpr", "misuse_private_information", "breach_of_confidence",
    ]


# --- limitation_soon -------------------------------------------------------------------

@pytest.mark.parametrize("today, fires", [
    (date(2028, 8, 9), False),   # 10/11/2028 is 3 months and a day away
    (date(2028, 8, 10), True),   # exactly 3 months: inclusive
    (date(2028, 11, 10), True),  # the last day itself
    (date(2028, 11, 11), False),  # expired: out_of_time instead
])
def test_limitation_soon_boundary(today, fires):
    assert screen(facts(), today=today).has_flag("limitation_soon") is fires


def test_limitation_soon_message_names_causes_date_and_days():
    result = screen(facts(), today=date(2028, 8, 10))
    [flag] = result.flags
    assert flag == Flag(
        "limitation_soon", "danger",
        "Limitation for UK GDPR Art. 82 and DPA 2018 s.168–169, Misuse of private information "
        "and Breach of confidence ends on 10/11/2028 (92 days)",
    )


@pytest.mark.parametrize("today, suffix", [
    (date(2028, 11, 10), "(today)"),
    (date(2028, 11, 9), "(1 day)"),
    (date(2028, 11, 8), "(2 days)"),
])
def test_limitation_soon_days_wording(today, suffix):
    [flag] = screen(facts(), today=today).flags
    assert flag.message.endswith(suffix)


def test_limitation_soon_for_human_rights_act_alone():
    result = screen(facts(public_authority=True), today=date(2023, 8, 9))
    [flag] = result.flags
    assert flag.code == "limitation_soon"
    assert flag.message == (
        "Limitation for Human Rights Act 1998, Art. 8 (public authority) ends on 09/11/2023 (92 days)"
    )


@pytest.mark.parametrize("today, fires", [
    (date(2023, 8, 8), False),
    (date(2023, 8, 9), True),    # exactly 3 months before 09/11/2023
])
def test_limitation_soon_boundary_for_human_rights_act(today, fires):
    assert screen(facts(public_authority=True), today=today).has_flag("limitation_soon") is fires


# --- out_of_time and partly_out_of_time ------------------------------------------------

@pytest.mark.parametrize("today, out, partly", [
    (date(2023, 11, 9), False, False),   # last day for the HRA claim
    (date(2023, 11, 10), False, True),   # HRA gone, six-year causes live
    (date(2028, 11, 10), False, True),
    (date(2028, 11, 11), True, False),   # everything gone
])
def test_out_of_time_boundaries_against_a_public_authority(today, out, partly):
    result = screen(facts(public_authority=True), today=today)
    assert result.has_flag("out_of_time") is out
    assert result.has_flag("partly_out_of_time") is partly


def test_partly_out_of_time_names_the_lost_cause():
    result = screen(facts(public_authority=True), today=CLEAN_DAY)
    assert result.codes == ("partly_out_of_time",)
    [flag] = result.flags
    assert flag.severity == "warning"
    assert flag.message == (
        "Out of time for Human Rights Act 1998, Art. 8 (public authority) (ended 09/11/2023)"
    )


def test_out_of_time_names_the_last_date():
    result = screen(facts(public_authority=True), today=date(2029, 1, 1))
    assert result.codes == ("out_of_time",)
    [flag] = result.flags
    assert flag.severity == "danger"
    assert "10/11/2028" in flag.message
    assert result.earliest_expiry is None


def test_child_at_breach_is_not_out_of_time_after_six_years():
    result = screen(facts(claimant_born_on=date(2010, 6, 15)), today=date(2029, 1, 1))
    assert not result.has_flag("out_of_time")
    assert result.earliest_expiry == date(2034, 6, 15)


# --- earliest_expiry -------------------------------------------------------------------

@pytest.mark.parametrize("today, earliest", [
    (date(2023, 1, 1), date(2023, 11, 9)),
    (date(2023, 11, 9), date(2023, 11, 9)),
    (date(2023, 11, 10), date(2028, 11, 10)),
    (date(2028, 11, 11), None),
])
def test_earliest_expiry_ignores_passed_dates(today, earliest):
    assert screen(facts(public_authority=True), today=today).earliest_expiry == earliest


# --- circumstances ---------------------------------------------------------------------

@pytest.mark.parametrize("field, code", [
    ("already_represented", "already_represented"),
    ("in_group_action", "group_action"),
])
@pytest.mark.parametrize("value", [True, False])
def test_circumstance_flags(field, code, value):
    result = screen(facts(**{field: value}), today=CLEAN_DAY)
    assert result.has_flag(code) is value
    if value:
        assert result.flags[0].severity == "warning"


# --- child_claimant --------------------------------------------------------------------

@pytest.mark.parametrize("born, today, child", [
    (date(2010, 6, 15), date(2028, 6, 14), True),   # the day before the 18th birthday
    (date(2010, 6, 15), date(2028, 6, 15), False),  # the 18th birthday
    (date(2008, 2, 29), date(2026, 2, 27), True),
    (date(2008, 2, 29), date(2026, 2, 28), False),  # leap-day birthday: 28 February
    (None, CLEAN_DAY, False),
    (ADULT, CLEAN_DAY, False),
])
def test_child_claimant(born, today, child):
    result = screen(facts(claimant_born_on=born, breach_on=date(2022, 11, 10)), today=today)
    assert result.child_claimant is child
    assert result.has_flag("child_claimant") is child
    assert is_child(born, today=today) is child


def test_child_claimant_message():
    result = screen(facts(claimant_born_on=date(2010, 6, 15)), today=CLEAN_DAY)
    [flag] = result.flags
    assert flag == Flag(
        "child_claimant", "info",
        "The claimant is under 18 (turns 18 on 15/06/2028): a litigation friend is needed",
    )


# --- discovered_late -------------------------------------------------------------------

@pytest.mark.parametrize("discovered, fires", [
    (None, False),
    (BREACH, False),
    (date(2023, 11, 10), False),  # exactly a year later
    (date(2023, 11, 11), True),   # more than a year later
])
def test_discovered_late_boundary(discovered, fires):
    result = screen(facts(discovered_on=discovered), today=CLEAN_DAY)
    assert result.has_flag("discovered_late") is fires


def test_discovered_late_message_says_we_still_count_from_the_breach():
    [flag] = screen(facts(discovered_on=date(2024, 3, 1)), today=CLEAN_DAY).flags
    assert flag.severity == "info"
    assert "01/03/2024" in flag.message and "10/11/2022" in flag.message
    assert "still counted from the breach" in flag.message


# --- shape of the result ---------------------------------------------------------------

def test_flags_are_ordered_most_serious_first():
    result = screen(
        facts(public_authority=True, already_represented=True, in_group_action=True,
              claimant_born_on=date(2010, 6, 15), discovered_on=date(2024, 3, 1)),
        today=date(2023, 9, 1),
    )
    assert result.codes == (
        "limitation_soon", "already_represented", "group_action", "child_claimant", "discovered_late",
    )


def test_flag_severity_is_checked():
    with pytest.raises(ValueError):
        Flag("x", "urgent", "message")


def test_input_and_result_are_frozen():
    result = screen(facts(), today=CLEAN_DAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.screened_on = date(2030, 1, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts().breach_on = date(2030, 1, 1)


def test_today_is_keyword_only():
    with pytest.raises(TypeError):
        screen(facts(), CLEAN_DAY)


@pytest.mark.parametrize("postcode, code, says", [
    ("G2 1DY", "outside_england_wales", "The claimant's postcode (G2 1DY) is in Scotland, a separate jurisdiction"),
    ("BT1 5GS", "outside_england_wales", "is in Northern Ireland"),
    ("TD15 1AA", "check_jurisdiction", "Check where the claimant lives: the postcode (TD15 1AA)"),
    ("IM1 1AA", "check_jurisdiction", "a Crown Dependency"),
    ("PL1 2AB", None, None),
    (None, None, None),
])
def test_claims_outside_england_and_wales_are_flagged_at_triage(postcode, code, says):
    facts = ScreeningInput(breach_on=BREACH, claimant_born_on=ADULT, claimant_postcode=postcode)
    flags = [flag for flag in screen(facts, today=CLEAN_DAY).flags if "jurisdiction" in flag.code
             or flag.code == "outside_england_wales"]
    assert [flag.code for flag in flags] == ([code] if code else [])
    if says:
        assert says in flags[0].message and flags[0].severity == "warning"
