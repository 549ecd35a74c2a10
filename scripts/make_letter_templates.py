"""Build the Word templates in letters/ with python-docx, so they can be rebuilt and reviewed as code.

Usage: .venv/bin/python scripts/make_letter_templates.py

Each template holds docxtpl (Jinja) tags, each written as one run so Word never splits a
tag. The context is a plain dict of primitives (``claims.valuation.report.report_context``);
loops over table rows use ``{%tr %}`` and over paragraphs ``{%p %}``. The zip is written
with fixed timestamps, so the same script gives the same bytes.
"""
from __future__ import annotations

import sys
import zipfile
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

LETTERS = Path(__file__).resolve().parents[1] / "letters"
FIXED_TIME = datetime(2026, 11, 22, tzinfo=timezone.utc)
ZIP_TIME = (2026, 11, 22, 0, 0, 0)


def valuation_report() -> Document:
    """letters/valuation-report.docx: the partner-facing valuation report for one claim."""
    doc = _new_document("Valuation report")
    doc.add_paragraph("Valuation report", style="Title")
    doc.add_paragraph("{{ claim.reference }}: {{ claim.claimant_name }} v {{ claim.defendant_name }}", style="Subtitle")
    _warning(doc, "Not legal advice. {{ disclaimer }}")

    doc.add_heading("The range", level=1)
    _key_values(doc, [
        ("{%tr if review.adjusted %}", None),
        ("Agreed range (adjusted by a partner)", "{{ review.agreed.low }} to {{ review.agreed.high }}, "
                                                 "mid {{ review.agreed.mid }}"),
        ("{%tr endif %}", None),
        ("{% if review.adjusted %}Estimated range{% else %}Range{% endif %} (total damages)",
         "{{ valuation.low }} to {{ valuation.high }}, mid {{ valuation.mid }}"),
        ("General damages", "{{ valuation.general.low }} to {{ valuation.general.high }}, mid {{ valuation.general.mid }}"),
        ("Special damages", "{{ valuation.special.total }} claimed: {{ valuation.special.evidenced }} evidenced, "
                            "{{ valuation.special.claimed_only }} not yet evidenced (the low figure adds evidenced "
                            "losses only)"),
        ("Distress score", "{{ valuation.score }} out of 100"),
        ("Confidence", "{{ valuation.confidence_explanation or valuation.confidence }}"),
        ("Claim", "{{ claim.breach_type }} on {{ claim.breach_on }}; status: {{ claim.status }}"),
        ("Valued", "{{ valuation.valued_at }} by {{ valuation.valued_by }}, as at {{ valuation.as_of }} "
                   "(valuation {{ valuation.snapshot_id }})"),
    ])

    doc.add_heading("Partner's review", level=1)
    doc.add_paragraph("{{ review.status_label }}{% if review.decided %}: {{ review.by }}, {{ review.at }}{% endif %}.")
    doc.add_paragraph("{%p if review.adjusted %}")
    doc.add_paragraph("Agreed range: {{ review.agreed.low }} to {{ review.agreed.high }}, mid {{ review.agreed.mid }} "
                      "(the estimate above is kept beside it).")
    doc.add_paragraph("Reason: {{ review.reason }}")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Where the claim sits among its comparables", level=1)
    doc.add_paragraph("{{ chart_image }}")
    doc.add_paragraph("The bar is this claim's general damages estimate (low to high, the line marks the mid), "
                      "before special damages and any partner adjustment. Each dot is a comparable's award in "
                      "today's money, numbered as in the table below; a bigger dot is a closer match. The scale "
                      "of pounds is logarithmic.", style="Caption")

    doc.add_heading("Comparables", level=1)
    _loop_table(doc, "c", "comparables",
                [("#", 0.8), ("Case", 5.0), ("Award", 3.8), ("Similarity", 2.2), ("Why it compares", 5.2)],
                [["{{ c.number }}"],
                 ["{{ c.case_name }}", "{{ c.citation }}{% if c.year %} ({{ c.year }}){% endif %}",
                  "{{ c.origin }}, {{ c.verified|lower }} (source below)"],
                 ["{{ c.award }} in today's money", "As recorded: {{ c.as_recorded }}", "{{ c.adjustment }}"],
                 ["{{ c.similarity_percent }}", "{{ c.weight_percent }} of weight"],
                 ["{{ c.why or 'No shared features recorded' }}",
                  "{% if c.differences %}Differs: {{ c.differences }}{% endif %}"]])
    doc.add_paragraph("{%p if not comparables %}")
    doc.add_paragraph("No precedent was similar enough to list; the range comes from the distress score's band.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if comparables %}")
    doc.add_heading("Sources of the comparables", level=2)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for c in comparables %}")
    _small(doc.add_paragraph(), "{{ c.number }}. {{ c.case_name }}: {{ c.source }}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("Distress score: {{ valuation.score }} out of 100", level=1)
    _loop_table(doc, "f", "factors", [("Factor", 5.0), ("Points", 2.5), ("Why", 9.5)],
                [["{{ f.label }}"], ["{{ f.contribution }} of {{ f.maximum }}"], ["{{ f.reason }}"]])

    doc.add_heading("Risk flags", level=1)
    doc.add_paragraph("{%p for f in flags %}")
    doc.add_paragraph("{{ f.name|capitalize }} ({{ f.severity }}): {{ f.message }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not flags %}")
    doc.add_paragraph("No risk flags.")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Context cases (not used for the value)", level=1)
    doc.add_paragraph("{%p for c in context_cases %}")
    doc.add_paragraph("{{ c.case_name }}{% if c.citation %}, {{ c.citation }}{% endif %}: {{ c.outcome }}; "
                      "not used for the value ({{ c.why_not_valued }}); {{ c.shown_because }}. "
                      "Source: {{ c.source }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not context_cases %}")
    doc.add_paragraph("None.")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Method and data", level=1)
    for text in (
        "The distress score's band puts the mid at {{ method.prior_mid }} (each 10 points multiplies the value by "
        "{{ method.value_per_10_points }}). {% if method.comparables_mid %}The comparables' weighted mid is "
        "{{ method.comparables_mid }}; they carry {{ method.comparables_share }} of the estimate.{% endif %}"
        "{% if method.raised %} The range was raised to stay above precedents with less serious facts.{% endif %}",
        "Older awards are brought to today's money with CPI to {{ method.cpi_year }} ({{ method.cpi_source }}) "
        "and the Simmons v Castle 10% uplift ({{ method.simmons_source }}).",
        "Precedents: {{ method.precedents_valued }} used for value ({{ method.precedents_firm }} from the firm's "
        "own settlements), {{ method.precedents_context }} kept as context.",
        "Model version {{ valuation.model_version }}; {{ valuation.precedent_version }}; "
        "{{ valuation.inflation_version }}.",
    ):
        doc.add_paragraph(text)
    _warning(doc, "{{ disclaimer }}")
    _footer(doc, "{{ claim.reference }}, valuation {{ valuation.snapshot_id }}. An estimate for review, not legal advice.")
    return doc


def _new_document(title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "Breach claims", "Breach claims"
    props.created = props.modified = FIXED_TIME
    props.revision, props.comments = 1, "Built by scripts/make_letter_templates.py"
    return doc


def _warning(doc: Document, text: str) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    run.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    _shade(paragraph, "FFF7BF")


def _key_values(doc: Document, rows: list[tuple[str, str | None]]) -> None:
    """A two-column table of names and values; a row whose value is None holds a {%tr %} tag."""
    table = doc.add_table(rows=0, cols=2)
    table.style, table.autofit = "Table Grid", False
    for name, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(name).bold = value is not None
        if value is not None:
            cells[1].paragraphs[0].add_run(value)
    _widths(table, [4.8, 12.2])


def _loop_table(doc: Document, item: str, items: str, columns: list[tuple[str, float]], cells: list[list[str]]) -> None:
    """A table with a header row, then one row per item: {%tr for %} / the cells / {%tr endfor %}."""
    table = doc.add_table(rows=4, cols=len(columns))
    table.style, table.alignment, table.autofit = "Table Grid", WD_TABLE_ALIGNMENT.LEFT, False
    for index, (name, _width) in enumerate(columns):
        table.rows[0].cells[index].paragraphs[0].add_run(name).bold = True
    _widths(table, [width for _, width in columns])
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {item} in {items} %}}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for cell, lines in zip(table.rows[2].cells, cells):
        cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph(line)


def _widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths, in the grid (LibreOffice reads it) and in every cell (Word reads those)."""
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _small(paragraph, text: str) -> None:
    paragraph.add_run(text).font.size = Pt(8)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(paragraph, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    paragraph._p.get_or_add_pPr().append(shading)


def _footer(doc: Document, text: str) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    run = paragraph.add_run(text)
    run.font.size = Pt(8)


def save_reproducibly(doc: Document, path: Path) -> None:
    """Save with every zip entry dated the same, so an unchanged template gives the same bytes."""
    buffer = BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in sorted(source.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename)):
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            out.writestr(entry, source.read(info.filename))


TEMPLATES = {"valuation-report.docx": valuation_report}


def main() -> int:
    LETTERS.mkdir(exist_ok=True)
    for name, build in TEMPLATES.items():
        save_reproducibly(build(), LETTERS / name)
        print(f"wrote letters/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
