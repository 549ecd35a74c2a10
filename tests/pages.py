"""Read rendered HTML the way a browser would: element ids, form values, links and visible text.

Built on the standard library's HTMLParser, so entities are decoded exactly as a browser
decodes them: a value found here is what the person sees, not what the template wrote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    text: str = ""
    classes: set = field(default_factory=set)


class Page(HTMLParser):
    """A parsed page. ``elements`` lists every element with the text inside it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self._texts: list[str] = []
        self.feed(html)
        self.close()

    # -- parsing ---------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        element = Element(tag, attributes, classes=set(attributes.get("class", "").split()))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._open and self._open[-1].tag == tag:
            self._open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if self._open and self._open[-1].tag in ("script", "style"):
            return
        self._texts.append(data)
        for element in self._open:
            element.text += data

    # -- queries ---------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """All visible text, entities decoded."""
        return "".join(self._texts)

    @property
    def ids(self) -> set[str]:
        return {e.attrs["id"] for e in self.elements if "id" in e.attrs}

    def by_id(self, element_id: str) -> Element:
        matches = [e for e in self.elements if e.attrs.get("id") == element_id]
        assert len(matches) == 1, f"expected one element with id={element_id!r}, found {len(matches)}"
        return matches[0]

    def find_all(self, tag: str, **attrs) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())]

    def with_class(self, css_class: str) -> list[Element]:
        return [e for e in self.elements if css_class in e.classes]

    def error_summary(self) -> list[tuple[str, str]]:
        """(href, message) for each link in the error summary at the top of the page."""
        summaries = self.with_class("error-summary")
        if not summaries:
            return []
        start = self.elements.index(summaries[0])
        links = []
        for element in self.elements[start + 1:]:
            if element.tag == "a" and element.attrs.get("href", "").startswith("#"):
                links.append((element.attrs["href"], _squash(element.text)))
            if element.tag == "form" or element.tag == "h1":
                break
        return links

    def error_message(self, field_id: str) -> str:
        """The error message shown beside a field (its id + "-error")."""
        return _squash(self.by_id(f"{field_id}-error").text).removeprefix("Error:").strip()

    def value(self, name: str) -> str | None:
        """What a text input or textarea called ``name`` holds."""
        for element in self.elements:
            if element.attrs.get("name") != name:
                continue
            if element.tag == "textarea":
                # a browser drops the first new line after <textarea>; the parser keeps it
                text = element.text
                return text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            if element.tag == "input" and element.attrs.get("type", "text") not in ("radio", "checkbox"):
                return element.attrs.get("value", "")
        return None

    def checked(self, name: str) -> list[str]:
        """The values of the ticked radios or checkboxes called ``name``."""
        return [e.attrs["value"] for e in self.find_all("input") if e.attrs.get("name") == name
                and e.attrs.get("type") in ("radio", "checkbox") and "checked" in e.attrs]

    def links(self) -> list[str]:
        return [e.attrs["href"] for e in self.find_all("a") if "href" in e.attrs]

    def csrf_token(self) -> str:
        tokens = [e.attrs["value"] for e in self.find_all("input") if e.attrs.get("name") == "csrf_token"]
        assert tokens, "no CSRF token on the page"
        return tokens[0]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse(response) -> Page:
    """A Page from a test-client response."""
    return Page(response.get_data(as_text=True))
