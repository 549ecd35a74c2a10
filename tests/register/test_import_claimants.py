"""Importing a list of claimants for an incident (/staff/incidents/<id>/import): the file checked by content,
every problem listed by row and column, nothing imported unless every row passes or the user chose to import the
valid rows, duplicates found in the file and in the database, and each claimant emailed a secure link to complete
the claim form, whose claim is then matched to the incident."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from claims import mail
from claims.extensions import db
from claims.intake.submission import submit_draft
from claims.links import hash_token
from claims.models import AuditEvent, Defendant, Incident, IntakeDraft, OutboxMessage
from tests.journey import complete_answers
from tests.pages import parse

HEADER = "first_name,last_name,date_of_birth,email,phone,address_line_1,address_line_2,town,postcode"
GOOD = [
    "Alex,Morgan,14/06/1986,alex@example.com,07700 900982,1 High Street,,Plymouth,pl1 2ab",
    "Sam,O'Neill,1990-01-31,sam@example.com,,2 Low Road,Flat 3,Plymouth,PL4 8AA",
    "Jo,Smith,03/09/1975,jo@example.com,,3 Hoe Street,,Plymouth,PL1 3BB",
]


@pytest.fixture
def incident(app):
    defendant = Defendant(name="Plymouth City Council", sector="local_authority", public_authority=True)
    db.session.add(defendant)
    db.session.flush()
    record = Incident(defendant_id=defendant.id, title="Reports posted to neighbours",
                      breach_type="misdirected_communication", occurred_on=date(2024, 1, 1))  # far from the breach: linked by the import
    db.session.add(record)
    db.session.commit()
    return record


def upload(client, incident, content: bytes, name="claimants.csv", import_valid=False):
    data = {"file": (io.BytesIO(content), name)}
    if import_valid:
        data["import_valid"] = "y"
    return client.post(f"/staff/incidents/{incident.id}/import", data=data, content_type="multipart/form-data")


def csv_of(*rows, header=HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def drafts() -> list[IntakeDraft]:
    return list(db.session.scalars(select(IntakeDraft).where(IntakeDraft.incident_id.is_not(None)).order_by(IntakeDraft.id)))


def problems(response) -> list[tuple[str, str, str]]:
    page = parse(response)
    table = page.by_id("import-problems")
    cells = [" ".join(e.text.split()) for e in page.elements if e.tag == "td" and page.elements.index(e) > page.elements.index(table)]
    return [tuple(cells[i:i + 3]) for i in range(0, len(cells), 4)]


def test_every_valid_claimant_gets_a_draft_and_a_secure_link_and_their_claim_is_matched(client, login_as, incident):
    login_as("solicitor")
    response = upload(client, incident, csv_of(*GOOD))
    assert response.status_code == 200
    assert "3 of 3 claimant(s) imported" in parse(response).by_id("import-result").text
    made = drafts()
    assert [d.incident_id for d in made] == [incident.id] * 3
    assert made[1].answers["about-you"]["last_name"] == "O'Neill"
    assert made[1].answers["about-you"]["date_of_birth"] == "1990-01-31"
    assert made[0].answers["about-you"]["postcode"] == "PL1 2AB"
    assert made[0].answers["organisation"] == {"organisation_name": "Plymouth City Council", "sector": "local_authority",
                                               "public_body": "yes"}
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.to_address for m in messages] == ["alex@example.com", "sam@example.com", "jo@example.com"]
    body = mail.body_of(messages[0])
    token = re.search(r"/claim/resume\?t=([\w-]+)", body).group(1)
    assert body.startswith("We have been asked to contact you") and "http://claims.test/claim/resume?t=" in body
    assert not re.search(r"neighbour|social|health|child", body, re.IGNORECASE)  # nothing of what was disclosed
    assert db.session.scalar(select(IntakeDraft).where(IntakeDraft.token_hash == hash_token(token))).id == made[0].id
    assert token not in str([d.token_hash for d in made])
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "incident.claimants_imported"))
    assert event.details == {"imported": 3, "rows": 3, "rows_with_problems": 0}

    client.post("/staff/sign-out")
    resumed = client.get(f"/claim/resume?t={token}")
    assert resumed.status_code == 302 and resumed.headers["Location"].endswith("/claim/what-happened")
    draft = made[0]
    draft.answers = {**complete_answers(), **draft.answers}
    claim = submit_draft(draft, today=date(2026, 11, 23))
    db.session.commit()
    assert (claim.incident_id, claim.defendant_id, claim.match_state) == (incident.id, incident.defendant_id, "suggested")


# column, what the cell holds, the message
ROW_PROBLEMS = [
    ("first_name", "", "First name", "First name is missing"),
    ("date_of_birth", "31/02/1980", "Date of birth", "Date of birth must be a real date, like 27/03/1984"),
    ("date_of_birth", "1980/02/01", "Date of birth", "Date of birth must be a real date, like 27/03/1984"),
    ("date_of_birth", "01/01/2015", "Date of birth",
     "The claimant is under 18: a parent or guardian must claim for them through the claim form"),
    ("email", "alex(at)example.com", "Email", "Email must be an email address, like name@example.com"),
    ("postcode", "PL1", "Postcode", "Postcode must be a real UK postcode, like SW1A 1AA"),
    ("phone", "call me", "Phone", "Phone must be a phone number, like 07700 900 982"),
    ("town", "x" * 81, "Town", "Town must be 80 characters or fewer"),
    ("last_name", "Mor\u202egan", "Last name", "Last name contains hidden formatting or control characters"),
]


@pytest.mark.parametrize("column, typed, label, message", ROW_PROBLEMS)
def test_each_problem_is_listed_by_row_and_column_and_nothing_is_imported(client, login_as, incident, column, typed,
                                                                        label, message):
    login_as("solicitor")
    names = HEADER.split(",")
    bad = GOOD[0].split(",")
    bad[names.index(column)] = typed
    response = upload(client, incident, csv_of(GOOD[1], ",".join(bad), GOOD[2]))
    assert problems(response) == [("3", label, message)]
    assert "Nothing was imported" in parse(response).by_id("import-refused").text
    assert drafts() == [] and db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_every_problem_of_every_row_is_listed_and_typed_text_is_inert(client, login_as, incident):
    login_as("solicitor")
    response = upload(client, incident, csv_of(
        "<script>alert(1)</script>,Morgan,bad,not-an-email,,1 High St,,Plymouth,XX",
        GOOD[0],
        "=HYPERLINK(\"http://evil\"),Smith,01/01/1970,a@example.com,,,,Plymouth,PL1 1AA"))
    assert problems(response) == [
        ("2", "Date of birth", "Date of birth must be a real date, like 27/03/1984"),
        ("2", "Email", "Email must be an email address, like name@example.com"),
        ("2", "Postcode", "Postcode must be a real UK postcode, like SW1A 1AA"),
        ("4", "Address line 1", "Address line 1 is missing"),
    ]
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert drafts() == []


def test_import_the_valid_rows_when_the_user_chooses_to(client, login_as, incident):
    login_as("solicitor")
    response = upload(client, incident, csv_of(GOOD[0], "Bad,Row,,,,,,,", GOOD[2]), import_valid=True)
    assert "2 of 3 claimant(s) imported" in parse(response).by_id("import-result").text
    assert [d.answers["about-you"]["email"] for d in drafts()] == ["alex@example.com", "jo@example.com"]
    assert problems(response)[0][0] == "3"


def test_duplicates_within_the_file_and_against_the_database(client, login_as, incident, make_claim):
    make_claim(**{"about-you": {"email": "existing@example.com", "first_name": "Pat", "last_name": "Lee"}})  # against the council
    login_as("solicitor")
    response = upload(client, incident, csv_of(
        GOOD[0],
        "ALEX,morgan,14/06/1986,other@example.com,,1 High Street,,Plymouth,PL1 2AB",  # same name and birth as row 2
        "Jordan,Morgan,01/01/1980,Alex@Example.com,,1 High Street,,Plymouth,PL1 2AB",  # same email as row 2
        "Pat,Lee,01/01/1980,existing@example.com,,9 Road,,Plymouth,PL1 2AB"))  # has a claim already
    assert problems(response) == [
        ("3", "The row", "is the same claimant as row 2 (same name and date of birth)"),
        ("4", "The row", "is the same claimant as row 2 (same email)"),
        ("5", "The row", "may be a duplicate: this claimant already has a claim against the defendant or an "
                         "invitation for this incident"),
    ]
    assert drafts() == []
    upload(client, incident, csv_of(GOOD[0]))
    again = upload(client, incident, csv_of(GOOD[0]))  # invited already
    assert problems(again)[0][2].startswith("may be a duplicate")
    assert len(drafts()) == 1


def xlsx_of(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_workbook_is_read_with_dates_as_cells(client, login_as, incident):
    login_as("partner")
    content = xlsx_of([HEADER.split(","), ["Alex", "Morgan", date(1986, 6, 14), "alex@example.com", None,
                                           "1 High Street", None, "Plymouth", "PL1 2AB"]])
    response = upload(client, incident, content, name="list.xlsx")
    assert "1 of 1 claimant(s) imported" in parse(response).by_id("import-result").text
    assert drafts()[0].answers["about-you"]["date_of_birth"] == "1986-06-14"


@pytest.mark.parametrize("name, content, message", [
    ("list.xlsx", b"first_name,last_name\n", "The file is named .xlsx but is not an Excel workbook."),
    ("list.csv", b"PK\x03\x04 not text", "The file is named .csv but is not a text file."),
    ("list.csv", "é".encode("latin-1") * 3, "The file is named .csv but is not UTF-8 text. Save it as “CSV UTF-8”."),
    ("list.txt", b"a,b\n", "Choose a .csv or .xlsx file."),
    ("list.csv", b"", "The file is empty."),
    ("list.csv", b"name,email\nAlex,a@example.com\n", None),
])
def test_a_file_that_is_not_a_list_of_claimants_is_refused(client, login_as, incident, name, content, message):
    login_as("solicitor")
    page = parse(upload(client, incident, content, name=name))
    if message:
        assert page.error_message("file") == message
    else:
        assert page.error_message("file").startswith("The first row must name the columns")
    assert drafts() == []


def test_only_solicitors_and_partners_import(client, login_as, incident):
    login_as("admin")
    assert upload(client, incident, csv_of(*GOOD)).status_code == 403
    assert drafts() == []


def test_a_claimant_on_the_other_side_is_listed_and_a_client_defendant_is_warned_of(client, login_as, incident):
    from claims.domain.register import name_key, person_key
    from claims.models import ConflictEntry

    db.session.add_all([ConflictEntry(kind="opponent", name="Jo Smith", name_key=person_key("Jo Smith")),
                        ConflictEntry(kind="client", name="Plymouth City Council Ltd",
                                      name_key=name_key("Plymouth City Council Ltd"))])
    db.session.commit()
    login_as("solicitor")
    assert "Conflict of interest" in parse(client.get(f"/staff/incidents/{incident.id}/import")).by_id("conflict-warning").text
    response = upload(client, incident, csv_of(*GOOD))
    assert problems(response) == [("4", "The row", "is on the firm's conflict list: on the other side of a matter the "
                                                   "firm runs")]
    assert drafts() == []


def test_the_problems_download_as_csv_with_every_cell_inert_and_nothing_imported(client, login_as, incident):
    import csv as csv_module

    login_as("solicitor")
    data = {"file": (io.BytesIO(csv_of(GOOD[0], '=HYPERLINK("http://evil"),x,bad,a@example.com,,1 St,,Town,PL1 1AA')),
                     "list.csv"), "action": "problems", "import_valid": "y"}
    response = client.post(f"/staff/incidents/{incident.id}/import", data=data, content_type="multipart/form-data")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv_module.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows == [["Row", "Column", "Problem", "What the file holds"],
                    ["3", "Date of birth", "Date of birth must be a real date, like 27/03/1984", "bad"]]
    data["file"] = (io.BytesIO(csv_of('=cmd|x,Morgan,bad,a@example.com,,1 St,,Town,PL1 1AA')), "list.csv")
    rows = list(csv_module.reader(io.StringIO(client.post(
        f"/staff/incidents/{incident.id}/import", data=data, content_type="multipart/form-data").get_data(as_text=True))))
    assert rows[1][3] == "bad"
    data["file"] = (io.BytesIO(csv_of('Alex,Morgan,14/06/1986,=1+1,,1 St,,Town,PL1 1AA')), "list.csv")
    rows = list(csv_module.reader(io.StringIO(client.post(
        f"/staff/incidents/{incident.id}/import", data=data, content_type="multipart/form-data").get_data(as_text=True))))
    assert rows[1][3] == "'=1+1"  # the formula is text
    assert drafts() == []
