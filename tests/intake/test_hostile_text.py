"""Whatever a claimant types arrives as inert text: escaped in HTML and exactly as typed once unescaped."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from claims.extensions import db
from claims.models import Claim
from tests.claimant import Claimant
from tests.outbox import outbox
from tests.pages import Page, parse

HOSTILE = [
    "<script>alert(1)</script>",
    "\"quotes' & ampersands",
    "{{ 7*7 }}",
    "{% raw %}{{ config }}{% endraw %}",
    "<img src=x onerror=alert(1)>",
    "Zoë 😀 👨‍👩‍👧",
    "مرحبا بالعالم",
    "Z̷̢a̶l̵g̸o and مرحبا mixed",  # combining marks and right-to-left letters (bidi controls are refused: test_plain_text)
    "]]></dd><!-- -->&lt;b&gt;",
    "{{ 'ev' ~ 'aluated' }}",
]
# Where each piece goes: field → page. Each field gets a different hostile value.
FIELDS = [
    ("about-you", "first_name"), ("about-you", "last_name"), ("about-you", "town"),
    ("organisation", "organisation_name"), ("what-happened", "account"), ("who-saw-it", "recipient_details"),
    ("effects", "effects_details"), ("effects", "diagnosis_details"), ("money", "therapy_details"),
    ("what-done", "other_action_details"),
]
LONG_ACCOUNT = ("<b>bold</b> & {{ x }} " * 500)[:9_999] + "!"  # exactly at the limit, no trailing space


def _typed(values) -> dict:
    pages: dict = {}
    for (page, field), value in zip(FIELDS, values):
        pages.setdefault(page, {})[field] = value
    return pages


@pytest.fixture
def hostile_claim(client, login_as):
    """A claim typed entirely with hostile text: (claimant, the typed values by field)."""
    claimant = Claimant(client)
    values = HOSTILE
    claimant.complete(pages=_typed(values))
    return claimant, dict(zip((f for _, f in FIELDS), values))


def assert_inert(html: str, typed: dict) -> None:
    """Each value is on the page exactly as typed after HTML decoding, and never as live markup."""
    page = Page(html)
    for field, value in typed.items():
        assert value in page.text, (field, value)
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "evaluated" not in page.text  # no template ever evaluated what was typed
    assert not page.find_all("img")
    assert [e.attrs.get("src") for e in page.find_all("script")] == ["/static/js/app.js"]


def test_hostile_text_is_inert_on_the_check_page(hostile_claim):
    claimant, typed = hostile_claim
    response = claimant.client.get("/claim/check-your-answers")
    assert_inert(response.get_data(as_text=True), typed)


def test_hostile_text_is_shown_back_exactly_in_the_inputs(hostile_claim):
    claimant, typed = hostile_claim
    about = claimant.get("/claim/about-you")
    assert about.value("first_name") == typed["first_name"] and about.value("town") == typed["town"]
    happened = claimant.get("/claim/what-happened")
    assert happened.value("account") == typed["account"]


def test_hostile_text_is_inert_on_the_staff_claim_page_and_in_emails(hostile_claim, client, login_as):
    claimant, typed = hostile_claim
    reference = claimant.submit()
    claim = db.session.scalars(select(Claim)).one()
    assert (claim.claimant.first_name, claim.account, claim.defendant_name) == \
           (typed["first_name"], typed["account"], typed["organisation_name"])
    login_as("solicitor")
    assert_inert(client.get(f"/staff/claims/{claim.id}").get_data(as_text=True), typed)
    listing = parse(client.get("/staff/claims/"))
    assert f"{typed['first_name']} {typed['last_name']}" in listing.text
    assert typed["organisation_name"] in listing.text

    [acknowledgement] = outbox(claim.id)
    assert reference in acknowledgement.subject and reference in acknowledgement.body
    for message in outbox():  # the resume link and the acknowledgement
        text = message.subject + message.body
        assert not re.search(r"&(lt|gt|amp|quot|#\d+);", text)  # plain text: never HTML-escaped
        assert "evaluated" not in text


def test_text_at_the_length_limit_arrives_whole(client, login_as):
    claimant = Claimant(client)
    claimant.complete(pages={"what-happened": {"account": LONG_ACCOUNT}})
    check = claimant.get("/claim/check-your-answers")
    assert LONG_ACCOUNT in check.text
    claimant.submit()
    claim = db.session.scalars(select(Claim)).one()
    assert claim.account == LONG_ACCOUNT
    login_as("partner")
    assert LONG_ACCOUNT in parse(client.get(f"/staff/claims/{claim.id}")).text


def test_new_lines_in_long_answers_are_kept(client):
    claimant = Claimant(client)
    account = "First line\nSecond line\r\n\r\nAfter a blank line\twith a tab"
    claimant.complete(pages={"what-happened": {"account": account}})
    saved = claimant.get("/claim/what-happened").value("account")
    assert saved.replace("\r\n", "\n") == account.replace("\r\n", "\n")


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x08", "\x0b", "\x1b", "\x7f"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_are_refused_with_a_message(client, character):
    claimant = Claimant(client)
    claimant.start()
    response = claimant.answer("about-you", last_name=f"Mor{character}gan")
    assert response.status_code == 200
    page = parse(response)
    assert ("#last_name", "Last name contains characters we cannot accept") in page.error_summary()
    response = claimant.answer("what-happened", account=f"It was{character}sent")
    assert ("#account", "Your account of what happened contains characters we cannot accept") in \
        parse(response).error_summary()
    response = claimant.answer("organisation", organisation_name=f"Coun{character}cil")
    assert ("#organisation_name", "Name of the organisation contains characters we cannot accept") in \
        parse(response).error_summary()
