"""Emails the claim form sends: the resume link and the acknowledgement after submission."""
from __future__ import annotations

from flask import current_app

from claims.links import public_url
from claims.firm import review_working_days
from claims.mail import queue_mail
from claims.models import Claim, IntakeDraft


def resume_url(token: str) -> str:
    """The absolute link that reopens a draft."""
    return public_url("intake.resume", t=token)


def send_resume_link(draft: IntakeDraft, token: str) -> None:
    """Email the resume link to the address given on the first page."""
    email = draft.answers.get("about-you", {}).get("email")
    if not email:
        return
    days = current_app.config["DRAFT_LIFETIME_DAYS"]
    body = (
        "You have started a claim with us. Your answers are saved as you go.\n\n"
        f"To carry on where you left off, use this link:\n{resume_url(token)}\n\n"
        f"The link works for {days} days after you last save an answer. Keep it private: "
        "anyone with the link can see your answers.\n\n"
        f"{current_app.config['FIRM_NAME']}"
    )
    queue_mail(email, "Your saved claim", body)


def send_acknowledgement(claim: Claim, email: str) -> None:
    """Tell the claimant we have the claim, its reference and what happens next."""
    body = (
        f"Thank you. We have received your claim. Your reference is {claim.reference}.\n\n"
        "What happens next:\n"
        f"1. A solicitor will read your claim, usually within {review_working_days()} working days.\n"
        "2. We will contact you to say whether we can take it on, and explain the no win no fee agreement "
        "before you sign anything.\n"
        "3. If we cannot take it on, we will tell you why and the date by which a claim would need to be "
        "started.\n\n"
        "This email is not legal advice, and we have not yet agreed to act for you.\n\n"
        f"{current_app.config['FIRM_NAME']}"
    )
    queue_mail(email, f"We have received your claim ({claim.reference})", body, claim_id=claim.id)
