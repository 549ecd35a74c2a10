"""Risk flags on a valuation: what a solicitor must weigh before promising anything.

This module owns which valuation flags exist, when each fires and what it says. Flags use
``screening.Flag`` (code, severity, message) and the same codes where screening has them
(``already_represented``), so a claim page can merge both lists. The limitation flags
(``out_of_time``, ``partly_out_of_time``, ``limitation_soon``) are screening's own, from
``screening.limitation_flags`` with the claim's limitation dates as at the valuation date: the
valuation and the claim page cannot disagree about whether a claim is in time. ``CONTEXT_RULES`` says which excluded precedents each flag brings with it
(e.g. the struck-out misdirected-letter cases with the low-value flag).
"""
from __future__ import annotations

from datetime import date

from claims.domain.screening import SEVERITIES, Flag, limitation_flags

from .inputs import ClaimFacts

LOW_VALUE_SCORE = 25  # below this the facts are at the trivial end whatever they are
SMALL_CLAIMS_LIMIT_PENCE = 10_000_00  # small claims track: claims worth up to £10,000 (CPR 26.9)
FAILED_OUTCOMES = ("struck_out", "dismissed", "dismissed_trivial")

LOW_VALUE_MESSAGE = (
    "Low value and costs risk: {reason}. Since Farley v Paymaster [2025] EWCA Civ 1117 there is no "
    "threshold of seriousness for UK GDPR compensation, but a claim like this is likely to go to the "
    "small claims track (up to £10,000, fixed costs), and Rolfe v Veale Wasbrough Vizards [2021] EWHC "
    "2809 (QB) was struck out as trivial with costs against the claimants. Advise on the costs risk "
    "before accepting; do not promise a payout."
)
CYBER_MESSAGE = (
    "Cyber attack: against the hacked organisation only the data protection claim is open. Misuse of "
    "private information and breach of confidence fail because the organisation did not itself misuse "
    "the data (Warren v DSG Retail [2021] EWHC 2168 (QB); Smith v TalkTalk [2022] EWHC 1311 (QB)), so "
    "an ATE premium is not recoverable and the claim is likely to be low value."
)
NO_HARM_MESSAGE = (
    "No harm described: compensation needs damage (distress or loss) to be shown; the breach alone is "
    "not enough (Österreichische Post, CJEU C-300/21; Lloyd v Google [2021] UKSC 50). Ask the claimant "
    "how the breach affected them before valuing it."
)
# Flag code → which excluded precedents to show with it: (outcomes or None, same breach family needed?, breach types)
CONTEXT_RULES = {
    "low_value": (FAILED_OUTCOMES, True, None),
    "cyber_attack_dp_only": (None, False, ("cyber_attack",)),
    "no_evidence_of_harm": (("representative_action_refused",), False, None),
}


def risk_flags(facts: ClaimFacts, *, score: int, total_mid_pence: int, claimed_only_pence: int,
               as_of: date) -> list[Flag]:
    """Every valuation flag that fires for these facts and this estimate as at ``as_of``, most serious first."""
    flags = [
        *limitation_flags(facts.limitation or (), today=as_of),
        *_low_value(facts, score, total_mid_pence),
        *_no_harm(facts),
        *_cyber(facts),
        *_represented(facts),
        *_unevidenced(claimed_only_pence),
    ]
    return sorted(flags, key=lambda flag: SEVERITIES.index(flag.severity))


def trivial_facts(facts: ClaimFacts) -> bool:
    """The Rolfe pattern: little distress, no medical evidence, nothing very sensitive, one or a few recipients."""
    return (facts.distress_level in ("none", "minimal") and facts.medical_evidence == "none"
            and facts.tier <= 2 and facts.recipients_scope in ("single_recipient", "few_recipients")
            and not (facts.repeated or facts.fear_for_safety or facts.had_to_move))


def _low_value(facts: ClaimFacts, score: int, total_mid_pence: int) -> list[Flag]:
    if trivial_facts(facts):
        reason = f"{facts.distress_level} distress, no medical evidence, nothing highly sensitive"
    elif score < LOW_VALUE_SCORE:
        reason = f"a distress score of {score} out of 100"
    elif total_mid_pence <= SMALL_CLAIMS_LIMIT_PENCE:
        return [Flag("small_claims_track", "info",
                     f"The estimate (£{total_mid_pence // 100:,}) is within the small claims limit of £10,000: "
                     "costs there are fixed (CPR 27.14), so most of the firm's costs would not be recovered")]
    else:
        return []
    return [Flag("low_value", "warning", LOW_VALUE_MESSAGE.format(reason=reason))]


def _no_harm(facts: ClaimFacts) -> list[Flag]:
    harmless = (facts.distress_level == "none" and not facts.effects and facts.medical_evidence == "none"
                and facts.financial_loss_pence == 0)
    return [Flag("no_evidence_of_harm", "warning", NO_HARM_MESSAGE)] if harmless else []


def _cyber(facts: ClaimFacts) -> list[Flag]:
    return [Flag("cyber_attack_dp_only", "warning", CYBER_MESSAGE)] if facts.breach_type == "cyber_attack" else []


def _represented(facts: ClaimFacts) -> list[Flag]:
    if not facts.already_represented:
        return []
    return [Flag("already_represented", "warning",
                 "The claimant says another firm already acts for them: check before valuing or accepting the claim")]


def _unevidenced(claimed_only_pence: int) -> list[Flag]:
    if claimed_only_pence <= 0:
        return []
    pounds = f"£{claimed_only_pence // 100:,}.{claimed_only_pence % 100:02d}"
    return [Flag("losses_not_evidenced", "info",
                 f"{pounds} of financial loss is claimed without evidence: ask for receipts or statements")]
