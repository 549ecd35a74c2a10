"""Links that leave the app (emails, files) are built from PUBLIC_BASE_URL, never from the request.

A request's Host and X-Forwarded-* headers are the sender's to choose: a link built from them
once emailed a client's signing token pointing at an attacker's site.

A link's token is stored only as ``hash_token(token)``: the database never holds a working link.
"""
from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values) -> str:
    """The absolute address of ``endpoint`` under PUBLIC_BASE_URL; extra values become the query string."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def hash_token(token: str) -> str:
    """The stored form of a link's secret token (a resume link, a signing link)."""
    return hashlib.sha256(token.encode()).hexdigest()
