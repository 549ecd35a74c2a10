"""Database ids read from URLs and query strings: in the range the id columns hold, else no such page.

PostgreSQL ``integer`` columns hold 1 to 2^31 − 1 and SQLite refuses integers over 2^63 − 1;
an id outside that range used to reach the database and come back as a 500. Routes take
ids as ``<id:claim_id>`` and views read them from the query string with ``id_arg``.
"""
from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<id:name>`` in a route: a whole number from 1 to MAX_ID; anything else does not match (404)."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, min=1, max=MAX_ID)


def is_id(text: str | None) -> bool:
    """True if ``text`` is a whole number an id column can hold."""
    return bool(text) and text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID


def id_arg(name: str) -> int | None:
    """The id in ``?name=``; None if absent or blank; 404 if it is not one an id column can hold."""
    text = request.args.get(name, "").strip()
    if not text:
        return None
    return int(text) if is_id(text) else abort(404)
