"""The dict a letter is filled from: the same shape as the sample every template is checked
against, for adults and children, and what a claimant typed reaches every letter exactly."""
from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, timezone
from io import BytesIO

import pytest
from lxml import etree

from claims import word
from claims.domain.letters import LETTER_KINDS
from claims.letters import templates
from claims.letters.context import letter_context
from claims.firm import firm_settings
from claims.letters.sample import sample_context
from tests.word_files import docx_text

CHILD = {"about-you": {"claiming_for": "child"}}
def shape(value):
    return {key: shape(item) for key, item in value.items()} if isinstance(value, dict) else None


def context_keys_match_sample(context: dict) -> bool:
    """Exactly the sample's keys, level by level (litigation_friend is None for an adult)."""
    sample = sample_context()
    if context.get("litigation_friend") is None:
        sample["litigation_friend"] = None
    return shape(context) == shape(sample)


HOSTILE = 'Tom & "Jerry" <b>x</b> {{ 7*7 }} {% if 1 %}y{% endif %} {_{ z }_} ]]> שלום evil 😀 '


@pytest.mark.parametrize("answers", [{}, CHILD], ids=["adult", "child"])
def test_a_real_claim_gives_the_sample_shape(app, make_claim, answers):
    claim = make_claim(**answers)
    context = letter_context(claim, "letter_of_claim", firm=firm_settings(), today=date(2026, 11, 23))
    assert context_keys_match_sample(context)
    assert context["claimant"]["is_child"] is bool(answers)
    assert (context["litigation_friend"] is not None) is bool(answers)
    assert context["response"]["due_on"] == "9 December 2026"  # posted Mon 23/11, received Wed 25/11, + 14 days
    assert all("UNVERIFIED" not in d["basis"] and "unverified" not in d["basis"]
               for d in context["limitation"]["dates"])


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_claimant_text_reaches_every_letter_exactly(app, make_claim, kind):
    claim = make_claim(**{
        "about-you": {"first_name": "Zoë & <Co>", "last_name": "O'Brien {{x}}"},
        "what-happened": {"account": HOSTILE + "long " * 500},
        "effects": {"effects_details": HOSTILE},
    })
    claim.facts_summary, claim.facts_confirmed_at = HOSTILE, datetime(2026, 11, 23, tzinfo=timezone.utc)
    context = letter_context(claim, kind, firm=firm_settings(), today=date(2026, 11, 23), decline_reason=HOSTILE)
    data = word.render(templates.active(kind).content, context)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(archive.read(name))  # every part parses strictly
    text = docx_text(data)
    assert "Zoë & <Co> O'Brien {{x}}" in text
    if kind in ("letter_of_claim",):
        assert HOSTILE.strip() in text
    if kind == "decline":
        assert HOSTILE.strip() in text
    assert not re.search(r"\b49\b", text.replace("2049", ""))  # {{ 7*7 }} never evaluated


def test_limitation_in_letters_follows_the_claims_facts(app, make_claim):
    from claims.claim.limitation import record_facts
    from claims.extensions import db

    injured = make_claim(effects={"medical_help": "specialist", "diagnosed": "yes"})  # breach 10/11/2025, a council
    limits = letter_context(injured, "decline", firm=firm_settings(), today=date(2026, 11, 23))["limitation"]
    assert limits["earliest"] == "10 November 2028"
    [first, *_] = limits["dates"]
    assert first["cause"] == "A data protection claim (UK GDPR)" and first["expires_on"] == "10 November 2028"
    assert first["basis"] == ("Three years from the date of the breach. It is three years, not six, because the claim "
                              "includes a psychiatric injury. A claim that leaves out the injury has a longer time "
                              "limit, which ends on 10 November 2031.")
    assert [item["cause"] for item in limits["passed"]] == ["A Human Rights Act claim against a public body"]
    # three years on, the injury claim's limit has passed; the letter says so, and names the longer one
    later = letter_context(injured, "decline", firm=firm_settings(), today=date(2028, 11, 11))["limitation"]
    assert not later["dates"] and "ends on 10 November 2031" in later["passed"][1]["explanation"]

    concealed = make_claim()
    record_facts(concealed, concealment_discovered_on=date(2026, 3, 1), lacked_capacity=False,
                 capacity_regained_on=None)
    db.session.commit()
    limits = letter_context(concealed, "decline", firm=firm_settings(), today=date(2026, 11, 23))["limitation"]
    assert limits["dates"][0]["expires_on"] == "1 March 2032"
    assert "when the claimant found out what had been deliberately hidden" in limits["dates"][0]["basis"]

    incapable = make_claim()
    record_facts(incapable, concealment_discovered_on=None, lacked_capacity=True, capacity_regained_on=None)
    db.session.commit()
    limits = letter_context(incapable, "decline", firm=firm_settings(), today=date(2026, 11, 23))["limitation"]
    assert limits["dates"] == [] and limits["earliest"] == ""
    assert [item["cause"] for item in limits["not_running"]] == [
        "A data protection claim (UK GDPR)", "A claim for misuse of private information",
        "A claim for breach of confidence"]
    assert all("No time limit is running yet" in item["basis"] for item in limits["not_running"])
    assert all("14A" not in text and "date of knowledge" not in text.lower()
               for text in [d["basis"] for d in limits["not_running"]])
