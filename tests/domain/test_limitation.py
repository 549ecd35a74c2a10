"""Limitation dates per cause of action."""
import dataclasses
from datetime import date

import pytest

from claims.domain.limitation import (
    CLIENT_NAMES, LimitationDate, eighteenth_birthday, for_client, limitation_dates, passed_in_plain_words, urgent_warning,
)
from claims.domain.vocab import CAUSES_OF_ACTION

SIX_YEAR = ("uk_gdpr", "misuse_private_information", "breach_of_confidence")
ADULT = date(1980, 5, 1)


def by_cause(dates):
    return {item.cause: item for item in dates}


@pytest.mark.parametrize("breach, born, runs_from, expires", [
    # adult at the breach
    (date(2022, 11, 10), ADULT, date(2022, 11, 10), date(2028, 11, 10)),
    # date of birth unknown: treated as an adult
    (date(2022, 11, 10), None, date(2022, 11, 10), date(2028, 11, 10)),
    # child at the breach: runs from the 18th birthday (15/06/2028)
    (date(2022, 11, 10), date(2010, 6, 15), date(2028, 6, 15), date(2034, 6, 15)),
    # child at the breach who has turned 18 since: still runs from the 18th birthday
    (date(2019, 3, 1), date(2003, 9, 20), date(2021, 9, 20), date(2027, 9, 20)),
    # breach on the 18th birthday: already an adult
    (date(2026, 6, 15), date(2008, 6, 15), date(2026, 6, 15), date(2032, 6, 15)),
    # breach the day before the 18th birthday: a child, so from the next day
    (date(2026, 6, 14), date(2008, 6, 15), date(2026, 6, 15), date(2032, 6, 15)),
    # breach on 29 February: the 6th anniversary is 28 February (conservative)
    (date(2024, 2, 29), ADULT, date(2024, 2, 29), date(2030, 2, 28)),
    # born 29 February: comes of age on 28 February 2026, so ends 28 February 2032
    # (not 29 February 2032, the 24th birthday)
    (date(2020, 7, 1), date(2008, 2, 29), date(2026, 2, 28), date(2032, 2, 28)),
])
def test_six_year_causes(breach, born, runs_from, expires):
    dates = by_cause(limitation_dates(breach_on=breach, claimant_born_on=born, public_authority=False))
    assert set(dates) == set(SIX_YEAR)
    for cause in SIX_YEAR:
        assert dates[cause].runs_from == runs_from
        assert dates[cause].expires_on == expires


@pytest.mark.parametrize("born", [ADULT, None, date(2010, 6, 15), date(2022, 1, 1)])
@pytest.mark.parametrize("breach, expires", [
    (date(2022, 11, 10), date(2023, 11, 9)),   # one year *beginning with* the act
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2024, 2, 29), date(2025, 2, 27)),    # leap day: earlier, never later
])
def test_human_rights_act_one_year_never_extended_for_a_child(born, breach, expires):
    dates = by_cause(limitation_dates(breach_on=breach, claimant_born_on=born, public_authority=True))
    hra = dates["human_rights_act"]
    assert hra.runs_from == breach
    assert hra.expires_on == expires


def test_human_rights_act_only_against_a_public_authority():
    private = limitation_dates(breach_on=date(2022, 11, 10), claimant_born_on=ADULT, public_authority=False)
    public = limitation_dates(breach_on=date(2022, 11, 10), claimant_born_on=ADULT, public_authority=True)
    assert "human_rights_act" not in by_cause(private)
    assert "human_rights_act" in by_cause(public)
    assert len(public) == 4


def test_sorted_earliest_first_and_ties_in_vocabulary_order():
    dates = limitation_dates(breach_on=date(2022, 11, 10), claimant_born_on=ADULT, public_authority=True)
    assert [item.cause for item in dates] == [
        "human_rights_act", "uk_gdpr", "misuse_private_information", "breach_of_confidence",
    ]
    assert [item.expires_on for item in dates] == sorted(item.expires_on for item in dates)


def test_every_cause_is_a_vocabulary_code_with_a_label():
    dates = limitation_dates(breach_on=date(2022, 11, 10), claimant_born_on=ADULT, public_authority=True)
    for item in dates:
        assert item.cause in CAUSES_OF_ACTION
        assert item.label == CAUSES_OF_ACTION[item.cause]


@pytest.mark.parametrize("cause, phrases", [
    ("uk_gdpr", ["6 years from the breach", "Art. 82", "s.168", "unverified"]),
    ("misuse_private_information", ["6 years from the breach", "Limitation Act 1980 s.2"]),
    ("breach_of_confidence", ["6 years from the breach", "UNVERIFIED"]),
    ("human_rights_act", ["1 year", "s.7(5)", "not extended for a child", "discretionary"]),
])
def test_basis_names_the_rule(cause, phrases):
    dates = by_cause(limitation_dates(breach_on=date(2022, 11, 10), claimant_born_on=ADULT, public_authority=True))
    for phrase in phrases:
        assert phrase in dates[cause].basis


def test_child_basis_names_the_18th_birthday_and_section_28():
    dates = by_cause(limitation_dates(
        breach_on=date(2022, 11, 10), claimant_born_on=date(2010, 6, 15), public_authority=True,
    ))
    for cause in SIX_YEAR:
        assert "18th birthday on 15/06/2028 (Limitation Act 1980 s.28)" in dates[cause].basis
    assert "s.28" not in dates["human_rights_act"].basis


def test_adult_basis_does_not_mention_minority():
    dates = limitation_dates(breach_on=date(2022, 11, 10), claimant_born_on=ADULT, public_authority=False)
    assert all("18th birthday" not in item.basis for item in dates)


@pytest.mark.parametrize("born, eighteenth", [
    (date(2008, 6, 15), date(2026, 6, 15)),
    (date(2008, 2, 29), date(2026, 2, 28)),
    (date(2012, 2, 29), date(2030, 2, 28)),
    (date(2010, 2, 28), date(2028, 2, 28)),
])
def test_eighteenth_birthday(born, eighteenth):
    assert eighteenth_birthday(born) == eighteenth


@pytest.mark.parametrize("today, expired", [
    (date(2028, 11, 9), False),
    (date(2028, 11, 10), False),  # the last day is still in time
    (date(2028, 11, 11), True),
])
def test_has_expired(today, expired):
    item = LimitationDate("uk_gdpr", date(2022, 11, 10), date(2028, 11, 10), "basis")
    assert item.has_expired(today) is expired


def test_limitation_date_is_frozen():
    item = LimitationDate("uk_gdpr", date(2022, 11, 10), date(2028, 11, 10), "basis")
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.expires_on = date(2030, 1, 1)


def test_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        limitation_dates(date(2022, 11, 10), ADULT, False)


# -- the dates a letter to a client shows, as at the letter's date --------------------------------------

HRA_ENDED = ("human_rights_act", date(2022, 4, 20))
GDPR, MISUSE = ("uk_gdpr", date(2027, 4, 21)), ("misuse_private_information", date(2027, 4, 21))


@pytest.mark.parametrize("today, upcoming, passed, earliest, urgent", [
    # the reported letter: the HRA year ended in 2022, the six-year claims run to April 2027
    (date(2026, 11, 23), [GDPR, MISUSE], [HRA_ENDED], date(2027, 4, 21), False),
    # the last day itself is still to come
    (date(2027, 4, 21), [GDPR, MISUSE], [HRA_ENDED], date(2027, 4, 21), True),
    # the day after, everything has passed
    (date(2027, 4, 22), [], [HRA_ENDED, GDPR, MISUSE], None, False),
    # exactly eight weeks before is urgent, a day earlier is not
    (date(2027, 2, 24), [GDPR, MISUSE], [HRA_ENDED], date(2027, 4, 21), True),
    (date(2027, 2, 23), [GDPR, MISUSE], [HRA_ENDED], date(2027, 4, 21), False),
    # three days before the HRA deadline (the decline letter that went out with "well before it")
    (date(2022, 4, 17), [HRA_ENDED, GDPR, MISUSE], [], date(2022, 4, 20), True),
])
def test_a_letter_shows_only_dates_still_to_come(today, upcoming, passed, earliest, urgent):
    result = for_client([MISUSE, HRA_ENDED, GDPR], today=today)
    assert (result.upcoming, result.passed, result.earliest, result.urgent) == (upcoming, passed, earliest, urgent)


@pytest.mark.parametrize("today, expected", [
    (date(2022, 4, 17), "URGENT: the time limit for a Human Rights Act claim against a public body ends in 3 days, "
                        "on 20 April 2022. If you want to make this claim, contact another solicitor now: do not wait."),
    (date(2022, 4, 19), "URGENT: the time limit for a Human Rights Act claim against a public body ends tomorrow, "
                        "on 20 April 2022."),
    (date(2022, 4, 20), "ends today, on 20 April 2022."),
    (date(2022, 2, 21), ""),  # more than eight weeks away
    (date(2030, 1, 1), ""),  # nothing left to warn about
])
def test_the_urgent_warning_gives_the_days_left(today, expected):
    warning = urgent_warning(for_client([HRA_ENDED, GDPR], today=today))
    assert warning.startswith(expected) if expected.startswith("URGENT") else (expected in warning)
    if not expected:
        assert warning == ""


@pytest.mark.parametrize("cause, must_say, must_not_say", [
    ("human_rights_act", ["ended on 20 April 2022", "longer period is fair", "does not have to"], ["lost", "too late"]),
    ("uk_gdpr", ["a data protection claim (UK GDPR)", "likely to be too late", "deliberately hidden"], ["lost"]),
    (None, ["a court claim ended on 20 April 2022"], ["lost"]),
])
def test_a_passed_time_limit_is_explained_without_saying_the_claim_is_certainly_lost(cause, must_say, must_not_say):
    text = passed_in_plain_words(cause, date(2022, 4, 20))
    for phrase in must_say:
        assert phrase in text
    for phrase in must_not_say:
        assert phrase not in text.lower()


def test_every_cause_of_action_has_a_name_for_clients():
    assert set(CLIENT_NAMES) == set(CAUSES_OF_ACTION)
