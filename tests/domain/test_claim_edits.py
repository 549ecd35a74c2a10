"""Staff editing, the pure part: which fields feed limitation, valuation and the letter's facts; changes as
people read them."""
from __future__ import annotations

from datetime import date

import pytest

from claims.domain import claim_edits as rules
from claims.domain.claim_edits import Change, Loss


@pytest.mark.parametrize("fields, limitation, valuation, letter_facts", [
    ({"claimant.first_name"}, False, False, False),
    ({"claimant.email", "claimant.phone", "claimant.town"}, False, False, False),
    ({"claimant.date_of_birth"}, True, True, False),
    ({"claimant.postcode"}, True, False, False),  # screening reads where the claimant lives; valuation does not
    ({"breach_on"}, True, True, True),
    ({"discovered_on"}, True, False, True),
    ({"data_categories"}, False, True, False),
    ({"distress_level"}, False, True, True),
    ({"effects"}, False, True, True),
    ({"effects_details"}, False, False, False),
    ({"medical_help"}, True, True, True),
    ({"diagnosed"}, True, True, True),
    ({"diagnosis_details"}, False, False, True),
    ({"condition_worsened"}, False, False, False),
    ({"effects_ongoing"}, False, True, True),
    ({"loss"}, False, True, False),
    ({"defendant_name"}, False, False, False),
    ({"defendant_sector"}, True, True, False),
    ({"defendant_public_authority"}, True, True, False),
    ({"defendant_id"}, True, True, False),
    (set(), False, False, False),
    ({"claimant.first_name", "loss"}, False, True, False),
])
def test_what_an_edit_sets_off(fields, limitation, valuation, letter_facts):
    assert rules.consequences(fields) == rules.Consequences(limitation, valuation, letter_facts)


def test_every_section_field_is_a_known_field_and_every_field_in_one_section():
    in_sections = [field for _title, fields in rules.SECTIONS.values() for field in fields]
    assert sorted(in_sections) == sorted(rules.FIELDS)
    assert rules.LIMITATION_INPUTS | rules.VALUATION_INPUTS | rules.LETTER_FACTS <= set(rules.FIELDS)


@pytest.mark.parametrize("field, value, shown", [
    ("claimant.first_name", "Alex", "Alex"),
    ("claimant.first_name", "", None),
    ("claimant.phone", None, None),
    ("claimant.date_of_birth", date(1986, 6, 14), "14/06/1986"),
    ("breach_on", date(2025, 11, 3), "03/11/2025"),
    ("diagnosed", True, "Yes"),
    ("diagnosed", False, "No"),
    ("defendant_public_authority", None, "Not sure"),
    ("defendant_public_authority", True, "Yes"),
    ("defendant_public_authority", False, "No"),
    ("distress_level", "significant", "A great deal"),
    ("medical_help", "gp", "My GP"),
    ("data_categories", ["social_care", "contact_details"], "Name, address, phone or email, Social care or child protection records"),
    ("data_categories", [], None),
    ("effects", ["sleep", "anxiety"], "Anxiety or worry, Trouble sleeping"),  # in the vocabulary's order
    ("loss", Loss("therapy", 24000, "Four sessions", True), "Therapy or counselling: £240.00 – Four sessions (evidenced)"),
    ("loss", Loss("travel", 1250), "Travel: £12.50"),
    ("defendant_id", "Plymouth City Council", "Plymouth City Council"),
    ("defendant_id", None, None),
    ("unknown_field", "x", "x"),
])
def test_values_as_the_history_shows_them(field, value, shown):
    assert rules.shown(field, value) == shown


@pytest.mark.parametrize("old, new, changed", [
    ({"claimant.first_name": "Alex"}, {"claimant.first_name": "Alex"}, []),
    ({"claimant.first_name": "Alex"}, {"claimant.first_name": "Alexa"}, [("claimant.first_name", "Alex", "Alexa")]),
    ({"claimant.phone": None}, {"claimant.phone": ""}, []),  # blank either way
    ({"claimant.phone": "07700 900982"}, {"claimant.phone": None}, [("claimant.phone", "07700 900982", None)]),
    ({"breach_on": date(2025, 11, 10)}, {"breach_on": date(2025, 11, 3)}, [("breach_on", "10/11/2025", "03/11/2025")]),
    ({"data_categories": ["health", "financial"]}, {"data_categories": ["financial", "health"]}, []),  # order is no change
    ({"diagnosed": True}, {"diagnosed": True}, []),
    ({"diagnosed": True}, {"diagnosed": False}, [("diagnosed", "Yes", "No")]),
    ({"defendant_public_authority": None}, {"defendant_public_authority": False},
     [("defendant_public_authority", "Not sure", "No")]),
    ({"defendant_id": None}, {"defendant_id": "Acme Ltd"}, [("defendant_id", None, "Acme Ltd")]),
    # only fields in both are compared, in the order of FIELDS
    ({"breach_on": date(2025, 1, 1), "claimant.last_name": "A", "town": "x"},
     {"claimant.last_name": "B", "breach_on": date(2025, 1, 2)},
     [("claimant.last_name", "A", "B"), ("breach_on", "01/01/2025", "02/01/2025")]),
])
def test_diff_lists_the_changed_fields(old, new, changed):
    assert [(c.field, c.old, c.new) for c in rules.diff(old, new)] == changed


def test_a_change_carries_the_label():
    assert rules.diff({"breach_on": date(2025, 1, 1)}, {"breach_on": date(2025, 1, 2)}) == [
        Change("breach_on", "Date of the breach", "01/01/2025", "02/01/2025")]


THERAPY, TRAVEL = Loss("therapy", 24000, "Four sessions"), Loss("travel", 1250)
T, R = "Therapy or counselling: £240.00 – Four sessions", "Travel: £12.50"  # as the history shows them


@pytest.mark.parametrize("old, new, changed", [
    ({1: THERAPY, 2: TRAVEL}, {1: THERAPY, 2: TRAVEL}, []),
    ({1: THERAPY, 2: TRAVEL}, {1: THERAPY}, [(R, None)]),
    ({1: THERAPY}, {1: THERAPY, "new-1": TRAVEL}, [(None, R)]),
    ({1: THERAPY}, {1: Loss("therapy", 30000, "Four sessions")},
     [(T, "Therapy or counselling: £300.00 – Four sessions")]),
    ({1: THERAPY}, {1: Loss("therapy", 24000, "Four sessions", True)},
     [(T, "Therapy or counselling: £240.00 – Four sessions (evidenced)")]),
    ({1: THERAPY, 2: TRAVEL}, {"a": TRAVEL}, [(T, None), (R, None), (None, R)]),  # keyed by id, not by value
])
def test_loss_changes_one_per_loss_changed_added_or_removed(old, new, changed):
    result = rules.loss_changes(old, new)
    assert [(c.old, c.new) for c in result] == changed
    assert {c.field for c in result} <= {"loss"}


@pytest.mark.parametrize("field, text", [
    ("breach_on", "Date of the breach"), ("loss", "Financial loss"), ("incident_id", "Incident"),
    ("something_else", "something_else"),
])
def test_labels_never_raise(field, text):
    assert rules.label(field) == text
