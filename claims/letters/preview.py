"""An HTML preview of a generated Word document, for staff and for the claimant before signing.

mammoth turns the .docx into plain semantic HTML (headings, paragraphs, lists, tables) and
escapes the text; images are left out and any link that is not http(s) or mailto loses its
address, so a preview can never run anything. A table with a header row is marked to stack on a
phone: each cell carries its column's heading as ``data-label`` (static/css/app.css shows it).
"""
from __future__ import annotations

from io import BytesIO

import mammoth
from lxml import html as lxml_html
from markupsafe import Markup

_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def docx_to_html(data: bytes) -> Markup:
    """The document's body as HTML, safe to place in a page."""
    result = mammoth.convert_to_html(BytesIO(data), convert_image=mammoth.images.img_element(_no_image))
    if not result.value.strip():
        return Markup("")
    fragment = lxml_html.fragment_fromstring(result.value, create_parent="div")
    for element in list(fragment.iter("img")):
        element.drop_tree()
    for link in fragment.iter("a"):
        href = link.get("href", "")
        if not href.startswith(_SAFE_SCHEMES):
            link.attrib.pop("href", None)
        else:
            link.set("rel", "noopener noreferrer")
    for table in fragment.iter("table"):
        _label_cells(table)
    return Markup(lxml_html.tostring(fragment, encoding="unicode"))


def _label_cells(table) -> None:
    """Give each body cell its column's heading, so the table can stack on a small screen."""
    headings = [" ".join(cell.text_content().split()) for cell in table.xpath("./thead/tr[1]/th")]
    if not headings:
        return
    table.set("class", "table-stack")
    for row in table.xpath("./tbody/tr"):
        for cell, heading in zip(row.xpath("./td"), headings):
            cell.set("data-label", heading)


def _no_image(image) -> dict:
    return {"alt": ""}
