"""A claimant driving the public claim form through a test client, page by page."""
from __future__ import annotations

import re

from tests.journey import ORDER, form_data
from tests.pages import Page, parse

RESUME_LINK = re.compile(r"https?://[^\s\"'<>]+/claim/resume\?t=([A-Za-z0-9_\-]+)")


class Claimant:
    """Wraps a test client: ``start()``, ``answer(page, **overrides)``, ``complete()``, ``submit()``."""

    def __init__(self, client):
        self.client = client

    def start(self) -> None:
        response = self.client.post("/claim/start")
        assert response.status_code == 302 and response.headers["Location"].endswith("/claim/about-you")

    def answer(self, page: str, query: str = "", **overrides):
        """Post a page of answers; returns the response (302 when accepted)."""
        return self.client.post(f"/claim/{page}{query}", data=form_data(page, **overrides))

    def answer_ok(self, page: str, query: str = "", **overrides) -> str:
        """Post a page that must be accepted; returns where the form sent the claimant next."""
        response = self.answer(page, query, **overrides)
        assert response.status_code == 302, (page, _errors(response))
        return response.headers["Location"]

    def complete(self, pages: dict | None = None, child: bool = False) -> None:
        """Start a draft and answer every question page (``pages`` maps page → overrides)."""
        pages = pages or {}
        self.start()
        order = list(ORDER)
        if child:
            order.insert(1, "about-the-child")
            pages.setdefault("about-you", {}).setdefault("claiming_for", "child")
        for page in order:
            self.answer_ok(page, **pages.get(page, {}))

    def submit(self) -> str:
        """Make the declaration and send the claim; returns the claim reference."""
        response = self.client.post("/claim/declaration", data={"confirm_true": "y", "consent_sensitive": "y"})
        assert response.status_code == 302 and response.headers["Location"].endswith("/claim/confirmation"), \
            _errors(response)
        page = parse(self.client.get("/claim/confirmation"))
        return page.with_class("panel-reference")[0].text.strip()

    def get(self, path: str) -> Page:
        response = self.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return parse(response)

    def upload(self, *files: tuple[str, bytes], query: str = ""):
        """Upload (name, bytes) pairs in one request to the evidence page."""
        import io

        data = {"files": [(io.BytesIO(content), name) for name, content in files]}
        return self.client.post(f"/claim/evidence{query}", data=data, content_type="multipart/form-data")


def _errors(response) -> str:
    if response.status_code != 200:
        return f"status {response.status_code}"
    return repr(parse(response).error_summary())


def resume_token(text: str) -> str:
    """The token in the first resume link found in some text."""
    match = RESUME_LINK.search(text)
    assert match, "no resume link found"
    return match.group(1)
