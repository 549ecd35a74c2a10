"""The derived facts every feature reads: public authority, children involved, medical evidence."""
from __future__ import annotations

from datetime import date

import pytest

from claims.domain import vocab
from claims.domain.claim_facts import (
    child_on, children_involved, medical_evidence, personal_injury, public_authority, recipient_known, special_category,
)


@pytest.mark.parametrize("register, answer, sector, expected", [
    (True, None, None, True),
    (True, False, "retail", True),          # the register says so
    (None, True, "retail", True),           # the claimant says so
    (False, True, "retail", True),          # a register entry made from a "no" never outweighs a "yes"
    (None, None, "nhs", True),              # "not sure", but an NHS body
    (False, None, "nhs", True),             # the register entry a letter's address step made from "not sure"
    (None, False, "local_authority", True),
    (None, None, "police", True),
    (None, None, "central_government", True),
    (None, None, "retail", False),
    (False, False, "retail", False),
    (None, None, None, False),
])
def test_public_authority(register, answer, sector, expected):
    assert public_authority(register, answer, sector) is expected


def test_public_sectors_are_sectors_the_form_offers():
    assert vocab.PUBLIC_SECTORS <= set(vocab.SECTORS)


BREACH = date(2025, 11, 10)


@pytest.mark.parametrize("born_on, categories, expected", [
    (date(2007, 11, 11), ["contact_details"], True),    # 17 on the breach date (18 the next day)
    (date(2007, 11, 10), ["contact_details"], False),   # 18 that very day
    (date(1986, 6, 14), ["contact_details"], False),
    (date(1986, 6, 14), ["contact_details", "children"], True),
    (date(1986, 6, 14), ["social_care"], True),
    (None, ["contact_details"], False),                 # no date of birth: an adult
    (None, [], False),
    (date(2015, 9, 3), [], True),
])
def test_children_involved(born_on, categories, expected):
    assert children_involved(born_on, BREACH, categories) is expected


@pytest.mark.parametrize("born_on, on, expected", [
    (date(2008, 2, 29), date(2026, 2, 27), True),
    (date(2008, 2, 29), date(2026, 2, 28), False),  # a leap-day baby comes of age on 28 February
    (None, date(2026, 2, 28), False),
])
def test_child_on(born_on, on, expected):
    assert child_on(born_on, on) is expected


@pytest.mark.parametrize("help_, diagnosed, expected", [
    ("none", False, "none"),
    ("none", True, "none"),                    # a diagnosis with no one seen is not medical evidence
    ("gp", False, "gp"),
    ("gp", True, "gp"),                        # GP-diagnosed anxiety is not a psychiatric diagnosis
    ("counsellor", False, "gp"),
    ("counsellor", True, "gp"),
    ("specialist", False, "gp"),               # seen by a mental health team, no diagnosis
    ("specialist", True, "psychiatric_diagnosis"),
    (None, None, "none"),
])
def test_medical_evidence(help_, diagnosed, expected):
    assert medical_evidence(help_, diagnosed) == expected


def test_medical_evidence_knows_every_kind_of_help_the_form_offers():
    assert {medical_evidence(code, True) for code in vocab.MEDICAL_HELP} == {"none", "gp", "psychiatric_diagnosis"}


@pytest.mark.parametrize("help_, diagnosed, injury", [
    ("specialist", True, True),    # a psychiatrist or mental health team, and a diagnosis
    ("specialist", False, False),  # seen, not diagnosed
    ("gp", True, False),           # GP-diagnosed anxiety: not treated as a personal injury here
    ("counsellor", True, False),
    ("none", False, False),
    (None, None, False),
])
def test_personal_injury_is_a_diagnosed_psychiatric_injury(help_, diagnosed, injury):
    assert personal_injury(medical_evidence(help_, diagnosed)) is injury


@pytest.mark.parametrize("relationship, known", [
    ("neighbour", True), ("ex_partner", True), ("family", True), ("colleague", True),
    ("someone_else_known", True), ("stranger", False), ("professional", False), (None, False)])
def test_recipient_known(relationship, known):
    assert recipient_known(relationship) is known


def test_every_relationship_the_form_offers_has_an_answer():
    assert {recipient_known(code) for code in vocab.RECIPIENT_RELATIONSHIPS} == {True, False}


@pytest.mark.parametrize("categories, expected", [
    (["contact_details"], False), (["contact_details", "health"], True), ([], False),
    (["sexual_life"], True), (["children"], False)])
def test_special_category(categories, expected):
    assert special_category(categories) is expected
