"""The defendant register's pure rules: one reading of an organisation's or a person's name, the ICO
registration number, matching a new claim to a defendant and an incident, and spotting a possible
duplicate claim or a conflict of interest.

No database and no clock: callers pass the candidates and the dates.

- ``name_key``: an organisation's name as compared ("Birmingham Children's Trust" and "Birmingham
  Childrens Trust CIC" are one key): lower case, accents and punctuation gone (an apostrophe joins, so
  "Children's" reads "childrens"), "&" read as "and", a leading "the" and trailing legal forms (Ltd,
  Limited, CIC, CIO, PLC, LLP, LP, Inc, Co, and written out: Community Interest Company, Public Limited Company,
  Limited Liability Partnership, Charitable Incorporated Organisation) dropped, spaces collapsed.
- ``person_key``: a person's name as compared (lower case, accents, punctuation and spaces gone).
- ``ico_registration``: the data protection fee register's number: "Z" and 7 digits (Z1234567), or "Z", a
  letter and 6 digits (ZA123456), upper-cased, spaces removed; anything else is refused.
- ``match_defendant`` / ``match_incident``: which register entry a claim is against, and which of its
  incidents (the breach within ``INCIDENT_WINDOW_DAYS`` of the incident's date; the nearest, and none when
  two are equally near).
- ``duplicate_reasons``: why two claims may be one person's claim made twice (names alike, and the same
  date of birth or email, against the same incident or defendant with breach dates close together).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

INCIDENT_WINDOW_DAYS = 30  # a claim's breach date this close to an incident's date is taken to be that incident
DUPLICATE_WINDOW_DAYS = 30  # two claims against one defendant with breach dates this close may be one breach
NAME_SIMILARITY = 0.85  # difflib ratio of the person keys from which two names are taken to be alike

_LEGAL_FORMS = {"ltd", "limited", "cic", "plc", "llp", "lp", "inc", "co", "cio"}
# Legal forms written out in words, dropped from the end like the abbreviations.
_LEGAL_PHRASES = (("community", "interest", "company"), ("public", "limited", "company"),
                  ("limited", "liability", "partnership"), ("charitable", "incorporated", "organisation"),
                  ("limited", "company"), ("and", "co"))
_APOSTROPHES = "'\u2019\u2018`\u02bc"
_ICO = re.compile(r"^Z(?:[0-9]{7}|[A-Z][0-9]{6})$")


def _plain(text: str) -> str:
    """Lower case, accents dropped, apostrophes joining, other punctuation a space."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.translate({ord(ch): None for ch in _APOSTROPHES}).replace("&", " and ")
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def name_key(name: str) -> str:
    """An organisation's name as compared: see the module's docstring."""
    words = _plain(name).split()
    while words:
        phrase = next((p for p in _LEGAL_PHRASES if len(words) > len(p) and tuple(words[-len(p):]) == p), None)
        if phrase:
            del words[-len(phrase):]
        elif words[-1] in _LEGAL_FORMS and len(words) > 1:
            words.pop()
        else:
            break
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def person_key(first_name: str, last_name: str = "") -> str:
    """A person's name as compared: lower case, no accents, punctuation or spaces."""
    return _plain(f"{first_name} {last_name}").replace(" ", "")


def ico_registration(text: str) -> str:
    """The registration number, tidied ("z 123 4567" → "Z1234567"); ValueError when it is not one."""
    tidy = re.sub(r"\s+", "", text or "").upper()
    if not _ICO.match(tidy):
        raise ValueError("Enter the ICO registration number as Z and 7 digits (Z1234567) or Z, a letter and "
                         "6 digits (ZA123456)")
    return tidy


def match_defendant(name: str, known: dict[str, int]) -> int | None:
    """The register entry whose name or variant (``known``: name key → defendant id) is ``name``, or None."""
    key = name_key(name)
    return known.get(key) if key else None


def match_incident(breach_on: date, incidents: list[tuple[int, date | None]],
                   window_days: int = INCIDENT_WINDOW_DAYS) -> int | None:
    """The defendant's incident (``(id, its date)``) nearest the breach date within the window; None when
    none is, or when two are equally near (a solicitor chooses)."""
    near = sorted((abs((on - breach_on).days), ident) for ident, on in incidents
                  if on is not None and abs((on - breach_on).days) <= window_days)
    if not near or (len(near) > 1 and near[0][0] == near[1][0]):
        return None
    return near[0][1]


@dataclass(frozen=True)
class ClaimPerson:
    """What duplicate-checking reads of a claim: the claimant and what the claim is against."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    email: str | None
    defendant_key: str
    defendant_id: int | None
    incident_id: int | None
    breach_on: date | None
    postcode: str | None = None


def names_alike(a: ClaimPerson, b: ClaimPerson) -> bool:
    """The two claimants' names read alike (the same once tidied, or close: "Jon" and "John Smith")."""
    one, other = person_key(a.first_name, a.last_name), person_key(b.first_name, b.last_name)
    if not one or not other:
        return False
    return one == other or SequenceMatcher(None, one, other).ratio() >= NAME_SIMILARITY


def _same_text(one: str | None, other: str | None) -> bool:
    return bool(one and other and one.strip().lower() == other.strip().lower())


def same_matter(a: ClaimPerson, b: ClaimPerson, window_days: int = DUPLICATE_WINDOW_DAYS) -> str | None:
    """How the two claims are about the same breach: one incident, or one defendant (by register entry or by
    name) with breach dates within the window; None when they are not."""
    if a.incident_id is not None and a.incident_id == b.incident_id:
        return "the same incident"
    same_defendant = ((a.defendant_id is not None and a.defendant_id == b.defendant_id)
                      or (a.defendant_key and a.defendant_key == b.defendant_key))
    if same_defendant and a.breach_on and b.breach_on and abs((a.breach_on - b.breach_on).days) <= window_days:
        return "the same defendant and breach date" if a.breach_on == b.breach_on else \
            "the same defendant, breach dates close together"
    return None


def duplicate_reasons(a: ClaimPerson, b: ClaimPerson) -> list[str]:
    """Why ``b`` may be ``a`` made again (empty: it is not): names alike, the same date of birth or email,
    and the same matter. Every reason is a fixed phrase, never what was typed."""
    matter = same_matter(a, b)
    if matter is None or not names_alike(a, b):
        return []
    same_birth = a.date_of_birth is not None and a.date_of_birth == b.date_of_birth
    same_email = _same_text(a.email, b.email)
    if not (same_birth or same_email):
        return []
    exact = person_key(a.first_name, a.last_name) == person_key(b.first_name, b.last_name)
    reasons = ["the same name" if exact else "similar names"]
    reasons += ["the same date of birth"] * same_birth + ["the same email address"] * same_email
    if _same_text(a.postcode and a.postcode.replace(" ", ""), b.postcode and b.postcode.replace(" ", "")):
        reasons.append("the same postcode")
    return reasons + [matter]
