"""Staff editing a claim's facts: the fields, what each feeds, and the changes as people read them.

A field is named as ``claims.models.ClaimEdit.field`` stores it (``claimant.date_of_birth``,
``breach_on``, ``loss`` for one itemised head of financial loss). Values come in as the claim
holds them (dates, booleans, vocabulary codes, pence); ``shown`` turns one into the text the
claim's history keeps, and ``diff`` lists what changed between two readings of a section.

What an edit sets off is decided here too, from the field names alone:

- ``LIMITATION_INPUTS``: what the limitation dates and screening flags are worked out from
  (``claims.claim.limitation.screening_input``): the stored dates and flags are rewritten;
- ``VALUATION_INPUTS``: what the valuation's input reads (``claims.valuation.claim_facts``): the
  valuation on the claim is out of date until the claim is valued again;
- ``LETTER_FACTS``: what the letter of claim's draft facts are written from
  (``claims.domain.letter_of_claim.draft_facts``): a confirmed summary of the facts must be confirmed again.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from claims.domain import vocab
from claims.domain.deadlines import format_date
from claims.domain.money import format_pence

# What each field holds: plain text, a date, yes or no, yes/no/not sure, one code or several codes of a
# vocabulary, an itemised loss, or the defendant register entry (its name).
TEXT, DATE, YES_NO, TRI, LOSS, REGISTER = "text", "date", "yes_no", "tri", "loss", "register"

FIELDS: dict[str, tuple[str, object]] = {
    "claimant.first_name": ("Claimant's first name", TEXT),
    "claimant.last_name": ("Claimant's last name", TEXT),
    "claimant.date_of_birth": ("Claimant's date of birth", DATE),
    "claimant.email": ("Claimant's email address", TEXT),
    "claimant.phone": ("Claimant's phone number", TEXT),
    "claimant.address_line_1": ("Address line 1", TEXT),
    "claimant.address_line_2": ("Address line 2", TEXT),
    "claimant.town": ("Town or city", TEXT),
    "claimant.postcode": ("Postcode", TEXT),
    "breach_on": ("Date of the breach", DATE),
    "discovered_on": ("Date the claimant found out", DATE),
    "data_categories": ("Information involved", ("codes", vocab.DATA_CATEGORIES)),
    "distress_level": ("Distress", ("code", vocab.DISTRESS_LEVELS)),
    "effects": ("Effects", ("codes", vocab.EFFECTS)),
    "effects_details": ("Effects in their words", TEXT),
    "medical_help": ("Medical help", ("code", vocab.MEDICAL_HELP)),
    "diagnosed": ("Diagnosed with a condition", YES_NO),
    "diagnosis_details": ("Diagnosis", TEXT),
    "condition_worsened": ("An existing condition got worse", YES_NO),
    "effects_ongoing": ("Effects still going on", YES_NO),
    "loss": ("Financial loss", LOSS),
    "defendant_name": ("Organisation's name as given", TEXT),
    "defendant_sector": ("Organisation's sector", ("code", vocab.SECTORS)),
    "defendant_public_authority": ("Public body", TRI),
    "defendant_id": ("Defendant register entry", REGISTER),
}

# Fields an edit changes as a consequence, never typed: the incident goes when the register entry it belongs
# to is no longer the claim's.
CONSEQUENTIAL: dict[str, str] = {"incident_id": "Incident"}

# The sections of the edit pages, in order: code → (title, fields).
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "claimant": ("Claimant details", ("claimant.first_name", "claimant.last_name", "claimant.date_of_birth",
                                      "claimant.email", "claimant.phone", "claimant.address_line_1",
                                      "claimant.address_line_2", "claimant.town", "claimant.postcode")),
    "dates": ("Dates", ("breach_on", "discovered_on")),
    "categories": ("Information involved", ("data_categories",)),
    "effects": ("Effects", ("distress_level", "effects", "effects_details", "medical_help", "diagnosed",
                            "diagnosis_details", "condition_worsened", "effects_ongoing")),
    "losses": ("Financial losses", ("loss",)),
    "defendant": ("Defendant", ("defendant_name", "defendant_sector", "defendant_public_authority", "defendant_id")),
}

LIMITATION_INPUTS = frozenset({
    "claimant.date_of_birth", "claimant.postcode", "breach_on", "discovered_on", "medical_help", "diagnosed",
    "defendant_sector", "defendant_public_authority", "defendant_id",
})
VALUATION_INPUTS = frozenset({
    "claimant.date_of_birth", "breach_on", "data_categories", "distress_level", "effects", "medical_help",
    "diagnosed", "effects_ongoing", "loss", "defendant_sector", "defendant_public_authority", "defendant_id",
})
LETTER_FACTS = frozenset({
    "breach_on", "discovered_on", "distress_level", "effects", "medical_help", "diagnosed", "diagnosis_details",
    "effects_ongoing",
})


@dataclass(frozen=True)
class Loss:
    """One itemised head of financial loss as an edit compares it."""

    head: str  # vocab.LOSS_HEADS
    pence: int
    description: str | None = None
    evidenced: bool = False


@dataclass(frozen=True)
class Change:
    """One field changed: its name, its label, and the values before and after as people read them
    (None: blank, or no such loss before or after)."""

    field: str
    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Consequences:
    limitation: bool  # rewrite the limitation dates and the screening flags
    valuation: bool  # the valuation is out of date
    letter_facts: bool  # a confirmed summary of the facts needs confirming again


def consequences(fields: Iterable[str]) -> Consequences:
    """What changing ``fields`` sets off."""
    changed = set(fields)
    return Consequences(limitation=bool(changed & LIMITATION_INPUTS), valuation=bool(changed & VALUATION_INPUTS),
                        letter_facts=bool(changed & LETTER_FACTS))


def label(field: str) -> str:
    """The field's label, or its name if it is not one of ``FIELDS`` (never raises)."""
    return FIELDS[field][0] if field in FIELDS else CONSEQUENTIAL.get(field, field)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, (list, tuple, set, frozenset)) and not value)


def comparable(field: str, value):
    """The value as two readings are compared: blank text is None, codes are a set."""
    if _blank(value):
        return None
    kind = FIELDS.get(field, (None, TEXT))[1]
    if isinstance(kind, tuple) and kind[0] == "codes":
        return frozenset(value)
    if kind == YES_NO:
        return bool(value)
    return value


def shown(field: str, value) -> str | None:
    """``value`` of ``field`` as the claim's history shows it; None when blank."""
    kind = FIELDS.get(field, (None, TEXT))[1]
    if kind == TRI:
        return {True: "Yes", False: "No", None: "Not sure"}[value]
    if kind == YES_NO:
        return "Yes" if value else "No"
    if _blank(value):
        return None
    if kind == DATE:
        return format_date(value) if isinstance(value, date) else str(value)
    if kind == LOSS:
        text = f"{vocab.LOSS_HEADS.label(value.head)}: {format_pence(value.pence)}"
        if value.description:
            text += f" – {value.description}"
        return text + (" (evidenced)" if value.evidenced else "")
    if isinstance(kind, tuple):
        words = kind[1]
        if kind[0] == "code":
            return words.label(value)
        return ", ".join(words.label(code) for code in sorted(value, key=_order(words)))
    return str(value)


def _order(words: vocab.Vocabulary):
    codes = list(words)
    return lambda code: (codes.index(code) if code in codes else len(codes), code)


def diff(old: Mapping, new: Mapping) -> list[Change]:
    """The fields whose value differs between ``old`` and ``new`` (both keyed by field name), in ``FIELDS`` order;
    a field missing from either is not compared."""
    names = [name for name in FIELDS if name in old and name in new]
    names += sorted(name for name in old if name in new and name not in FIELDS)
    return [Change(name, label(name), shown(name, old[name]), shown(name, new[name]))
            for name in names if comparable(name, old[name]) != comparable(name, new[name])]


def loss_changes(old: Mapping[object, Loss], new: Mapping[object, Loss]) -> list[Change]:
    """Itemised losses before and after, keyed by the loss (its id; a new one by any other key): one change per
    loss changed, added (``old`` None) or removed (``new`` None), in the order of ``old`` then the added ones."""
    changes = []
    for key, before in old.items():
        after = new.get(key)
        if after != before:
            changes.append(Change("loss", label("loss"), shown("loss", before), shown("loss", after)))
    changes += [Change("loss", label("loss"), None, shown("loss", after)) for key, after in new.items()
                if key not in old]
    return changes
