"""Sending a letter that has been made: by which channel, to whom, and when it counts as served.

Pure rules, ``today`` passed in. A letter to the defendant (``letters.SENT_TO_DEFENDANT``) goes to its
DPO or another address a solicitor confirms, by email or post; any other letter goes to the client. The
day a letter counts as received is ``deadlines.deemed_receipt`` (CPR 6.26 by analogy; the rule text is
quoted there), counted from the day it really went: the response deadline runs from that day.
"""
from __future__ import annotations

from datetime import date, datetime, time

from .deadlines import DELIVERY_METHODS, format_date
from .letters import SENT_TO_DEFENDANT
from .vocab import Vocabulary

CHANNELS = Vocabulary({code: label[:1].upper() + label[1:] for code, label in DELIVERY_METHODS.items()})
POSTED_CHANNELS = ("first_class_post", "recorded_delivery", "hand")  # recorded by hand as done
CUTOFF_TIME = time(16, 30)  # CPR 6.26: "before 4.30p.m."


def to_defendant(kind: str) -> bool:
    """True if a letter of this kind goes to the defendant (else it goes to the client)."""
    return kind in SENT_TO_DEFENDANT


def before_cutoff(at: datetime) -> bool:
    """True if a moment (UK local time) is before 4.30pm on its day."""
    return at.time() < CUTOFF_TIME


def posting_date_problem(posted_on: date, *, made_on: date, today: date) -> str | None:
    """Why a date given as the day a letter was posted or delivered cannot be right, or None."""
    if posted_on > today:
        return "The date it was posted or delivered cannot be in the future"
    if posted_on < made_on:
        return f"The date it was posted or delivered cannot be before the letter was made ({format_date(made_on)})"
    return None
