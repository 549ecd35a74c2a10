"""Reading generated Word documents back in tests, as python-docx sees them."""
from __future__ import annotations

from io import BytesIO

from docx import Document


def docx_text(data: bytes) -> str:
    """Every paragraph's text, one per line: the body, each table cell, then the footer."""
    document = Document(BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    lines += [paragraph.text for section in document.sections for paragraph in section.footer.paragraphs]
    return "\n".join(lines)
