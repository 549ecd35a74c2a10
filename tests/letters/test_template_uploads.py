"""Staff upload a new version of a letter template: it is checked against the sample claim,
problems are named, nothing half-stored, and earlier versions can be put back."""
from __future__ import annotations

from datetime import date
from io import BytesIO

from docx import Document
from sqlalchemy import select

from claims.extensions import db
from claims.letters import documents, templates
from claims.models import LetterTemplate
from tests.word_files import docx_text
from tests.pages import parse


def template_with(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client, data: bytes, note: str = "New wording", name: str = "letter.docx"):
    return client.post("/staff/letters/templates/acknowledgement",
                       data={"file": (BytesIO(data), name), "note": note}, content_type="multipart/form-data")


def problems(response) -> list[str]:
    page = parse(response)
    return [item.text for item in page.find_all("li") if page.by_id("problems") is not None]


def test_a_template_using_an_unknown_name_is_refused_by_name(client, login_as):
    login_as("partner")
    response = upload(client, template_with("Dear {{ client.name }}", "Ref {{ claim.referenc }}", "{{ colour }}"))
    text = parse(response).text
    assert response.status_code == 200
    assert "The template was not uploaded" in text and "“colour”" in text
    assert db.session.scalar(select(LetterTemplate)) is None


def test_an_unknown_attribute_is_named(client, login_as):
    login_as("partner")
    response = upload(client, template_with("Dear {{ client.name }}", "Ref {{ claim.referenc }}"))
    text = parse(response).text
    assert "“referenc”" in text and "Ref" in text  # the name, and the text near it
    assert db.session.scalar(select(LetterTemplate)) is None


def test_a_broken_tag_is_reported(client, login_as):
    login_as("partner")
    response = upload(client, template_with("{% if claimant.is_child %}Child", "no endif here"))
    assert "A tag is not written correctly" in parse(response).text
    assert db.session.scalar(select(LetterTemplate)) is None


def test_a_file_that_is_not_a_word_document_is_refused_by_content(client, login_as):
    login_as("partner")
    response = upload(client, b"%PDF-1.4 not a docx", name="letter.docx")
    assert "not a Word document" in parse(response).text


def test_a_zip_bomb_is_refused_before_anything_unpacks_it(client, login_as):
    from tests.sample_files import lie_about_size, make_docx_bomb

    login_as("partner")
    response = upload(client, lie_about_size(make_docx_bomb(), "word/document.xml"))
    assert response.status_code == 200
    assert "The file could not be checked: it unpacks to more than 100 MB." in parse(response).by_id("problems").text
    assert db.session.scalar(select(LetterTemplate)) is None


def test_the_sandbox_refuses_python_internals(client, login_as):
    login_as("partner")
    response = upload(client, template_with("{{ client.name.__class__.__mro__[1].__subclasses__() }}"))
    assert "may not do" in parse(response).text or "letters do not provide" in parse(response).text
    assert db.session.scalar(select(LetterTemplate)) is None


def test_a_good_template_becomes_the_next_version_and_can_be_rolled_back(client, login_as, make_claim):
    login_as("partner")
    response = upload(client, template_with("Dear {{ client.name }}, your reference is {{ claim.reference }}. V1"))
    assert response.status_code == 302
    upload(client, template_with("Dear {{ client.name }}, reference {{ claim.reference }}. V2"), note="Shorter")
    rows = db.session.scalars(select(LetterTemplate).order_by(LetterTemplate.version)).all()
    assert [(row.version, row.active, row.note) for row in rows] == [(1, False, "New wording"), (2, True, "Shorter")]

    claim = make_claim()
    made = documents.make(claim, "acknowledgement", by=None, today=date.today())
    assert "V2" in docx_text(documents.read(made)) and made.template_version == 2

    client.post("/staff/letters/templates/acknowledgement/activate", data={"version": "1"})
    assert templates.active("acknowledgement").version == 1
    client.post("/staff/letters/templates/acknowledgement/activate", data={"version": ""})
    assert templates.active("acknowledgement").version is None  # the shipped template
    sample = client.get("/staff/letters/templates/acknowledgement/sample")
    assert sample.status_code == 200 and "BC-2026-000123" in sample.get_data(as_text=True)


def test_solicitors_cannot_change_templates(client, login_as):
    login_as("solicitor")
    assert upload(client, template_with("{{ client.name }}")).status_code == 403


def test_an_uploaded_template_keeps_a_safe_file_name(client, login_as):
    login_as("partner")
    response = upload(client, template_with("Dear {{ client.name }}"), name="../../le\u202etter\x85.docx")
    assert response.status_code == 302
    row = db.session.scalars(select(LetterTemplate)).one()
    assert row.original_name == "letter.docx"  # no path, no control or formatting characters


RAW_ANSWERS = ("account", "recipients_scope", "recipient_relationship", "recipient_details", "distress_level",
               "effects", "effects_details", "medical_help", "diagnosis_details", "organisation_reply")


def test_a_letter_template_cannot_print_the_clients_raw_answers(client, login_as):
    """Only the solicitor-confirmed facts reach a letter: the client's own words, and their health, are not names
    any letter (to the defendant or the client) can use."""
    login_as("partner")
    for kind in ("letter_of_claim", "acknowledgement"):
        for name in RAW_ANSWERS:
            response = client.post(f"/staff/letters/templates/{kind}",
                                   data={"file": (BytesIO(template_with(f"They said: {{{{ claim.{name} }}}}")),
                                                  "letter.docx"), "note": "Raw answers"},
                                   content_type="multipart/form-data")
            text = parse(response).text
            assert "The template was not uploaded" in text and f"“{name}”" in text, (kind, name)
    assert db.session.scalar(select(LetterTemplate)) is None
