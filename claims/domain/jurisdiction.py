"""Which UK legal jurisdiction a postcode is in, and what the letter of claim may say about forum.

England & Wales, Scotland and Northern Ireland are separate jurisdictions. The postcode area
(the letters before the first digit) decides: the Scottish areas, BT for Northern Ireland, the
rest England & Wales. TD (the Scottish Borders, and Berwick-upon-Tweed and Cornhill in England)
and the Crown Dependencies (Isle of Man, Jersey, Guernsey: not part of the UK's jurisdictions)
need a person to check, as does anything that is not a UK postcode.

``forum`` decides the letter of claim's forum paragraph from the claimant's and defendant's
jurisdictions and whether a solicitor has confirmed the forum with a reason. It never claims
England & Wales as the claimant's home forum for someone who lives elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ENGLAND_WALES, SCOTLAND, NORTHERN_IRELAND, CHECK = "england_wales", "scotland", "northern_ireland", "check"
LABELS = {ENGLAND_WALES: "England and Wales", SCOTLAND: "Scotland", NORTHERN_IRELAND: "Northern Ireland",
          CHECK: "not known from the postcode"}
SCOTTISH_AREAS = frozenset({"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "ZE"})
MIXED_AREAS = frozenset({"TD"})  # Scottish Borders and north Northumberland
CROWN_DEPENDENCIES = frozenset({"IM", "JE", "GY"})
_POSTCODE = re.compile(r"\b([A-Z]{1,2})[0-9][0-9A-Z]?\s*[0-9][A-Z]{2}\b")


def postcode_area(postcode: str | None) -> str | None:
    """The area letters of a full UK postcode ("G" for "g2 1dy"), or None if it is not one."""
    match = _POSTCODE.fullmatch((postcode or "").strip().upper())
    return match.group(1) if match else None


def postcode_jurisdiction(postcode: str | None) -> str:
    """england_wales, scotland, northern_ireland, or check (mixed area, Crown Dependency, not a postcode)."""
    area = postcode_area(postcode)
    if area is None or area in MIXED_AREAS or area in CROWN_DEPENDENCIES:
        return CHECK
    if area in SCOTTISH_AREAS:
        return SCOTLAND
    return NORTHERN_IRELAND if area == "BT" else ENGLAND_WALES


def last_postcode(address: str | None) -> str | None:
    """The last UK postcode written in an address, or None."""
    found = [match.group(0) for match in _POSTCODE.finditer((address or "").upper())]
    return found[-1] if found else None


@dataclass(frozen=True)
class Forum:
    """The forum paragraph to print, or why the letter must wait for a solicitor."""

    paragraph: str
    problem: str = ""


HOME = ("Our client lives in England and Wales and you are established here. The courts of England and Wales "
        "are the appropriate forum for this claim.")
DEFENDANT_DOMICILE = ("You are established in England and Wales, so our client may bring this claim against you in "
                      "the courts of England and Wales (Civil Jurisdiction and Judgments Act 1982, Schedule 4, "
                      "rule 1), and intends to do so.")
INTENDED = "Our client intends to bring any proceedings in the courts of England and Wales."
# The problem when the defendant's address is not known (a letter emailed to a register entry with only an email).
NO_DEFENDANT_ADDRESS = ("the defendant's postal address is not known, so the letter cannot say where it is "
                        "established: add its address, or a solicitor must confirm the forum")


def forum(claimant: str, defendant: str | None, *, confirmed: bool) -> Forum:
    """The forum paragraph for these jurisdictions, or the problem a solicitor must resolve first.

    ``defendant`` is None while the defendant's address is not known. Exactly one of the paragraph and
    the problem is set: the letter never has an empty forum paragraph.
    """
    if claimant == ENGLAND_WALES and defendant == ENGLAND_WALES:
        return Forum(HOME)
    if confirmed:
        return Forum(DEFENDANT_DOMICILE if defendant == ENGLAND_WALES else INTENDED)
    if claimant != ENGLAND_WALES:
        where = ("lives in " + LABELS[claimant]) if claimant != CHECK else "may not live in England and Wales"
        return Forum("", f"the claimant {where} (from the postcode): a solicitor must confirm the forum")
    if defendant is None:
        return Forum("", NO_DEFENDANT_ADDRESS)
    return Forum("", "the defendant's address is not shown to be in England and Wales: a solicitor must "
                     "confirm the forum")
