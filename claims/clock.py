"""The firm's calendar day: "today" is today in the UK, whatever the server's time zone."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk_today() -> date:
    """Today's date in England and Wales (a claimant at 00:30 BST is already on the new day)."""
    return datetime.now(UK).date()
