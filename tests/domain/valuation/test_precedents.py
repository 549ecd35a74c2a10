"""The precedent table's schema: the curated file loads, and each problem names its row and column."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from claims.domain.valuation import PrecedentFrameError, load_precedent_frame
from claims.domain.valuation.precedents import REQUIRED_COLUMNS

from .conftest import AS_OF, PRECEDENTS_CSV


def row(**changes) -> dict:
    """One valid precedent row, as the file has it (text cells)."""
    base = {
        "case_name": "A v B", "citation": "[2024] EWHC 1 (KB)", "year": "2024", "court": "High Court",
        "jurisdiction": "England & Wales", "cause_of_action": "UK GDPR", "breach_type": "misdirected_communication",
        "data_categories": "social_care;children", "special_category": "false", "children_involved": "true",
        "recipients_scope": "single_recipient", "distress_level": "severe", "medical_evidence": "gp",
        "financial_loss_gbp": "0", "award_gbp": "5,000", "award_low_gbp": "", "award_high_gbp": "",
        "outcome": "award", "summary": "Letter to a neighbour", "source": "https://example.org/a-v-b",
    }
    return {**base, **changes}


def load(*rows: dict, **options):
    return load_precedent_frame(pd.DataFrame(list(rows)), as_of=AS_OF, **options)


def test_the_curated_file_loads_strictly(precedents):
    assert len(precedents) == 24
    assert precedents["row_number"].tolist() == list(range(2, 26))
    assert precedents["award_pence"].dtype == "Int64"
    by_name = precedents.set_index("case_name")
    assert by_name.loc["Halliday v Creation Consumer Finance Ltd", "award_pence"] == 75_000
    assert by_name.loc["Grinyer v Plymouth Hospitals NHS Trust", "financial_loss_pence"] == 480_000
    assert pd.isna(by_name.loc["TLT & Ors v Secretary of State for the Home Department", "special_category"])
    assert (precedents["origin"] == "published").all()


@pytest.mark.parametrize("case_name, reason", [
    ("Rolfe & Ors v Veale Wasbrough Vizards LLP", "dismissed as trivial"),
    ("Johnson v Eastlight Community Homes Ltd", "struck out"),
    ("Lloyd v Google LLC", "representative action refused"),
    ("Raine v JD Wetherspoon plc", "no award figure"),
    ("Weaver & Ors v British Airways plc (BA Data Event Group Litigation)", "no award figure"),
    ("Halliday v Creation Consumer Finance Ltd", ""),
    ("'John and Sarah' v unnamed Local Authority (adoption data breach, Enable Law)", ""),
])
def test_rows_that_cannot_inform_a_value_say_why(precedents, case_name, reason):
    found = precedents.set_index("case_name").loc[case_name]
    assert found["exclusion_reason"] == reason
    assert bool(found["include"]) is (reason == "")


def test_the_curated_file_loads_cleanly():
    loaded = load_precedent_frame(PRECEDENTS_CSV, as_of=AS_OF)
    assert loaded.errors == []
    assert loaded.frame["include"].sum() == 7
    assert set(loaded.frame.loc[~loaded.frame["include"], "exclusion_reason"]) >= {
        "marked not to inform a value (include=false)", "struck out"}


@pytest.mark.parametrize("column, value, message", [
    ("breach_type", "lost", "“lost” is not one of: misdirected_communication"),
    ("breach_type", "", "is not one of"),
    ("special_category", "maybe", "“maybe” is not one of: true, false, unknown or blank"),
    ("recipients_scope", "everyone", "“everyone” is not one of"),
    ("distress_level", "high", "“high” is not one of"),
    ("medical_evidence", "counsellor", "“counsellor” is not one of"),
    ("outcome", "won", "“won” is not one of"),
    ("award_gbp", "-5", "is not an amount in pounds of 0 or more"),
    ("award_gbp", "12.345", "is not an amount in pounds of 0 or more"),
    ("award_gbp", "20000000", "is more than £10,000,000"),
    ("year", "1979", "is not a year from 1980 to 2026"),
    ("year", "2027", "is not a year from 1980 to 2026"),
    ("case_name", "", "is empty"),
    ("source", "", "is empty"),
    ("source", "a newspaper", "must give at least one web address for a published precedent"),
    ("summary", "bad\x00text", "contains control characters"),
])
def test_each_bad_cell_names_its_row_and_column(column, value, message):
    loaded = load(row(), row(**{column: value}))
    assert [(error.row, error.column) for error in loaded.errors] == [(3, column)]
    assert message in loaded.errors[0].message
    assert len(loaded.frame) == 1  # the bad row is left out; the good one stays
    assert str(loaded.errors[0]).startswith(f"Row 3, {column}: ")


@pytest.mark.parametrize("changes, column, message", [
    ({"award_low_gbp": "9000", "award_high_gbp": "1000", "award_gbp": ""}, "award_low_gbp",
     "is more than award_high_gbp"),
    ({"award_low_gbp": "6000", "award_high_gbp": "9000"}, "award_gbp", "is outside award_low_gbp to award_high_gbp"),
    ({"include": "true", "outcome": "struck_out"}, "include", "gives no value to compare"),
    ({"include": "true", "award_gbp": "0"}, "include", "no award figure above £0"),
    ({"decided_on": "2023-05-01"}, "decided_on", "is not in the row's year"),
    ({"decided_on": "2024-13-01"}, "decided_on", "is not a date written YYYY-MM-DD"),
    ({"year": "", "decided_on": "2024-05-01"}, "year", "is empty but decided_on is given"),
    ({"origin": "rumour"}, "origin", "is not one of"),
])
def test_rules_across_a_row(changes, column, message):
    loaded = load(row(**changes))
    assert [(error.row, error.column) for error in loaded.errors] == [(2, column)]
    assert message in loaded.errors[0].message


def test_strict_raises_with_every_problem():
    with pytest.raises(PrecedentFrameError) as caught:
        load(row(breach_type="lost"), row(award_gbp="x"), strict=True)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "breach_type"), (3, "award_gbp")]
    assert "Row 2, breach_type" in str(caught.value)


def test_missing_and_unknown_columns_are_refused_whole():
    data = row(colour="red")
    del data["award_gbp"]
    with pytest.raises(PrecedentFrameError) as caught:
        load(data)
    assert [str(error) for error in caught.value.errors] == [
        "Row 1: Missing columns: award_gbp", "Row 1: Unknown columns: colour"]


def test_optional_columns_and_firm_rows():
    loaded = load(row(origin="firm", source="Firm file 2025/17", include="", verified="true", case_group="g1",
                      decided_on="2024-02-01", recipient_known_to_claimant="true", had_to_move="false"))
    assert loaded.errors == []
    found = loaded.frame.iloc[0]
    assert found["origin"] == "firm" and bool(found["include"]) and bool(found["verified"])
    assert found["decided_on"] == pd.Timestamp("2024-02-01") and found["case_group"] == "g1"


def test_include_false_keeps_a_row_as_context():
    found = load(row(include="false")).frame.iloc[0]
    assert not found["include"] and found["exclusion_reason"] == "marked not to inform a value (include=false)"


def test_a_csv_path_and_text_cells_from_a_frame_agree():
    path_frame = load_precedent_frame(PRECEDENTS_CSV, as_of=AS_OF).frame
    text = pd.read_csv(PRECEDENTS_CSV, dtype=str, keep_default_na=False)
    assert load_precedent_frame(text, as_of=AS_OF).frame.equals(path_frame)


def test_typed_database_rows_are_accepted():
    typed = {**row(), "id": 9, "version": 3, "row_number": 7, "award_gbp": None, "award_pence": 500_050,
             "financial_loss_gbp": None, "financial_loss_pence": 0, "special_category": False,
             "children_involved": None, "verified": True, "include": True, "origin": "published"}
    for key in ("award_gbp", "financial_loss_gbp", "award_low_gbp", "award_high_gbp"):
        typed.pop(key)
    typed.update(award_low_pence=None, award_high_pence=None)
    loaded = load_precedent_frame([typed], as_of=AS_OF)
    assert loaded.errors == []
    found = loaded.frame.iloc[0]
    assert found["row_number"] == 7 and found["award_pence"] == 500_050 and pd.isna(found["children_involved"])


def test_an_xlsx_frame_with_numbers_and_booleans():
    pytest.importorskip("openpyxl")
    buffer = io.BytesIO()
    frame = pd.DataFrame([row(award_gbp=5000.5, year=2024, special_category=False)])
    frame.to_excel(buffer, index=False)
    buffer.seek(0)
    loaded = load_precedent_frame(pd.read_excel(buffer, dtype=object), as_of=AS_OF)
    assert loaded.errors == []
    assert loaded.frame.iloc[0]["award_pence"] == 500_050


def test_required_columns_are_the_agreed_ones():
    """The researched columns come first, in their agreed order; the curation columns follow."""
    columns = tuple(pd.read_csv(PRECEDENTS_CSV, nrows=0).columns)
    assert columns[:len(REQUIRED_COLUMNS)] == REQUIRED_COLUMNS
