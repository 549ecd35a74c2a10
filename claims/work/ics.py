"""The diary as an iCalendar file (RFC 5545), for Outlook and other calendars.

Each key date and open task is an all-day event. Its UID stays the same from one export to the next
(``key-date-12@host``, ``task-34@host``), so importing again updates an event rather than adding a
second. An event names the claim by its reference only and links to the claim page: no claimant's
name, no reasons or notes leave the system in a calendar that syncs to phones. Text is escaped by the
icalendar library (commas, semicolons, backslashes, new lines); control characters are dropped first.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, Event

from claims.domain.text import CONTROL
from claims.links import public_url
from claims.work.queries import DiaryItem

PRODUCT = "-//Breach claims//Key-date diary//EN"


def calendar_file(items: list[DiaryItem], *, name: str, now: datetime) -> bytes:
    """The items as one VCALENDAR of all-day VEVENTs, stamped ``now``."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _text(name))
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "breach-claims"
    for item in items:
        calendar.add_component(_event(item, host, now))
    return calendar.to_ical()


def _event(item: DiaryItem, host: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"{item.uid}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", item.on)
    event.add("dtend", item.on + timedelta(days=1))
    event.add("summary", _text(f"{item.reference}: {item.what}"))
    event.add("categories", ["Task" if item.is_task else "Key date"])
    anchor = "#tasks" if item.is_task else "#key-dates"
    event.add("url", public_url("cases.detail", claim_id=item.claim_id) + anchor)
    event.add("transp", "TRANSPARENT")  # a deadline is not a meeting: the day stays free
    return event


def _text(value: str) -> str:
    return CONTROL.sub(" ", value or "")
