"""The chart placing a claim's range among its comparables: one layout, drawn as SVG or PNG.

``layout`` works out every position once, from plain numbers: a log scale of pounds, a bar
for the claim's general damages (low to high, the mid marked) and a dot for each
comparable's award in today's money, sized by similarity and numbered as in the report's
table. The SVG is the Jinja template ``valuation/_chart.svg`` (for the web page); ``png``
draws the same layout with Pillow (for the Word report). Positions are floats: they are
geometry, not money; every label is formatted from whole pounds.
"""
from __future__ import annotations

import math
from functools import lru_cache
from io import BytesIO

WIDTH = 720
MARGIN = 28
TOP = 36  # room for the claim's label above the bar
BAR_HEIGHT = 22
LANE = 30  # height of one row of dots
AXIS = 46  # room for the axis and its labels
MIN_POUNDS = 100  # the scale never starts below £100 (a log scale has no zero)
DOT_MIN, DOT_MAX = 5.0, 13.0  # radius of a dot at similarity 0 and 1
LABEL_WIDTH = 12  # room for a dot's number, right of the dot

BAR_FILL, MID_STROKE, DOT_FILL, DOT_STROKE = "#1d70b8", "#0b0c0c", "#f47738", "#6b2d00"
GRID, TEXT, MUTED = "#dfe1e3", "#0b0c0c", "#505a5f"


def layout(low: int, mid: int, high: int, comparables: list[dict]) -> dict:
    """Positions for the chart: the range in whole pounds, comparables as {number, case_name, award, similarity}."""
    awards = [max(c["award"], MIN_POUNDS) for c in comparables]
    lowest, highest = _domain([max(low, MIN_POUNDS), max(high, MIN_POUNDS), *awards])
    x = _scale(lowest, highest)
    dots, lanes = _place_dots(comparables, x)
    bar_top = TOP
    bar_label = f"General damages estimate: {pounds_label(low)} to {pounds_label(high)}, mid {pounds_label(mid)}"
    axis_y = bar_top + BAR_HEIGHT + 18 + lanes * LANE + 8
    for dot in dots:
        dot["cy"] = bar_top + BAR_HEIGHT + 18 + dot.pop("lane") * LANE + LANE / 2
    return {
        "width": WIDTH, "height": axis_y + AXIS, "axis_y": axis_y, "plot_left": MARGIN, "plot_right": WIDTH - MARGIN,
        "bar": {"x": x(max(low, MIN_POUNDS)), "y": bar_top, "width": max(x(max(high, MIN_POUNDS)) - x(max(low, MIN_POUNDS)), 2),
                "height": BAR_HEIGHT, "mid_x": x(max(mid, MIN_POUNDS)),
                "label": bar_label, **_label_place(x(max(low, MIN_POUNDS)), x(max(high, MIN_POUNDS)), bar_label)},
        "ticks": [{"x": x(value), "label": pounds_label(value)} for value in _ticks(lowest, highest)],
        "dots": dots,
        "description": describe(low, mid, high, comparables),
    }


def pounds_label(pounds: int) -> str:
    """£12,500 from whole pounds."""
    return f"£{int(pounds):,}"


def describe(low: int, mid: int, high: int, comparables: list[dict]) -> str:
    """The chart in words, for screen readers and anyone who cannot see it."""
    where = "; ".join(f"{c['number']}. {c['case_name']}: {pounds_label(c['award'])}, {round(c['similarity'] * 100)}% similar"
                      for c in comparables)
    return (f"General damages estimated at {pounds_label(low)} to {pounds_label(high)}, mid {pounds_label(mid)}, "
            f"on a log scale of pounds. Comparable awards in today's money: {where or 'none'}.")


def _label_place(left: float, right: float, label: str) -> dict:
    """Start the label at the bar's left end, or end it at the right end if it would run off the chart."""
    needed = len(label) * 7.4  # about 7.4 units a character at 13px
    if left + needed <= WIDTH - MARGIN / 2:
        return {"label_x": left, "label_anchor": "start"}
    return {"label_x": max(right, MARGIN / 2 + needed), "label_anchor": "end"}


def _domain(values: list[int]) -> tuple[float, float]:
    """A scale from a little below the smallest value to a little above the largest."""
    lowest, highest = min(values) / 1.5, max(values) * 1.5
    lowest = max(lowest, MIN_POUNDS * 0.8)
    if highest / lowest < 10:  # at least one power of ten wide, centred on the values
        centre = math.sqrt(lowest * highest)
        lowest, highest = centre / math.sqrt(10), centre * math.sqrt(10)
    return lowest, highest


def _scale(lowest: float, highest: float):
    span = math.log10(highest) - math.log10(lowest)

    def x(pounds: float) -> float:
        return round(MARGIN + (math.log10(pounds) - math.log10(lowest)) / span * (WIDTH - 2 * MARGIN), 1)
    return x


def _ticks(lowest: float, highest: float) -> list[int]:
    """Round amounts inside the domain: 1, 2, 5 × 10ⁿ, fewer steps when the scale is wide."""
    decades = math.log10(highest / lowest)
    steps = (1, 2, 5) if decades <= 3 else (1, 3) if decades <= 5 else (1,)
    ticks = []
    for power in range(math.floor(math.log10(lowest)), math.ceil(math.log10(highest)) + 1):
        ticks += [step * 10 ** power for step in steps if lowest <= step * 10 ** power <= highest]
    return ticks


def _place_dots(comparables: list[dict], x) -> tuple[list[dict], int]:
    """Dots in rows below the bar, each in the first row where it overlaps nothing."""
    dots, row_ends = [], []
    for c in sorted(comparables, key=lambda c: (c["award"], c["number"])):
        r = round(DOT_MIN + (DOT_MAX - DOT_MIN) * max(0.0, min(1.0, c["similarity"])), 1)
        cx = x(max(c["award"], MIN_POUNDS))
        lane = next((i for i, end in enumerate(row_ends) if end < cx - r - 2), len(row_ends))
        if lane == len(row_ends):
            row_ends.append(0.0)
        row_ends[lane] = cx + r + LABEL_WIDTH
        dots.append({"number": c["number"], "cx": cx, "r": r, "lane": lane,
                     "label": f"{c['number']}. {c['case_name']}: {pounds_label(c['award'])}, "
                              f"{round(c['similarity'] * 100)}% similar"})
    dots.sort(key=lambda d: d["number"])
    return dots, max(len(row_ends), 1)


# -- PNG (for the Word report) ----------------------------------------------------------------------

def png(chart: dict, scale: int = 2) -> bytes:
    """The layout drawn with Pillow at ``scale`` times its size, as PNG bytes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (int(chart["width"] * scale), int(chart["height"] * scale)), "white")
    draw = ImageDraw.Draw(image)
    s = scale
    small, normal = _font(11 * s), _font(13 * s)
    for tick in chart["ticks"]:
        draw.line([(tick["x"] * s, (TOP - 8) * s), (tick["x"] * s, chart["axis_y"] * s)], fill=GRID, width=s)
        draw.line([(tick["x"] * s, chart["axis_y"] * s), (tick["x"] * s, (chart["axis_y"] + 5) * s)], fill=TEXT, width=s)
        draw.text((tick["x"] * s, (chart["axis_y"] + 8) * s), _text(tick["label"], small), font=small, fill=TEXT, anchor="ma")
    draw.line([(chart["plot_left"] * s, chart["axis_y"] * s), (chart["plot_right"] * s, chart["axis_y"] * s)],
              fill=TEXT, width=s)
    draw.text((chart["plot_left"] * s, (chart["axis_y"] + 26) * s), "Pounds, log scale (each step is ×10)",
              font=small, fill=MUTED)
    bar = chart["bar"]
    anchor = "ls" if bar["label_anchor"] == "start" else "rs"
    draw.text((bar["label_x"] * s, (bar["y"] - 9) * s), _text(bar["label"], normal), font=normal, fill=TEXT,
              anchor=anchor)
    draw.rectangle([(bar["x"] * s, bar["y"] * s), ((bar["x"] + bar["width"]) * s, (bar["y"] + bar["height"]) * s)],
                   fill=BAR_FILL)
    draw.line([(bar["mid_x"] * s, (bar["y"] - 5) * s), (bar["mid_x"] * s, (bar["y"] + bar["height"] + 5) * s)],
              fill=MID_STROKE, width=3 * s)
    for dot in chart["dots"]:
        cx, cy, r = dot["cx"] * s, dot["cy"] * s, dot["r"] * s
        draw.ellipse([(cx - r, cy - r), (cx + r, cy + r)], fill=DOT_FILL, outline=DOT_STROKE, width=s)
        draw.text((cx + r + 2 * s, cy), str(dot["number"]), font=small, fill=TEXT, anchor="lm")
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@lru_cache(maxsize=8)
def _font(size: int):
    """DejaVu Sans (Debian's fonts-dejavu-core) or Liberation Sans; Pillow's own font if neither is installed."""
    from PIL import ImageFont

    for name in SYSTEM_FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


SYSTEM_FONTS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf")


def _text(label: str, font) -> str:
    """Pillow's own font has no £ sign: spell it out rather than draw an empty box."""
    path = getattr(font, "path", None)
    return label if isinstance(path, str) and path.endswith(SYSTEM_FONTS) else label.replace("£", "GBP ")
