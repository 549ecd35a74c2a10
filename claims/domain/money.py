"""Money: parsing amounts typed in pounds and formatting integer pence.

This module owns the rule that money is held as an integer number of pence, never a
float. Everything a person types ("£1,234.56", "12.5") comes through ``parse_pounds``
and everything shown to a person goes through ``format_pence``.
"""
from __future__ import annotations

import re
from decimal import Decimal

MAX_PENCE = 10_000_000 * 100  # £10,000,000: far above any data-breach award or settlement

# Digits with optional correctly grouped thousands, then an optional fraction.
_AMOUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?|\.(\d+)")
_MINUS_SIGNS = ("-", "\u2212", "\u2013")  # hyphen, minus sign, en dash

MSG_EMPTY = "Enter an amount, like 12.50"
MSG_NOT_NUMBER = "Enter an amount in pounds and pence, like 12.50"
MSG_NEGATIVE = "Enter an amount of £0 or more"
MSG_DECIMALS = "Enter an amount with no more than 2 decimal places, like 12.50"
MSG_TOO_LARGE = "Enter an amount of £10,000,000 or less"


def parse_pounds(text: str) -> int:
    """Parse an amount typed in pounds (e.g. "£1,234.56") into integer pence."""
    cleaned = _strip_symbols(text)
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise ValueError(MSG_NOT_NUMBER)
    fraction = match.group(1) or match.group(2) or ""
    if len(fraction) > 2:
        raise ValueError(MSG_DECIMALS)
    pence = int(Decimal(cleaned.replace(",", "")) * 100)
    if pence > MAX_PENCE:
        raise ValueError(MSG_TOO_LARGE)
    return pence


def _strip_symbols(text: str) -> str:
    """Remove spaces and a leading pound sign; reject empty and negative input."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValueError(MSG_EMPTY)
    if cleaned.startswith(_MINUS_SIGNS):
        raise ValueError(MSG_NEGATIVE)
    if cleaned.startswith("£"):
        cleaned = cleaned[1:].strip()
    if cleaned.startswith(_MINUS_SIGNS):
        raise ValueError(MSG_NEGATIVE)
    if not cleaned:
        raise ValueError(MSG_EMPTY)
    return cleaned


def format_pence(pence: int) -> str:
    """Format integer pence as pounds, e.g. 123456 → "£1,234.56" and -500 → "-£5.00"."""
    if isinstance(pence, bool) or not isinstance(pence, int):
        raise TypeError(f"Money must be a whole number of pence, not {type(pence).__name__}")
    pounds, rest = divmod(abs(pence), 100)
    sign = "-" if pence < 0 else ""
    return f"{sign}£{pounds:,}.{rest:02d}"


def pence_from_pounds(pounds) -> int:
    """A number of pounds (whole, or pounds and pence, as the valuation core gives them) as integer pence."""
    return int((Decimal(str(pounds)) * 100).to_integral_value())
