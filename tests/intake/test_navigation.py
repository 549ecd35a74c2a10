"""Check your answers: every answer shown with a change link, and changing one answer keeps the rest."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from claims.extensions import db
from claims.models import IntakeDraft
from tests.claimant import Claimant
from tests.pages import parse

CHECK = "/claim/check-your-answers"


@pytest.fixture
def claimant(client):
    return Claimant(client)


def _answers() -> dict:
    db.session.expire_all()
    return db.session.scalars(select(IntakeDraft)).one().answers


def _change_links(page) -> list[str]:
    return [href for href in page.links() if "change=1" in href]


def test_the_pages_run_in_order_then_evidence_then_check(claimant):
    claimant.start()
    sequence = []
    for page in ("about-you", "organisation", "what-happened", "what-data", "who-saw-it", "effects", "money",
                 "what-done"):
        sequence.append(urlsplit(claimant.answer_ok(page)).path)
    assert sequence == ["/claim/organisation", "/claim/what-happened", "/claim/what-data", "/claim/who-saw-it",
                        "/claim/effects", "/claim/money", "/claim/what-done", "/claim/evidence"]
    evidence = claimant.get("/claim/evidence")
    assert CHECK in evidence.links()


def test_the_check_page_shows_every_answer_with_a_change_link_to_that_question(claimant):
    claimant.complete()
    check = claimant.get(CHECK)
    text = check.text
    for expected in ("Alex", "Morgan", "14/06/1986", "alex@example.com", "07700 900982", "PL1 2AB",
                     "Plymouth City Council", "Council or local authority", "10/11/2025", "20/11/2025",
                     "A child protection report about my family was posted to a neighbour.",
                     "Social care or child protection records", "A neighbour",
                     "They opened it and told other neighbours.",
                     "Trouble sleeping", "I could not sleep for weeks.", "Anxiety", "£240.00", "£12.50",
                     "Four counselling sessions", "They apologised"):
        assert expected in text, expected
    rows = check.with_class("summary-list-row")
    links = _change_links(check)
    assert len(links) == len(rows) - 1  # every answer row has one; the evidence row links to the upload page
    # Each change link opens the question's page at that question.
    for href in links:
        target = urlsplit(href)
        page = claimant.get(f"{target.path}?{target.query}")
        assert target.fragment in page.ids, href
        assert page.find_all("button", value="continue")[0].text.strip() == "Save and go back to check your answers"


def test_changing_an_early_answer_keeps_every_later_answer_and_returns_to_check(claimant):
    claimant.complete()
    before = _answers()

    change = claimant.get("/claim/organisation?change=1")
    assert change.value("organisation_name") == "Plymouth City Council"  # the saved answer is filled in
    assert change.checked("sector") == ["local_authority"]
    location = claimant.answer_ok("organisation", "?change=1", organisation_name="Devon County Council")

    assert urlsplit(location).path == CHECK
    after = _answers()
    assert after["organisation"]["organisation_name"] == "Devon County Council"
    assert {k: v for k, v in after.items() if k != "organisation"} == \
           {k: v for k, v in before.items() if k != "organisation"}
    text = claimant.get(CHECK).text
    assert "Devon County Council" in text and "Plymouth City Council" not in text
    assert "I could not sleep for weeks." in text and "£240.00" in text


def test_switching_to_a_claim_for_a_child_asks_about_the_child_then_returns_to_check(claimant):
    claimant.complete()
    location = claimant.answer_ok("about-you", "?change=1", claiming_for="child")
    assert location.endswith("/claim/about-the-child?change=1")
    assert claimant.client.get(CHECK).headers["Location"].endswith("/claim/about-the-child")  # not skippable

    location = claimant.answer_ok("about-the-child", "?change=1")
    assert urlsplit(location).path == CHECK
    check = claimant.get(CHECK)
    assert "About the child" in check.text and "03/09/2015" in check.text and "Sam" in check.text
    assert "/claim/about-the-child?change=1#child_first_name" in _change_links(check)
    assert set(_answers()) == {"about-you", "about-the-child", "organisation", "what-happened", "what-data",
                               "who-saw-it", "effects", "money", "what-done"}


def test_switching_back_to_claiming_for_yourself_drops_the_child_page(claimant):
    claimant.complete(child=True)
    claimant.answer_ok("about-you", "?change=1", claiming_for="myself")
    check = claimant.get(CHECK)
    assert "About the child" not in check.text
    assert claimant.client.get("/claim/about-the-child").headers["Location"].endswith(CHECK)


def test_the_back_link_goes_to_the_previous_page(claimant):
    claimant.complete(child=True)
    back = claimant.get("/claim/organisation").with_class("back-link")[0].attrs["href"]
    assert back == "/claim/about-the-child"
    back = claimant.get("/claim/evidence").with_class("back-link")[0].attrs["href"]
    assert back == "/claim/what-done"
    assert not claimant.get("/claim/about-you").with_class("back-link")


def test_the_check_page_sends_an_unfinished_claim_to_its_first_missing_page(claimant):
    claimant.start()
    claimant.answer_ok("about-you")
    claimant.answer_ok("what-happened")
    response = claimant.client.get(CHECK)
    assert response.status_code == 302 and response.headers["Location"].endswith("/claim/organisation")
    response = claimant.client.get("/claim/declaration")
    assert response.headers["Location"].endswith("/claim/organisation")


def test_an_unknown_page_is_not_found(claimant):
    claimant.start()
    assert claimant.client.get("/claim/not-a-page").status_code == 404


def test_without_a_draft_the_form_pages_send_you_to_the_start(client):
    for path in ("/claim/about-you", CHECK, "/claim/evidence", "/claim/declaration", "/claim/saved"):
        response = client.get(path)
        assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/claim/", path


def test_the_declaration_must_be_ticked(claimant):
    claimant.complete()
    response = claimant.client.post("/claim/declaration", data={"confirm_true": "y"})
    assert response.status_code == 200
    page = parse(response)
    assert ("#consent_sensitive", "Agree to us using your information to assess the claim") in page.error_summary()
    assert page.checked("confirm_true") == ["y"]
    assert "about-you" in _answers()  # still a draft

