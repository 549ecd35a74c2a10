"""The valuation report: the HTML page with its chart, the Word document read back, and hostile text in both."""
from __future__ import annotations

import io
import re
import zipfile
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from lxml import etree
from PIL import Image
from sqlalchemy import select

from claims.domain.money import format_pence
from claims.extensions import db
from claims.models import AuditEvent
from claims.valuation import chart, review, service
from claims.valuation.report import render_docx, report_context, source_parts
from tests.pages import parse
from tests.word_files import docx_text

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_NAME = '<w:t>&"{{x}}{%y%} {_{ Zoë 😀 مرحبا evil'
HOSTILE_REASON = "First line <b>&amp;</b> {{ 7*7 }}\r\nSecond line: 👨\u200d👩\u200d👧 שלום %_}"


def report_url(claim) -> str:
    return f"/staff/valuation/claims/{claim.id}"


@pytest.fixture
def valued(make_claim, make_user, curated):
    """A claim valued by a solicitor: valued(**claim answer overrides) → (claim, snapshot)."""
    solicitor = make_user("solicitor")

    def make(**overrides):
        claim = make_claim(**overrides)
        snapshot = service.value_claim(claim, user=solicitor, as_of=date.today())
        db.session.commit()
        return claim, snapshot
    return make


def svg_of(html: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    assert match, "no inline SVG on the page"
    return ET.fromstring(match.group(0))


# -- the page -----------------------------------------------------------------------------------------

def test_the_report_shows_the_range_reasons_comparables_and_disclaimer(client, login_as, valued):
    login_as("solicitor")
    claim, snapshot = valued()
    response = client.get(report_url(claim))
    assert response.status_code == 200
    page = parse(response)
    output = snapshot.output
    assert f"{format_pence(snapshot.low_pence)} to {format_pence(snapshot.high_pence)}" in page.by_id("valuation-summary").text
    assert "Not legal advice. " + output["disclaimer"] in " ".join(page.by_id("disclaimer").text.split())
    table = page.by_id("comparables-table").text
    assert output["comparables"], "the default claim has comparables"
    for comparable in output["comparables"]:
        assert comparable["case_name"] in table and comparable["adjustment"] in table
        assert chart.pounds_label(comparable["award"]) in table
        assert f"{round(comparable['similarity'] * 100)}%" in table
    for factor in output["factors"]:
        assert factor["reason"] in page.by_id("factors").text
    versions = page.by_id("versions").text
    assert output["model_version"] in versions and "precedent table version 1" in versions
    assert "Awaiting a partner's review" in page.text
    sources = [link for link in page.links() if link.startswith("https://")]
    assert sources and all(link in {c["source"] for c in output["comparables"]} or
                           any(link in c["source"] for c in output["comparables"] + output["context_cases"])
                           for link in sources)
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "valuation.report_viewed"))
    assert event.details == {"snapshot_id": snapshot.id} and event.claim_id == claim.id


def test_the_chart_is_svg_with_one_bar_and_a_dot_per_comparable(client, login_as, valued):
    login_as("solicitor")  # any member of staff who may see the claim may read its report
    claim, snapshot = valued()
    svg = svg_of(client.get(report_url(claim)).get_data(as_text=True))
    bars = [e for e in svg.iter(f"{SVG}rect") if e.get("class") == "claim-range"]
    dots = [e for e in svg.iter(f"{SVG}circle") if e.get("class") == "comparable"]
    assert len(bars) == 1 and len(dots) == len(snapshot.output["comparables"])
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text and snapshot.output["comparables"][0]["case_name"] in svg.find(f"{SVG}desc").text
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.startswith("£")]
    assert labels and all(re.fullmatch(r"£[\d,]+", label) for label in labels)
    mid = next(e for e in svg.iter(f"{SVG}line") if e.get("class") == "claim-mid")
    bar = bars[0]
    assert float(bar.get("x")) <= float(mid.get("x1")) <= float(bar.get("x")) + float(bar.get("width"))


def test_a_claim_not_yet_valued_has_no_report_to_download(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    assert "This claim has not been valued yet." in parse(client.get(report_url(claim))).text
    assert client.get(f"{report_url(claim)}/report.docx").status_code == 404


def test_an_earlier_valuation_can_be_shown_but_only_for_its_own_claim(client, login_as, valued, make_user):
    login_as("partner")
    claim, first = valued()
    other, _ = valued()
    service.value_claim(claim, user=make_user("solicitor"), as_of=date.today())
    db.session.commit()
    page = parse(client.get(f"{report_url(claim)}?snapshot={first.id}"))
    assert "superseded by a later one" in page.text and len(page.by_id("valuation-history").text) > 0
    assert client.get(f"{report_url(other)}?snapshot={first.id}").status_code == 404
    assert client.get(f"{report_url(other)}/report.docx?snapshot={first.id}").status_code == 404


# -- the Word document --------------------------------------------------------------------------------

def test_the_docx_report_reads_back_with_the_range_comparables_and_disclaimer(client, login_as, valued):
    login_as("solicitor")
    claim, snapshot = valued()
    response = client.get(f"{report_url(claim)}/report.docx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert f"{claim.reference}-valuation-{snapshot.id}.docx" in response.headers["Content-Disposition"]
    data = response.get_data()
    text = docx_text(data)
    assert claim.reference in text and claim.defendant_name in text
    assert f"{format_pence(snapshot.low_pence)} to {format_pence(snapshot.high_pence)}, mid {format_pence(snapshot.mid_pence)}" in text
    for comparable in snapshot.output["comparables"]:
        assert comparable["case_name"] in text
    assert snapshot.output["disclaimer"] in text and "Not legal advice." in text
    assert "Awaiting a partner's review" in text
    assert "{{" not in text and "{%" not in text  # every tag was filled
    assert_strict_xml(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        [image] = [name for name in package.namelist() if name.startswith("word/media/")]
        assert Image.open(io.BytesIO(package.read(image))).format == "PNG"
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "valuation.report_downloaded"))
    assert event.details == {"snapshot_id": snapshot.id} and event.entity_id == snapshot.id


def assert_strict_xml(data: bytes) -> None:
    """Every XML part of the package parses with a strict parser (no recovery, no entities resolved)."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [name for name in package.namelist() if name.endswith((".xml", ".rels"))]
        assert "word/document.xml" in parts
        for name in parts:
            etree.fromstring(package.read(name), parser)
            ET.fromstring(package.read(name))


def test_hostile_text_arrives_as_typed_in_the_docx_and_escaped_in_html(client, login_as, valued, make_user):
    partner = login_as("partner")
    claim, snapshot = valued(**{"organisation": {"organisation_name": HOSTILE_NAME}})
    assert claim.defendant_name == HOSTILE_NAME
    review.adjust(snapshot, partner, low_pence=100_000, mid_pence=200_050, high_pence=300_000, reason=HOSTILE_REASON)
    db.session.commit()

    html = client.get(report_url(claim)).get_data(as_text=True)
    page = parse(client.get(report_url(claim)))
    assert HOSTILE_NAME in page.text and "<w:t>&" not in html and "&lt;w:t&gt;&amp;&#34;{{x}}" in html
    assert page.by_id("review-reason").text == HOSTILE_REASON
    assert "<b>" not in html

    data = client.get(f"{report_url(claim)}/report.docx").get_data()
    assert_strict_xml(data)
    text = docx_text(data)
    assert HOSTILE_NAME in text
    assert "Reason: " + HOSTILE_REASON.replace("\r\n", "\n") in text  # the new line is a line break in Word
    assert "£1,000.00 to £3,000.00, mid £2,000.50" in text
    assert "49" not in text.split("Reason: ")[1].split("\n")[0]  # {{ 7*7 }} was never evaluated


def test_context_cases_are_shown_with_the_flag_that_brought_them(client, login_as, valued):
    """A Rolfe-like claim (one letter, nothing sensitive, minimal distress) shows the struck-out cases as context."""
    login_as("solicitor")
    claim, snapshot = valued(**{
        "what-data": {"data_categories": ["contact_details"], "data_other": ""},
        "who-saw-it": {"recipients_scope": "single_recipient", "recipient_relationship": "stranger", "recipient_details": ""},
        "effects": {"distress_level": "minimal", "effects": [], "effects_details": "", "medical_help": "none",
                    "diagnosed": "no", "diagnosis_details": "", "condition_worsened": "no", "effects_ongoing": "no"}})
    context = snapshot.output["context_cases"]
    assert "low_value" in {flag["code"] for flag in snapshot.output["flags"]} and context
    table = parse(client.get(report_url(claim))).by_id("context-cases").text
    text = docx_text(client.get(f"{report_url(claim)}/report.docx").get_data())
    for case in context:
        assert case["case_name"] in table and case["shown_because"] in table
        assert f"{case['case_name']}" in text and case["shown_because"] in text


def test_render_docx_takes_a_plain_dict(app, valued):
    """The renderer needs nothing but the dict: no ORM object reaches it."""
    claim, snapshot = valued()
    context = report_context(claim, snapshot)
    _assert_primitives(context)
    db.session.close()  # nothing lazy-loads from here on
    assert claim.reference in docx_text(render_docx(context))


def _assert_primitives(value, path="context"):
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), path
            _assert_primitives(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _assert_primitives(item, f"{path}[{index}]")
    else:
        assert value is None or isinstance(value, (str, int, float, bool)), (path, type(value))


def test_the_committed_template_is_what_its_script_builds(tmp_path):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "make_letter_templates.py"
    spec = importlib.util.spec_from_file_location("make_letter_templates", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = tmp_path / "valuation-report.docx"
    module.save_reproducibly(module.valuation_report(), built)
    committed = module.LETTERS / "valuation-report.docx"
    with zipfile.ZipFile(built) as new, zipfile.ZipFile(committed) as old:  # entries, not bytes: zlib may differ
        assert new.namelist() == old.namelist()
        for name in new.namelist():
            assert new.read(name) == old.read(name), f"{name}: run scripts/make_letter_templates.py and commit"


# -- the chart and sources, pure ----------------------------------------------------------------------

def _comparables(*awards, similarity=0.5):
    return [{"number": n, "case_name": f"Case {n}", "award": award, "similarity": similarity}
            for n, award in enumerate(awards, start=1)]


@pytest.mark.parametrize("low, mid, high, awards", [
    (7200, 15100, 29700, (67000, 200000)),
    (500, 900, 1500, ()),
    (1000, 1000, 1000, (1000, 1000, 1000, 1000, 1000)),  # identical awards stack in rows
    (0, 50, 80, (0, 10)),  # nothing below £100 on a log scale: clamped, never an error
    (2000, 5000, 12000, (150, 3_000_000)),  # a wide scale gets fewer ticks
])
def test_the_chart_layout_keeps_everything_on_the_chart(low, mid, high, awards):
    layout = chart.layout(low, mid, high, _comparables(*awards))
    bar = layout["bar"]
    assert layout["plot_left"] <= bar["x"] <= bar["mid_x"] <= bar["x"] + bar["width"] <= layout["plot_right"] + 0.1
    assert len(layout["dots"]) == len(awards)
    for dot in layout["dots"]:
        assert layout["plot_left"] <= dot["cx"] <= layout["plot_right"] and bar["y"] < dot["cy"] < layout["axis_y"]
    positions = {(d["cx"], d["cy"]) for d in layout["dots"]}
    assert len(positions) == len(awards)  # no dot hides another
    xs = [tick["x"] for tick in layout["ticks"]]
    assert len(xs) >= 2 and xs == sorted(xs) and len(xs) <= 12
    assert all(re.fullmatch(r"£[\d,]+", tick["label"]) for tick in layout["ticks"])


def test_a_more_similar_comparable_gets_a_bigger_dot():
    comparables = [{"number": 1, "case_name": "A", "award": 5000, "similarity": 0.1},
                   {"number": 2, "case_name": "B", "award": 9000, "similarity": 0.9}]
    small, big = chart.layout(4000, 6000, 9000, comparables)["dots"]
    assert small["r"] < big["r"]


def test_the_chart_png_is_drawn_at_twice_the_layout_size():
    layout = chart.layout(7200, 15100, 29700, _comparables(67000, 20000))
    image = Image.open(io.BytesIO(chart.png(layout)))
    assert image.format == "PNG" and image.size == (layout["width"] * 2, int(layout["height"] * 2))


@pytest.mark.parametrize("text, expected", [
    ("[2013] EWCA Civ 333; https://www.bailii.org/x.html",
     [("[2013] EWCA Civ 333", None), ("https://www.bailii.org/x.html", "bailii.org")]),
    ("javascript:alert(1); ftp://example.com/x", [("javascript:alert(1)", None), ("ftp://example.com/x", None)]),
    ("https://a.example/x ; https://b.example/y", [("https://a.example/x", "a.example"), ("https://b.example/y", "b.example")]),
    ("", []),
])
def test_sources_link_only_web_addresses(text, expected):
    assert [(part["text"], part["site"] if part["url"] else None) for part in source_parts(text)] == expected
