"""The sample claim every letter template is rendered against before it is accepted.

``SAMPLE_CONTEXT`` is also the contract between ``claims.letters.context`` (which builds the
same shape from a real claim) and the templates in letters/: every key a template may use is
here, with a realistic value. Everything is a string, bool, int, list or dict: never a
database object. Money is already formatted ("£1,234.56"), dates are long British dates
("3 March 2026"). A test checks that ``letter_context`` for a real claim has exactly these keys.
"""
from __future__ import annotations

import copy

SMALL_NOTE = "small claims track: the other side pays almost none of our costs"  # tracks.keep_table_note

_SAMPLE: dict = {
    "firm": {
        "name": "Breach Claims Solicitors LLP",
        "address_lines": ["1 Example Street", "Manchester", "M1 1AA"],
        "sra_number": "000000",
        "phone": "0161 000 0000",
        "email": "claims@breach-claims.example",
        "complaints_contact": "Complaints Partner, complaints@breach-claims.example",
        "signatory": "Breach Claims Solicitors LLP",
        "review_working_days": 5,
    },
    "today": "22 November 2026",
    "document": {"kind": "letter_of_claim", "title": "Letter of claim", "version": 1},
    "claim": {
        "reference": "BC-2026-000123",
        "breach_type": "Sent to the wrong person or address",
        "breach_on": "3 March 2026",
        "discovered_on": "10 March 2026",
        "data_categories": ["Name and address", "Children's social care records"],
        "special_categories": ["Health"],
        # The letter of claim's facts: the solicitor-confirmed summary, one string per paragraph. The client's
        # own answers (their account, who saw the data, distress, effects, medical help) are never in a
        # letter's context: a template that names them is refused on upload.
        "facts": ["On 3 March 2026 you sent our client’s child protection plan to our client’s neighbour.",
                  "The incident has caused our client a great deal of distress."],
        # Whether children are involved (claims.domain.claim_facts.children_involved: the claimant was a child at
        # the breach, or the data included children's or social care records), as the valuation counts it.
        "children_involved": True,
        # What the letter says about the claimant being a child ("" for an adult claiming for themselves).
        "children_statement": "Our client is a child. Children merit specific protection of their personal data "
                              "(UK GDPR recital 38), which makes its disclosure more serious.",
        # The forum paragraph (claims.domain.jurisdiction.forum).
        "forum": "Our client lives in England and Wales and you are established here. The courts of England and "
                 "Wales are the appropriate forum for this claim.",
        "complained_to_ico": True,
        "losses": [{"head": "Travel", "amount": "£45.60", "description": "Taxi to the GP", "evidenced": True}],
        "losses_total": "£45.60",
        "causes_of_action": ["UK GDPR Art. 82 and DPA 2018 s.168–169", "Misuse of private information",
                             "Breach of confidence", "Human Rights Act 1998, Art. 8 (public authority)"],
        "public_authority": True,
    },
    "claimant": {
        "name": "Sam Example",
        "first_name": "Sam",
        "date_of_birth": "1 May 2012",
        "address_lines": ["2 Sample Road", "Leeds", "LS1 1AA"],
        "email": "parent@example.com",
        "is_child": True,
    },
    # Present when the claimant is a child; None otherwise.
    "litigation_friend": {"name": "Alex Example", "relationship": "Parent"},
    # Who letters to the client go to: the litigation friend for a child, else the claimant.
    "client": {"name": "Alex Example", "salutation": "Dear Alex Example",
               "address_lines": ["2 Sample Road", "Leeds", "LS1 1AA"], "email": "parent@example.com"},
    "defendant": {
        "name": "Example City Council",
        # The name as it reads mid-sentence ("against the Department for Education").
        "name_in_sentence": "Example City Council",
        "addressee": "The Data Protection Officer",
        "address_lines": ["Town Hall", "Example", "EX1 1AA"],
        "email": "dpo@example.gov.uk",
        "public_authority": True,
    },
    # Limitation dates as at the letter's date: still to come (earliest first), already passed, not yet
    # running (a claimant who lacked capacity when the claim arose and has not regained it), and a
    # loud warning when the earliest still to come is eight weeks away or less ("" when not).
    "limitation": {
        "earliest": "3 March 2027",
        "dates": [
            {"cause": "A Human Rights Act claim against a public body", "expires_on": "3 March 2027",
             "time_left": "in 101 days", "basis": "One year from the breach (HRA s.7(5))."},
            {"cause": "A data protection claim (UK GDPR)", "expires_on": "1 May 2036", "time_left": "in 3448 days",
             "basis": "Six years from the claimant's 18th birthday (Limitation Act 1980 s.28)."},
        ],
        "passed": [
            {"cause": "A claim for breach of confidence", "ended_on": "1 October 2026",
             "explanation": "The usual time limit for a claim for breach of confidence ended on 1 October 2026. "
                            "It is now likely to be too late to start a court claim for this, unless special "
                            "rules apply."},
        ],
        "not_running": [
            {"cause": "A claim for misuse of private information",
             "basis": "No time limit is running yet, because the claimant lacked the capacity to make decisions "
                      "about the claim when it arose. When they regain it, the time limit will be six years from "
                      "that day."},
        ],
        "urgent": "",
    },
    # The latest valuation (partner-agreed range if adjusted); available False when none.
    "valuation": {"available": True, "approved": True, "low": "£2,000.00", "mid": "£4,500.00", "high": "£9,000.00"},
    # The CFA terms and the "what you keep" illustration at the valuation's low / mid / high.
    "fees": {
        "prospects_percent": 60,
        "success_fee_percent": 67,
        "success_fee_basis": ("Set from the prospects of success (60%) in the usual way: the chance of losing "
                              "(40%) divided by the chance of winning (60%), at most 100%."),
        "cap_percent": 25,
        "vat_percent": 20,
        "base_costs": "£3,000.00",
        "ate_premium": "£0.00",
        "ate_taken_out": False,
        "ate_recoverable": False,
        "cancellation_days": 14,
        # True: no approved valuation, so the rows are example awards ("Example"), not the claim's range.
        "illustrative": False,
        "illustration": [
            {"label": "Low", "award": "£2,000.00", "track": SMALL_NOTE, "base_costs": "£3,000.00",
             "costs_recovered": False, "success_fee": "£2,010.00", "vat": "£1,002.00", "ate_premium": "£0.00",
             "before_cap": "£6,012.00", "cap": "£500.00", "capped": True, "deducted": "£500.00",
             "waived": "£5,512.00", "keeps": "£1,500.00", "keeps_percent": "75%"},
            {"label": "Mid", "award": "£4,500.00", "track": SMALL_NOTE, "base_costs": "£3,000.00",
             "costs_recovered": False, "success_fee": "£2,010.00", "vat": "£1,002.00", "ate_premium": "£0.00",
             "before_cap": "£6,012.00", "cap": "£1,125.00", "capped": True, "deducted": "£1,125.00",
             "waived": "£4,887.00", "keeps": "£3,375.00", "keeps_percent": "75%"},
            {"label": "High", "award": "£9,000.00", "track": SMALL_NOTE, "base_costs": "£3,000.00",
             "costs_recovered": False, "success_fee": "£2,010.00", "vat": "£1,002.00", "ate_premium": "£0.00",
             "before_cap": "£6,012.00", "cap": "£2,250.00", "capped": True, "deducted": "£2,250.00",
             "waived": "£3,762.00", "keeps": "£6,750.00", "keeps_percent": "75%"},
        ],
        # What the table assumes about who pays our costs on its rows' tracks (claims.domain.tracks).
        "keep_basis": ("For awards of £10,000 or less (usually the small claims track) the table assumes the other "
                       "side pays none of our costs: our base costs, the success fee and VAT come out of your "
                       "damages, up to the cap."),
        # Costs on the claim's likely court track, in plain words (claims.domain.tracks).
        "costs": {
            "track": ("From our estimate of its value, the claim is likely to be dealt with in the small claims "
                      "track if it goes to court. The court decides, mainly on the claim’s value."),
            "if_you_win": ("On the small claims track (usually claims worth £10,000 or less) the other side pays "
                           "very little of our costs, because the court’s rules allow only small fixed sums. So "
                           "the rest of our base costs, with VAT, come out of your damages too, within the cap."),
            "if_you_lose": ("You pay us nothing. But the court can order you to pay the other side’s legal costs. "
                            "On the small claims track that is usually limited to small sums, such as court fees "
                            "and witness expenses, but it can be more if the claim ends before it is allocated to "
                            "a track or if the court finds you behaved unreasonably. This agreement does not "
                            "include insurance against them, so you would have to pay them yourself. Before "
                            "starting court proceedings we will talk to you about this risk and about insurance "
                            "against it."),
        },
    },
    # How a letter to the defendant is sent, and the day it is taken as received (by analogy with CPR 6.26).
    "sending": {"method": "first class post", "by_email": False, "sent_on": "22 November 2026",
                "received_on": "24 November 2026",
                "explanation": "posted first class on 22 November 2026, so taken as received on the second day "
                               "after posting, 24 November 2026, a business day (worked out by analogy with the "
                               "deemed service rules in CPR 6.26)"},
    # Letter of claim: the date the defendant must reply by (14 days from receipt, next working day).
    "response": {"days": 14, "due_on": "8 December 2026"},
    # Subject access request: one month from the day it is received (UK GDPR Art. 12(3)).
    "sar": {"due_on": "24 December 2026"},
    # Decline letter: the solicitor's reason, as they wrote it.
    "decline": {"reason": "We do not think the claim has reasonable prospects of success."},
    # Completion statement: the settlement, each deduction under the signed CFA, and the net sum
    # (claims.outcomes.statement; empty strings in every other letter).
    "settlement": {"agreed_on": "20 November 2026", "paid_on": "21 November 2026", "general": "£6,000.00",
                   "special": "£45.60", "damages": "£6,045.60", "costs": "£0.00",
                   "track": "The damages are within the small claims track, where the other side pays almost none "
                            "of our costs, so our base costs come out of the damages too, within the cap",
                   "costs_recovered": False, "base_costs_charged": True, "base_costs": "£3,000.00",
                   "base_costs_estimate": "£3,000.00", "success_fee_percent": 67, "success_fee": "£2,010.00",
                   "vat_percent": 20, "vat": "£1,002.00", "ate_premium": "£0.00", "before_cap": "£6,012.00",
                   "cap_percent": 25, "cap": "£1,511.40", "capped": True, "waived": "£4,500.60",
                   "deducted": "£1,511.40", "net": "£4,534.20"},
    # The claimant's signature on the CFA: signed False until they sign online.
    "signature": {"signed": False, "name": "", "signed_at": "", "ip_address": "", "user_agent": "",
                  "document_sha256": "", "cancellation_ends_on": ""},
    "disclaimer": ("Any figure in this letter is an estimate of a range, not a promise or legal advice on "
                   "what a court would award."),
}


def sample_context() -> dict:
    """A fresh deep copy of the sample context (templates and tests may mutate what they get)."""
    return copy.deepcopy(_SAMPLE)


def sample_contexts() -> list[tuple[str, dict]]:
    """The sample in each shape a real claim can take; an uploaded template must render them all."""
    child = sample_context()
    adult = sample_context()
    adult["litigation_friend"] = None
    adult["claimant"]["is_child"] = False
    adult["claim"]["children_statement"] = ""
    adult["client"] = {"name": "Sam Example", "salutation": "Dear Sam Example",
                       "address_lines": ["2 Sample Road", "Leeds", "LS1 1AA"], "email": "sam@example.com"}
    bare = sample_context()
    bare["valuation"] = {"available": False, "approved": False, "low": "£0.00", "mid": "£0.00", "high": "£0.00"}
    bare["fees"]["illustrative"] = True
    for row, award in zip(bare["fees"]["illustration"], ("£1,000.00", "£5,000.00", "£10,000.00")):
        row.update(label="Example", award=award)
    bare["claim"].update(losses=[], data_categories=[], special_categories=[], causes_of_action=[])
    bare["limitation"] = {"earliest": "", "dates": [], "passed": [], "not_running": [], "urgent": ""}
    bare["defendant"]["address_lines"] = []
    signed = sample_context()
    signed["signature"] = {"signed": True, "name": "Alex Example", "signed_at": "23/11/2026 10:15",
                           "ip_address": "203.0.113.9", "user_agent": "Mozilla/5.0",
                           "document_sha256": "0" * 64, "cancellation_ends_on": "7 December 2026"}
    return [("claim for a child", child), ("claim by an adult", adult),
            ("claim with no valuation and empty lists", bare), ("signed agreement", signed)]
