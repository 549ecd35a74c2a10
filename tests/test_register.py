"""The defendant register: `flask load-register` imports the ICO actions once, checks every row first."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from claims.domain.vocab import BREACH_TYPES, SECTORS
from claims.extensions import db
from claims.models import Defendant, Incident
from claims.register.loader import COLUMNS, DATA_FILE, RegisterError, parse_row, read_register

SHARED_COPY_ROWS = 40


def load(app, *args):
    return app.test_cli_runner().invoke(args=["load-register", *args])


def counts():
    return (db.session.scalar(select(func.count(Defendant.id))), db.session.scalar(select(func.count(Incident.id))))


def rows_of(path=DATA_FILE) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_rows(path, rows, columns=COLUMNS):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_the_register_file_keeps_a_source_on_every_row():
    rows = rows_of()
    assert len(rows) == SHARED_COPY_ROWS
    assert all(row["source"].startswith("http") for row in rows)


def test_load_register_imports_every_action_with_codes_from_our_vocabularies(app):
    result = load(app)
    assert result.exit_code == 0, result.output
    organisations = {row["organisation"].lower() for row in rows_of()}
    assert counts() == (len(organisations), SHARED_COPY_ROWS)
    incidents = db.session.scalars(select(Incident)).all()
    assert all(i.source and i.summary and i.breach_type in BREACH_TYPES and i.occurred_on is None for i in incidents)
    assert all(d.sector in SECTORS for d in db.session.scalars(select(Defendant)))
    trust = db.session.scalar(select(Defendant).where(Defendant.name.startswith("Birmingham Children's Trust")))
    assert trust.sector == "local_authority" and trust.public_authority


def test_dates_and_penalties_are_kept_as_precisely_as_the_source_gives_them(app):
    load(app)
    plymouth = db.session.scalar(select(Incident).join(Defendant).where(Defendant.name == "Plymouth City Council"))
    assert plymouth.title == "ICO monetary penalty, November 2012"
    assert plymouth.regulator_action_on is None  # the file gives the month only
    assert plymouth.regulator_penalty_pence == 60_000 * 100
    herts = db.session.scalar(select(Incident).join(Defendant).where(Defendant.name == "Hertfordshire County Council"))
    assert herts.title == "ICO monetary penalty, 24/11/2010" and herts.regulator_action_on == date(2010, 11, 24)
    swp = db.session.scalar(select(Defendant).where(Defendant.name == "South Wales Police"))
    assert sorted(i.regulator_action for i in swp.incidents) == ["monetary_penalty", "reprimand"]
    assert all(i.regulator_penalty_pence is None for i in swp.incidents if i.regulator_action == "reprimand")


def test_running_it_again_adds_nothing(app):
    load(app)
    before = counts()
    result = load(app)
    assert result.exit_code == 0 and "0 added" in result.output
    assert counts() == before


def test_a_corrected_row_updates_the_incident_in_place(app, tmp_path):
    load(app)
    rows = rows_of()
    rows[0]["penalty_gbp"] = "110000"
    result = load(app, "--file", str(write_rows(tmp_path / "fixed.csv", rows)))
    assert result.exit_code == 0 and "1 updated" in result.output
    assert counts()[1] == SHARED_COPY_ROWS
    herts = db.session.scalar(select(Incident).join(Defendant).where(Defendant.name == "Hertfordshire County Council"))
    assert herts.regulator_penalty_pence == 110_000 * 100


def test_a_bad_row_is_named_and_nothing_is_imported(app, tmp_path):
    rows = rows_of()
    rows[4]["sector"] = "spaceport"
    result = load(app, "--file", str(write_rows(tmp_path / "bad.csv", rows)))
    assert result.exit_code != 0
    assert "row 5 (line 6)" in result.output and "spaceport" in result.output
    assert counts() == (0, 0)


def test_a_wrong_header_is_refused(app, tmp_path):
    rows = [{("org" if key == "organisation" else key): value for key, value in row.items()} for row in rows_of()]
    columns = ["org", *COLUMNS[1:]]
    result = load(app, "--file", str(write_rows(tmp_path / "header.csv", rows, columns)))
    assert result.exit_code != 0 and "missing organisation" in result.output and "unexpected org" in result.output
    assert counts() == (0, 0)


def test_a_repeated_action_is_refused(tmp_path):
    rows = rows_of()
    with pytest.raises(RegisterError, match=r"row 41: repeats row 1"):
        read_register(write_rows(tmp_path / "twice.csv", [*rows, rows[0]]))


def good_row(**changes) -> dict:
    row = dict(rows_of()[0])
    row.update(changes)
    return row


@pytest.mark.parametrize(("changes", "message"), [
    ({"organisation": ""}, "organisation is empty"),
    ({"public_authority": "yes"}, "public_authority"),
    ({"action_type": "fine"}, "action_type"),
    ({"action_date": "24/11/2010"}, "not YYYY-MM-DD"),
    ({"action_date": "2010-02-30"}, "not a real date"),
    ({"penalty_gbp": "100,000.50"}, "not a whole number"),
    ({"penalty_gbp": ""}, "needs penalty_gbp"),
    ({"action_type": "reprimand"}, "penalty_gbp is given for a reprimand"),
    ({"breach_type": "hacking"}, "breach_type"),
    ({"individuals_affected": "about 50"}, "not a whole number"),
    ({"children_involved": "maybe"}, "children_involved"),
    ({"source": "a newspaper"}, "web addresses"),
])
def test_parse_row_says_what_is_wrong(changes, message):
    with pytest.raises(ValueError, match=message):
        parse_row(good_row(**changes))


def test_intake_links_a_claim_to_the_register_by_name_in_any_case(app, make_claim):
    load(app)
    claim = make_claim(organisation={"organisation_name": "plymouth CITY council", "sector": "local_authority",
                                     "public_body": "yes"})
    assert claim.defendant is not None and claim.defendant.name == "Plymouth City Council"
