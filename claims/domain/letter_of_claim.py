"""What the letter of claim says about the claimant's case, and what it needs before it is made.

``draft_facts`` turns the claim form's answers into a third-person draft a solicitor edits and
confirms; only the confirmed text goes into the letter (never the raw answers).
``children_statement`` is the one place that decides what the letter says about children: it
follows who the claimant is (a child, or an adult who was a child at the time), not whether
some of the data was about children. ``missing_before_sending`` lists what must be done first.
"""
from __future__ import annotations

from datetime import date

from .deadlines import format_long_date
from .jurisdiction import NO_DEFENDANT_ADDRESS

TO_COMPLETE = "[To complete"  # a draft's gap; the summary cannot be confirmed while one is left

_BREACH = {
    "misdirected_communication": "you sent our client’s personal data to the wrong person or address",
    "unauthorised_disclosure": "you disclosed our client’s personal data without authority",
    "lost_or_stolen": "papers or a device holding our client’s personal data were lost or stolen while in your care",
    "cyber_attack": "our client’s personal data was compromised in a cyber attack on your systems",
    "publication_online": "you published our client’s personal data online",
    "employee_misuse": "a member of your staff looked at our client’s records without a good reason",
    "inaccurate_data": "you held or passed on inaccurate personal data about our client",
    "subject_access_failure": "you failed to answer properly our client’s request for their personal data",
    "surveillance": "you monitored our client",
}
_SCOPE = {"single_recipient": "one person", "few_recipients": "a few people (between 2 and 10)",
          "many_recipients": "more than 10 people"}
_RECIPIENT = {
    "stranger": "a stranger to our client", "professional": "a professional", "neighbour": "our client’s neighbour",
    "ex_partner": "our client’s former partner", "family": "a member of our client’s family",
    "colleague": "a colleague or employer of our client", "someone_else_known": "someone who knows our client",
}
_DISTRESS = {"minimal": "some distress", "moderate": "considerable distress", "significant": "a great deal of distress",
             "severe": "severe distress, which has taken over their life"}
_EFFECTS = {
    "anxiety": "anxiety", "sleep": "difficulty sleeping", "fear_for_safety": "fear for their own and their family’s safety",
    "had_to_move": "having to move home", "relationships": "harm to their relationships with family, friends or neighbours",
    "confidence": "loss of confidence", "embarrassment": "embarrassment and humiliation",
    "work": "problems at work or school", "loss_of_trust": "loss of trust in you",
}
_MEDICAL = {"gp": "has seen their GP about it", "counsellor": "has seen a counsellor or therapist about it",
            "specialist": "has been seen by a psychiatrist or mental health team"}


def draft_facts(*, breach_type: str, breach_on: date, discovered_on: date | None, recipients_scope: str,
                recipient_relationship: str, distress_level: str, effects: list[str], medical_help: str,
                diagnosis: str | None, effects_ongoing: bool) -> str:
    """A third-person draft of the facts from the form's answers, with gaps marked for the solicitor."""
    what = _BREACH.get(breach_type, f"{TO_COMPLETE}: what happened]")
    paragraphs = [f"On {format_long_date(breach_on)} {what}."
                  + (f" Our client found out on {format_long_date(discovered_on)}."
                     if discovered_on and discovered_on != breach_on else ""),
                  f"{TO_COMPLETE}: summarise in the third person what happened, from the client’s account on the "
                  "claim page.]",
                  _who_saw_it(recipients_scope, recipient_relationship)]
    harm = [f"The incident has caused our client {_DISTRESS[distress_level]}." if distress_level in _DISTRESS else ""]
    named = [_EFFECTS[code] for code in effects if code in _EFFECTS]
    if named:
        harm.append(f"It has caused them {_join(named)}.")
    if medical_help in _MEDICAL:
        harm.append(f"Our client {_MEDICAL[medical_help]}"
                    + (f" and tells us they have been diagnosed with: {diagnosis.strip()}." if diagnosis else "."))
    if effects_ongoing:
        harm.append("The effects are continuing.")
    paragraphs.append(" ".join(sentence for sentence in harm if sentence))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _who_saw_it(scope: str, relationship: str) -> str:
    if scope == "public":
        return "The data was made public."
    who = _RECIPIENT.get(relationship)
    if scope not in _SCOPE:
        return f"{TO_COMPLETE}: who received the data]"
    if who is None:
        return f"The data was received by {_SCOPE[scope]}."
    return f"The data was received by {_SCOPE[scope]}" + (f": {who}." if scope == "single_recipient"
                                                         else f", including {who}.")


def paragraphs(summary: str | None) -> list[str]:
    """The confirmed summary as the letter's paragraphs (blank lines separate them)."""
    return [" ".join(block.split()) for block in (summary or "").replace("\r\n", "\n").split("\n\n") if block.strip()]


def children_statement(*, child_now: bool, child_at_breach: bool) -> str:
    """What the letter says about the claimant being a child; nothing for an adult claiming for themselves."""
    if child_now:
        who = "Our client is a child."
    elif child_at_breach:
        who = "Our client was a child when this happened."
    else:
        return ""
    return (f"{who} Children merit specific protection of their personal data (UK GDPR recital 38), which makes "
            "its disclosure more serious.")


def missing_before_sending(kind: str, *, method: str, has_address: bool, has_email: bool, facts_confirmed: bool,
                           forum_problem: str) -> list[str]:
    """What must be done before a letter to the defendant is made, as instructions; empty when ready.

    A letter of claim needs its forum settled whatever the method: an emailed one with no postal
    address gets ``NO_DEFENDANT_ADDRESS`` from ``jurisdiction.forum`` until a solicitor confirms it.
    """
    missing = []
    address_asked = method != "email" and not has_address
    if address_asked:
        missing.append("add the defendant’s postal address (claim page, “The organisation”)")
    if method == "email" and not has_email:
        missing.append("add the defendant’s data protection email address (claim page, “The organisation”), "
                       "or choose another way of sending")
    if kind == "letter_of_claim":
        if not facts_confirmed:
            missing.append("confirm the summary of the facts (claim page, “Letter of claim”)")
        if forum_problem and not (address_asked and forum_problem == NO_DEFENDANT_ADDRESS):
            missing.append(f"{forum_problem} (claim page, “Letter of claim”)")
    return missing


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
