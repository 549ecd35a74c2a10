"""What the client is told as their claim moves on, in plain words, and the rules for a message they send us.

Pure, no database. ``UPDATES`` holds the moves that matter to a client (taken on, letter of claim sent,
reply received, negotiation, settled, money sent, closed): each is a short plain-text email and a line
on the progress timeline of their portal. The words never name the data, the harm or anything from the
claim form (no special category details in an email): only what stage the claim is at.
"""
from __future__ import annotations

from dataclasses import dataclass

MESSAGE_MAX_CHARS = 2000


@dataclass(frozen=True)
class Update:
    """A short update for the client: the email's subject, and the plain words of the step."""

    subject: str
    words: str


UPDATES: dict[str, Update] = {
    "accepted": Update("We can take on your claim",
                       "We have looked at your claim and we can take it on. We will send you our no win, no fee "
                       "agreement to read and sign."),
    "cfa_signed": Update("Your agreement is signed", "You signed our no win, no fee agreement."),
    "sar_sent": Update("We have asked for your data",
                       "We have asked the organisation for a copy of the information it holds about you."),
    "letter_of_claim_sent": Update("We have sent the letter of claim",
                                   "We have sent our letter of claim to the organisation. It should reply within "
                                   "14 days of receiving it; we will tell you when it does."),
    "response_received": Update("The organisation has replied",
                                "The organisation has replied to our letter of claim. We are reading its reply and "
                                "will explain what it means for you."),
    "negotiation": Update("We are negotiating",
                          "We are negotiating with the organisation about compensation. We will tell you about "
                          "any offer, and we never accept one without your instructions."),
    "settled": Update("Your claim has settled",
                      "Your claim has settled. We will let you know when the money arrives and send you a "
                      "statement of what you receive."),
    "money_sent": Update("We have sent your money",
                         "We have sent you the money from your claim. Your completion statement shows how it "
                         "was worked out."),
    "closed_won": Update("Your claim is complete", "Your claim is complete and closed."),
    "closed_lost": Update("Your claim is closed",
                          "Your claim has ended without compensation and is now closed. Under your no win, no fee "
                          "agreement you have nothing to pay us."),
    "withdrawn": Update("Your claim is closed", "Your claim has been withdrawn and is now closed."),
}

# Steps the client sees on their timeline but is not emailed about: they did them, or an email already went
# (negotiation starts with an offer, and every offer has its own email: claims.outcomes).
NOT_EMAILED = frozenset({"cfa_signed", "sar_sent", "negotiation"})


def update_for(to_status: str) -> Update | None:
    """The update to email the client when their claim moves to ``to_status``, or None."""
    return None if to_status in NOT_EMAILED else UPDATES.get(to_status)


def step_words(to_status: str) -> str | None:
    """The plain words for a step on the client's progress timeline, or None for a step they do not see."""
    update = UPDATES.get(to_status)
    return update.words if update else None


def message_problem(text: str) -> str | None:
    """Why a message from the client cannot be sent as typed, or None."""
    if not text.strip():
        return "Write your message"
    if len(text) > MESSAGE_MAX_CHARS:
        return f"Your message must be {MESSAGE_MAX_CHARS:,} characters or fewer (it has {len(text):,})"
    return None


def email_body(*, name: str, reference: str, update: Update, firm_name: str) -> str:
    """The plain-text email for an update: no link, no token, nothing from the claim form."""
    return (f"Dear {name},\n\n{update.words}\n\nYour reference is {reference}. You can follow your claim and send us "
            f"a message through the link in the email we sent you with your agreement.\n\n{firm_name}")
