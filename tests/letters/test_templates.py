"""The letter templates in letters/: each renders the sample claim, says what it must, and
carries hostile text through exactly.

Unit-level: the templates are rendered with ``claims.word.render`` (strict, sandboxed,
escaped) from ``claims.letters.sample.sample_context`` and read back with python-docx and
lxml. No database or app.
"""
from __future__ import annotations

import importlib.util
import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from claims.domain.fees import FeeTerms
from claims.domain.vocab import CAUSES_OF_ACTION
from claims.letters.context import _fees
from claims.letters.sample import sample_context, sample_contexts
from claims.word import render
from tests.word_files import docx_text

ROOT = Path(__file__).resolve().parents[2]
LETTERS = ROOT / "letters"
LETTER_OF_CLAIM = "letter-of-claim.docx"
SAR = "subject-access-request.docx"
CFA = "client-care-and-cfa.docx"
DECLINE = "decline.docx"
ACKNOWLEDGEMENT = "acknowledgement.docx"
COMPLETION = "completion-statement.docx"
TEMPLATES = (LETTER_OF_CLAIM, SAR, CFA, DECLINE, ACKNOWLEDGEMENT, COMPLETION)

# What each letter must say with the sample claim, beyond the name, reference and SRA number.
MUST_SAY = {
    LETTER_OF_CLAIM: ["Letter of claim under the Pre-Action Protocol for Media and Communications Claims",
                      "within 14 days of receiving it, by 8 December 2026",
                      "We take 24 November 2026 as the date you receive it, a date worked out by analogy with the "
                      "deemed service rules in CPR 6.26", "conditional fee agreement", "mediation",
                      "Sam Example, a child, by their litigation friend Alex Example", "Article 5(1)(f)",
                      "Article 32", "sections 168 and 169", "England and Wales", "Taxi to the GP", "£45.60",
                      "without further notice", "limitation"],
    SAR: ["Article 15", "by 24 December 2026", "By first class post", "two further months", "within the first month",
          "signed authority", "incident on 3 March 2026"],
    CFA: ["67% of our base costs", "£1,500.00", "£3,375.00", "£6,750.00", "75%", "never be more than 25%",
          "£3,000.00", "within 14 days", "Legal Ombudsman",
          "six months", "complaints@breach-claims.example", "Solicitors Regulation Authority",
          "To be signed online through the secure link we have emailed you", "not a promise"],
    DECLINE: ["not able to take on the claim", "not a view on the merits", "We do not think the claim has "
              "reasonable prospects of success.", "3 March 2027 (in 101 days)", "1 May 2036",
              "The earliest of these is 3 March 2027", "A Human Rights Act claim against a public body",
              "A data protection claim (UK GDPR)", "Some time limits have already passed",
              "The usual time limit for a claim for breach of confidence ended on 1 October 2026",
              "Six years from the claimant's 18th birthday (Limitation Act 1980 s.28).", "If you would like them back"],
    ACKNOWLEDGEMENT: ["Thank you", "nothing to pay at this stage", "no obligation", "A solicitor will review",
                      "0161 000 0000", "claims@breach-claims.example"],
    COMPLETION: [": completion statement", "settled on 20 November 2026", "£6,000.00", "£45.60", "£6,045.60",
                 "Success fee (67% of our base costs of £3,000.00)", "£2,010.00", "VAT at 20%", "£1,002.00",
                 "Cap: 25% of the damages", "£1,511.40", "We waive what is above the cap", "£4,500.60",
                 "The sum we send you: £4,534.20"],
}

HOSTILE = ('Tom & "Jerry" <b>x</b> {{ 7*7 }} {% if 1 %}y{% endif %} {_{ z }_} ]]> \u202eevil\u202c 😀 \x07 '
           + "long " * 2000)
HOSTILE_AS_READ = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", HOSTILE)  # XML cannot hold control characters


def fill(name: str, context: dict) -> bytes:
    return render(LETTERS / name, context, strict=True)


def footer_of(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in Document(BytesIO(data)).sections[0].footer.paragraphs)


def letter(name: str, **changes) -> str:
    """The text of ``name`` filled from the sample, after ``changes`` ("a.b" → value) are applied."""
    context = sample_context()
    for path, value in changes.items():
        *parents, key = path.split(".")
        target = context
        for parent in parents:
            target = target[parent]
        target[key] = value
    return docx_text(fill(name, context))


def adult(context: dict) -> dict:
    context["claimant"].update(is_child=False, name="Jo Adult", first_name="Jo", date_of_birth="4 July 1980")
    context["litigation_friend"] = None
    context["client"].update(name="Jo Adult", salutation="Dear Jo Adult")
    context["claim"]["children_statement"] = ""
    return context


def private_defendant(context: dict) -> dict:
    context["defendant"].update(name="Example Retail Ltd", public_authority=False)
    context["claim"]["public_authority"] = False
    hra = CAUSES_OF_ACTION["human_rights_act"]
    context["claim"]["causes_of_action"] = [c for c in context["claim"]["causes_of_action"] if c != hra]
    return context


def signed(context: dict) -> dict:
    context["signature"].update(signed=True, name="Alex Example", signed_at="23 November 2026, 09:41",
                                ip_address="203.0.113.7", user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 18_1)",
                                document_sha256="9f" * 32, cancellation_ends_on="7 December 2026")
    return context


# -- the set of templates and how they are built ------------------------------------------------------

def test_the_letters_folder_holds_the_six_letters_and_the_report():
    assert sorted(path.name for path in LETTERS.glob("*.docx")) == sorted([*TEMPLATES, "valuation-report.docx"])


def _script():
    script = ROOT / "scripts" / "make_letter_templates.py"
    spec = importlib.util.spec_from_file_location("make_letter_templates", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", TEMPLATES)
def test_the_committed_letter_is_what_the_script_builds(tmp_path, name):
    module = _script()
    assert name in module.TEMPLATES
    built = tmp_path / name
    module.save_reproducibly(module.TEMPLATES[name](), built)
    with zipfile.ZipFile(built) as new, zipfile.ZipFile(LETTERS / name) as old:  # entries: zlib output may differ
        assert new.namelist() == old.namelist()
        for part in new.namelist():
            assert new.read(part) == old.read(part), f"{part}: run scripts/make_letter_templates.py and commit"


def test_the_cause_names_the_letter_of_claim_tests_for_are_the_vocabulary_labels():
    # The letter explains misuse of private information and breach of confidence only when the
    # claim pleads them, by testing for these labels in claim.causes_of_action.
    assert CAUSES_OF_ACTION["misuse_private_information"] == "Misuse of private information"
    assert CAUSES_OF_ACTION["breach_of_confidence"] == "Breach of confidence"


# -- every letter with the sample claim ---------------------------------------------------------------

@pytest.mark.parametrize("name", TEMPLATES)
def test_each_letter_renders_the_sample_with_letterhead_reference_and_must_have_wording(name):
    data = fill(name, sample_context())
    text = docx_text(data)
    for phrase in ["Breach Claims Solicitors LLP", "1 Example Street", "Authorised and regulated by the Solicitors "
                   "Regulation Authority, SRA number 000000", "BC-2026-000123", "22 November 2026", "Sam",
                   *MUST_SAY[name]]:
        assert phrase in text, f"{name}: {phrase!r} missing"
    assert "Sam Example" in text or name in (DECLINE, ACKNOWLEDGEMENT, COMPLETION)  # these call the child by first name
    assert "{{" not in text and "{%" not in text, "a tag was left unrendered"
    footer = footer_of(data)
    assert "Breach Claims Solicitors LLP" in footer and "SRA number 000000" in footer and "BC-2026-000123" in footer


@pytest.mark.parametrize("name", [LETTER_OF_CLAIM, SAR])
def test_letters_to_the_defendant_go_to_its_data_protection_officer(name):
    text = letter(name)
    assert "The Data Protection Officer\nExample City Council\nTown Hall\nExample\nEX1 1AA" in text
    assert "Dear Sir or Madam" in text and "Yours faithfully" in text


@pytest.mark.parametrize("name", [CFA, DECLINE, ACKNOWLEDGEMENT])
def test_letters_to_the_client_go_to_the_litigation_friend_at_their_address(name):
    text = letter(name)
    assert "Alex Example\n2 Sample Road\nLeeds\nLS1 1AA" in text
    assert "Dear Alex Example," in text and "Yours sincerely" in text


# -- the letter of claim ------------------------------------------------------------------------------

def test_the_letter_of_claim_names_the_human_rights_act_only_against_a_public_authority():
    public = letter(LETTER_OF_CLAIM)
    assert "Human Rights Act 1998" in public and "Article 8" in public and "section 6" in public

    private = docx_text(fill(LETTER_OF_CLAIM, private_defendant(sample_context())))
    assert "Human Rights Act" not in private
    assert not re.search(r"Art(icle|\.) 8\b", private)
    assert "Example Retail Ltd" in private and "Misuse of private information" in private


def test_the_letter_of_claim_for_an_adult_has_no_litigation_friend():
    text = docx_text(fill(LETTER_OF_CLAIM, adult(sample_context())))
    assert "Our client: Jo Adult\n" in text
    assert "litigation friend" not in text.lower()
    assert "a child" not in text and "Alex Example" not in text


def test_the_letter_of_claim_explains_only_the_causes_of_action_pleaded():
    context = sample_context()
    context["claim"]["causes_of_action"] = [CAUSES_OF_ACTION["uk_gdpr"]]
    text = docx_text(fill(LETTER_OF_CLAIM, private_defendant(context)))
    assert "Data protection." in text
    assert "Misuse of private information" not in text and "Breach of confidence" not in text
    assert "injunction" not in text


def test_the_letter_of_claim_states_no_valuation_and_no_limitation_date():
    text = letter(LETTER_OF_CLAIM)
    for figure in ("£2,000.00", "£4,500.00", "£9,000.00", "£1,500.00"):
        assert figure not in text
    for limitation_date in ("3 March 2027", "1 May 2036"):
        assert limitation_date not in text
    assert "estimate" not in text.lower()


def test_the_letter_of_claim_mentions_insurance_only_when_a_policy_was_taken_out():
    assert "after-the-event" not in letter(LETTER_OF_CLAIM)
    assert "after-the-event insurance policy" in letter(LETTER_OF_CLAIM, **{"fees.ate_taken_out": True})


def test_the_letter_of_claim_without_losses_or_optional_facts_still_reads():
    text = letter(LETTER_OF_CLAIM, **{"claim.losses": [], "claim.special_categories": [],
                                      "claim.complained_to_ico": False, "defendant.email": ""})
    assert "does not at present claim any financial loss" in text
    assert "financial losses set out above" not in text and "special category" not in text
    assert "Information Commissioner’s Office." not in text.split("Documents")[0]
    assert "By email" not in text


def test_the_letter_of_claim_prints_the_confirmed_facts_paragraph_by_paragraph():
    text = letter(LETTER_OF_CLAIM, **{"claim.facts": ["First paragraph.", "Second paragraph."]})
    assert "First paragraph.\nSecond paragraph." in text
    for raw in ("Medical help", "How much distress", "in their own words", "The data concerned a child"):
        assert raw not in text


def test_the_letter_of_claim_prints_the_forum_paragraph_it_is_given():
    text = letter(LETTER_OF_CLAIM, **{"claim.forum": "Our client intends to bring any proceedings in the courts "
                                                     "of England and Wales."})
    assert "Forum\nOur client intends to bring any proceedings" in text
    assert "Our client lives in England and Wales" not in text


# -- the subject access request -----------------------------------------------------------------------

def test_the_subject_access_request_encloses_nothing_the_system_does_not_make():
    text = docx_text(fill(SAR, adult(sample_context())))
    assert "Enclosure" not in text and "enclose" not in text.lower()
    assert ("Our client has signed an agreement instructing us to act for them, including to make this request "
            "and to receive your response. We will provide a copy of our client’s signed authority on request.") in text


def test_the_subject_access_request_is_for_an_adult_without_a_litigation_friend():
    text = docx_text(fill(SAR, adult(sample_context())))
    assert "Data subject: Jo Adult\n" in text and "Article 15" in text
    assert "litigation friend" not in text.lower()


# -- the client care letter and CFA -------------------------------------------------------------------

def test_the_unsigned_cfa_is_signed_online_with_no_signature_details():
    text = letter(CFA)
    assert "To be signed online through the secure link we have emailed you" in text
    assert "As litigation friend, Alex Example signs on behalf of Sam Example" in text
    for detail in ("Signed electronically", "IP address", "SHA-256", "Browser"):
        assert detail not in text
    assert "____" not in text  # never a wet-signature line


def test_the_signed_cfa_shows_who_signed_when_from_where_and_the_fingerprint():
    text = docx_text(fill(CFA, signed(sample_context())))
    assert ("Signed electronically by Alex Example on 23 November 2026, 09:41, as litigation friend on behalf of "
            "Sam Example.") in text
    for detail in ("203.0.113.7", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1)", "9f" * 32, "SHA-256",
                   "the cancellation period ends on 7 December 2026"):
        assert detail in text
    assert "To be signed online" not in text


def test_the_cfa_without_an_approved_valuation_shows_example_awards_labelled_as_examples():
    context = dict(sample_contexts())["claim with no valuation and empty lists"]
    text = docx_text(fill(CFA, context))
    assert "What you would keep" in text and "three example awards" in text
    assert "not an estimate of what the claim is worth" in text
    assert "Example\n£1,000.00" in text and "Low\n" not in text
    assert "low, middle and high points of our current estimate" not in text


def test_the_cfa_has_no_branch_for_an_empty_keep_table_because_there_always_is_one():
    terms = FeeTerms(base_costs_pence=300_000, success_fee_percent=67, cap_percent=25, ate_premium_pence=0,
                     ate_recoverable=False, vat_percent=20)
    assert [row["label"] for row in _fees(terms, 60, None, None)["illustration"]] == ["Example"] * 3
    approved = (200_000, 450_000, 900_000)
    assert [row["label"] for row in _fees(terms, 60, None, approved)["illustration"]] == ["Low", "Mid", "High"]
    with zipfile.ZipFile(LETTERS / CFA) as archive:
        assert "not fees.illustration" not in archive.read("word/document.xml").decode()


def _with(**sections) -> dict:
    context = sample_context()
    for section, values in sections.items():
        context[section].update(values)
    return context


def test_the_cfa_keep_table_has_a_row_per_illustration():
    document = Document(BytesIO(fill(CFA, sample_context())))
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "You keep")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    small = "small claims track: the other side pays almost none of our costs"
    assert [row[0] for row in rows] == [f"Low\n£2,000.00\n{small}", f"Mid\n£4,500.00\n{small}",
                                        f"High\n£9,000.00\n{small}"]
    assert [row[1] for row in rows] == ["£3,000.00"] * 3  # small claims: our base costs come from the damages
    assert [row[-1] for row in rows] == ["£1,500.00\n(75%)", "£3,375.00\n(75%)", "£6,750.00\n(75%)"]
    assert rows[0][7] == "£500.00\n(£5,512.00 waived)"
    assert table.rows[0].cells[6].text == "Cap (25%)"


def test_the_cfa_keep_table_shows_none_for_base_costs_the_other_side_is_taken_to_pay():
    context = sample_context()
    context["fees"]["illustration"][2].update(costs_recovered=True, base_costs="£0.00",
                                              track="fast track: assumes the other side pays our base costs")
    document = Document(BytesIO(fill(CFA, context)))
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "You keep")
    assert [row.cells[1].text for row in table.rows[1:]] == ["£3,000.00", "£3,000.00", "None"]
    assert table.rows[3].cells[0].text.endswith("fast track: assumes the other side pays our base costs")
    assert context["fees"]["keep_basis"] in docx_text(fill(CFA, context))


def test_the_cfa_mentions_insurance_only_when_taken_out_and_says_whether_it_is_recoverable():
    assert "£350.00" not in letter(CFA, **{"fees.ate_premium": "£350.00"})
    taken = letter(CFA, **{"fees.ate_taken_out": True, "fees.ate_premium": "£350.00"})
    assert "The premium is £350.00" in taken and "cannot be claimed from the defendant" in taken
    recoverable = letter(CFA, **{"fees.ate_taken_out": True, "fees.ate_premium": "£350.00",
                                 "fees.ate_recoverable": True})
    assert "can be claimed from the defendant" in recoverable


def test_the_cfa_for_an_adult_is_made_with_the_claimant():
    text = docx_text(fill(CFA, adult(sample_context())))
    assert "You, our client\nJo Adult" in text
    assert "litigation friend" not in text.lower()
    assert "Thank you for asking us to act for you." in text


# -- the decline letter -------------------------------------------------------------------------------

def boxed_lines(context: dict) -> list[str]:
    document = Document(BytesIO(fill(DECLINE, context)))
    return [p.text for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None]


def test_the_decline_letter_boxes_every_limitation_date():
    context = sample_context()
    context["limitation"]["dates"].append({"cause": "A claim for misuse of private information",
                                           "expires_on": "1 May 2036", "time_left": "in 3448 days",
                                           "basis": "Six years from the 18th birthday."})
    boxed = boxed_lines(context)
    for limit in context["limitation"]["dates"]:
        assert any(limit["cause"] in line and limit["expires_on"] in line and limit["basis"] in line
                   for line in boxed), limit
    assert any(context["limitation"]["passed"][0]["explanation"] in line for line in boxed)
    assert any("The earliest of these is 3 March 2027" in line and "well before it" in line for line in boxed)
    assert not any("URGENT" in line for line in boxed)


def test_the_decline_letter_warns_loudly_when_a_time_limit_is_close():
    context = sample_context()
    context["limitation"]["urgent"] = "URGENT: the time limit for a Human Rights Act claim ends in 3 days."
    boxed = boxed_lines(context)
    heading = boxed.index("Important: time limits for starting a court claim")
    assert boxed[heading + 1] == context["limitation"]["urgent"]  # straight under the heading, in the box, in bold
    assert any("it is very close" in line for line in boxed)
    assert not any("well before it" in line for line in boxed)


def test_the_decline_letter_when_every_time_limit_has_passed():
    text = letter(DECLINE, **{"limitation.dates": [], "limitation.earliest": "", "limitation.not_running": []})
    assert "Every time limit we worked out has already passed" in text and "The earliest" not in text
    assert "ended on 1 October 2026" in text and "not been able to work out" not in text


def test_the_decline_letter_says_which_time_limits_are_not_running_yet():
    context = sample_context()
    context["limitation"].update(dates=[], earliest="")
    boxed = boxed_lines(context)
    [line] = [line for line in boxed if "No time limit is running yet" in line]
    assert "A claim for misuse of private information: No time limit is running yet" in line
    # a period still to run means not every time limit has passed
    assert "Some time limits have already passed:" in boxed
    assert not any("Every time limit" in line or "not been able to work out" in line for line in boxed)


def test_the_decline_letter_without_dates_still_warns():
    text = letter(DECLINE, **{"limitation.dates": [], "limitation.earliest": "", "limitation.passed": [],
                              "limitation.not_running": []})
    assert "not been able to work out the time limits" in text and "The earliest" not in text


# -- hostile text ---------------------------------------------------------------------------------------

def hostile(value):
    """``value`` with every string in it, at any depth, replaced by HOSTILE."""
    if isinstance(value, dict):
        return {key: hostile(item) for key, item in value.items()}
    if isinstance(value, list):
        return [hostile(item) for item in value]
    return HOSTILE if isinstance(value, str) else value


@pytest.mark.parametrize("name,signed_cfa", [(name, False) for name in TEMPLATES] + [(CFA, True)])
def test_hostile_text_arrives_exactly_as_typed_and_the_file_stays_valid(name, signed_cfa):
    context = hostile(sample_context())
    if signed_cfa:
        context["signature"]["signed"] = True
    data = fill(name, context)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for part in archive.namelist():
            if part.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(part), etree.XMLParser(recover=False, resolve_entities=False))
    text = docx_text(data)
    assert HOSTILE_AS_READ in text
    rest = text.replace(HOSTILE_AS_READ, "")
    for fragment in ("jerry", "evil", "😀", "7*7", "49", "z }", "&amp;", "&lt;"):
        assert fragment not in rest.lower(), f"{name}: {fragment!r} outside an exact copy of the hostile text"
    if signed_cfa:
        assert f"Signed electronically by {HOSTILE_AS_READ} on {HOSTILE_AS_READ}" in text
