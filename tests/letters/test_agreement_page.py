"""The signing page and the CFA it shows: never an empty "what you keep" table, the costs on the
claim's likely track, plain words, and an HTML copy of the document made once, not per view."""
from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import html as lxml_html

from claims.extensions import db
from claims.letters import agreements, documents, preview, templates
from claims.firm import firm_settings
from claims.valuation import review, service
from tests.letters.test_flow import ACCEPT, signing_link, stored_text
from tests.sample_files import make_png


def _accept(client, claim) -> str:
    response = client.post(f"/staff/claims/{claim.id}/accept", data=ACCEPT)
    assert response.status_code == 302, response.get_data(as_text=True)
    return signing_link(claim)


def _approve(claim, partner, *, low: int, mid: int, high: int) -> None:
    """Value the claim and have a partner set its range (the letters read the agreed range)."""
    snapshot = service.value_claim(claim, user=partner, as_of=date(2026, 11, 23))
    review.adjust(snapshot, partner, low_pence=low, mid_pence=mid, high_pence=high, reason="Checked against TLT")
    db.session.commit()


def _value_without_review(claim, user) -> None:
    service.value_claim(claim, user=user, as_of=date(2026, 11, 23))
    db.session.commit()


def _keep_tables(html: str) -> list[list[list[str]]]:
    """Every table on the page with a "You keep" column, as rows of cell texts (header row first)."""
    tree = lxml_html.fromstring(html)
    tables = []
    for table in tree.iter("table"):
        rows = [[" ".join(cell.text_content().split()) for cell in row.iter("th", "td")] for row in table.iter("tr")]
        if rows and any("You keep" in cell for cell in rows[0]):
            tables.append(rows)
    return tables


def _docx_keep_rows(data: bytes) -> list[list[str]]:
    table = next(t for t in Document(BytesIO(data)).tables if t.rows[0].cells[-1].text == "You keep")
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def test_without_an_approved_valuation_the_tables_show_labelled_examples(client, login_as, make_claim):
    solicitor = login_as("solicitor")
    claim = make_claim()
    _value_without_review(claim, solicitor)  # an estimate awaiting a partner is not shown to the client
    page = client.get(_accept(client, claim)).get_data(as_text=True)
    tables = _keep_tables(page)
    assert len(tables) == 2  # the key facts' table and the one in the agreement itself
    for rows in tables:
        assert len(rows) == 4, rows  # the header and three awards: never an empty table
    assert [row[0] for row in tables[0][1:]] == ["£1,000.00 (example)", "£5,000.00 (example)",
                                                 "£10,000.00 (example)"]
    assert "not an estimate of what your claim is worth" in page
    data = documents.read(agreements.latest_agreement(claim.id).document)
    assert [row[0] for row in _docx_keep_rows(data)] == [f"Example\n{award}\n{SMALL}" for award in (
        "£1,000.00", "£5,000.00", "£10,000.00")]
    text = stored_text(agreements.latest_agreement(claim.id).document)
    assert "not an estimate of what the claim is worth" in text
    assert "We do not yet know which court track" not in text and "do not yet know which court track" in text


def test_with_an_approved_valuation_the_tables_show_its_low_mid_and_high(client, login_as, make_claim, make_user):
    login_as("solicitor")
    claim = make_claim()
    _approve(claim, make_user("partner"), low=150_000, mid=400_000, high=800_000)
    page = client.get(_accept(client, claim)).get_data(as_text=True)
    tables = _keep_tables(page)
    assert [row[0] for row in tables[0][1:]] == ["£1,500.00 (low)", "£4,000.00 (mid)", "£8,000.00 (high)"]
    assert "example" not in " ".join(row[0] for row in tables[0][1:]).lower()
    data = documents.read(agreements.latest_agreement(claim.id).document)
    assert [row[0] for row in _docx_keep_rows(data)] == [f"Low\n£1,500.00\n{SMALL}", f"Mid\n£4,000.00\n{SMALL}",
                                                          f"High\n£8,000.00\n{SMALL}"]


SMALL = "small claims track: the other side pays almost none of our costs"
FAST = "fast track: assumes the other side pays our base costs"


def test_small_claims_awards_keep_what_is_left_after_our_base_costs(client, login_as, make_claim, make_user):
    """The defect: "You keep" assumed the defendant pays our base costs even on the small claims track.

    Terms: £3,000 base costs, 67% success fee (£2,010), VAT 20%, cap 25%. On the small claims track
    £3,000 + £2,010 + £1,002 VAT = £6,012 before the cap; on the fast track £2,010 + £402 = £2,412.
    """
    login_as("solicitor")
    claim = make_claim()
    _approve(claim, make_user("partner"), low=500_000, mid=980_000, high=2_000_000)
    page = client.get(_accept(client, claim)).get_data(as_text=True)
    assert _keep_tables(page)[0][1:] == [
        ["£5,000.00 (low)", SMALL, "£6,012.00", "£1,250.00", "£1,250.00", "£3,750.00 (75%)"],
        ["£9,800.00 (mid)", SMALL, "£6,012.00", "£2,450.00", "£2,450.00", "£7,350.00 (75%)"],  # not £7,388.00
        ["£20,000.00 (high)", FAST, "£2,412.00", "£5,000.00", "£2,412.00", "£17,588.00 (88%)"],
    ]
    data = documents.read(agreements.latest_agreement(claim.id).document)
    assert _docx_keep_rows(data) == [
        [f"Low\n£5,000.00\n{SMALL}", "£3,000.00", "£2,010.00", "£1,002.00", "None", "£6,012.00", "£1,250.00",
         "£1,250.00\n(£4,762.00 waived)", "£3,750.00\n(75%)"],
        [f"Mid\n£9,800.00\n{SMALL}", "£3,000.00", "£2,010.00", "£1,002.00", "None", "£6,012.00", "£2,450.00",
         "£2,450.00\n(£3,562.00 waived)", "£7,350.00\n(75%)"],
        [f"High\n£20,000.00\n{FAST}", "None", "£2,010.00", "£402.00", "None", "£2,412.00", "£5,000.00",
         "£2,412.00\n", "£17,588.00\n(88%)"],
    ]
    facts = " ".join(lxml_html.fromstring(page).xpath("//ul[@class='key-facts']")[0].text_content().split())
    text = " ".join(stored_text(agreements.latest_agreement(claim.id).document).split())
    whole_page = " ".join(lxml_html.fromstring(page).text_content().split())
    for words in (facts, text):  # the claim's likely track (from the mid) is small claims
        assert "So the rest of our base costs, with VAT, come out of your damages too, within the cap." in words
    for words in (whole_page, text):
        assert ("For awards of £10,000 or less (usually the small claims track) the table assumes the other side "
                "pays none of our costs: our base costs, the success fee and VAT come out of your damages, up to "
                "the cap.") in words
        assert "For larger awards the table assumes the other side pays our base costs and expenses." in words
        assert "The table assumes the defendant pays our base costs" not in words


@pytest.mark.parametrize("mid, track, win, lose", [
    (400_000, "small claims track", "pays very little of our costs", "usually limited to small sums"),
    (1_800_000, "fast track", "large part of our base costs", "On the fast track these can be thousands of pounds"),
])
def test_key_facts_and_agreement_state_the_costs_of_the_likely_track(client, login_as, make_claim, make_user,
                                                                     mid, track, win, lose):
    login_as("solicitor")
    claim = make_claim()
    _approve(claim, make_user("partner"), low=mid // 2, mid=mid, high=mid * 2)
    page = client.get(_accept(client, claim)).get_data(as_text=True)
    facts = " ".join(lxml_html.fromstring(page).xpath("//ul[@class='key-facts']")[0].text_content().split())
    text = " ".join(stored_text(agreements.latest_agreement(claim.id).document).split())
    for words in (facts, text):
        assert f"likely to be dealt with in the {track}" in words
        assert win in words and lose in words
        assert "the court can order you to pay the other side’s legal costs" in words
        assert "does not include insurance against them" in words
        assert "usually pays most of our costs" not in words


def test_the_agreement_says_the_success_fee_guide_and_names_in_words(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim(organisation={"organisation_name": "Department for Education"})
    page = client.get(_accept(client, claim)).get_data(as_text=True)
    text = " ".join(stored_text(agreements.latest_agreement(claim.id).document).split())
    paragraphs = stored_text(agreements.latest_agreement(claim.id).document).splitlines()
    assert firm_settings().complaints_contact in paragraphs  # on its own line: reads well however it is written
    for words in (text, " ".join(lxml_html.fromstring(page).text_content().split())):
        assert "(1 − p)" not in words and "ready reckoner" not in words
        assert "the chance of losing (40%) divided by the chance of winning (60%)" in words
        assert "against the Department for Education" in words
        assert "against Department" not in words
        assert "Contact Our" not in words and "Contact Complaints" not in words


def test_the_signing_page_shows_the_html_stored_when_the_document_was_made(client, login_as, make_claim,
                                                                           monkeypatch):
    login_as("solicitor")
    claim = make_claim()
    link = _accept(client, claim)
    document = agreements.latest_agreement(claim.id).document
    assert document.preview_html and claim.reference in document.preview_html

    def no_conversion(*args, **kwargs):
        raise AssertionError("the page converted the Word file again")
    monkeypatch.setattr(preview.mammoth, "convert_to_html", no_conversion)
    page = client.get(link)
    assert page.status_code == 200
    assert document.preview_html in page.get_data(as_text=True)


def test_an_older_document_without_stored_html_is_converted_in_memory_without_writing(client, login_as,
                                                                                       make_claim):
    login_as("solicitor")
    claim = make_claim()
    link = _accept(client, claim)
    document = agreements.latest_agreement(claim.id).document
    document.preview_html = None
    db.session.commit()
    page = client.get(link)
    assert page.status_code == 200 and "Conditional fee agreement" in page.get_data(as_text=True)
    db.session.expire_all()
    assert agreements.latest_agreement(claim.id).document.preview_html is None  # a GET never writes


def _docx_with_a_script_link_and_an_image() -> bytes:
    document = Document()
    paragraph = document.add_paragraph("Click ")
    rel = paragraph.part.relate_to("javascript:alert(1)", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "here"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    document.add_picture(BytesIO(make_png()))
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_stored_html_is_sanitised(app, make_claim):
    claim = make_claim()
    data = _docx_with_a_script_link_and_an_image()
    document = documents.save(claim, "client_care_cfa", data, templates.active("client_care_cfa"), version=9,
                              by=None, actor="system")
    stored = document.preview_html
    assert "Click" in stored and "here" in stored
    assert "javascript" not in stored and "<img" not in stored
    assert stored == str(preview.docx_to_html(data))
