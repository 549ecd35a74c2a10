"""The facts derived from a claim's answers: one reading, used by screening, valuation and letters.

Each function takes plain values (what intake stored, what the register says) and returns one
derived fact, so that every feature asking the same question gets the same answer:

- ``public_authority``: whether the Human Rights Act can apply to the defendant;
- ``child_on`` (the s.28 rule, kept in ``limitation``) / ``children_involved``: whether the claimant was a child on a day, and whether
  the claim involves children at all (the claimant was a child at the breach, or the data
  included children's or social care records);
- ``medical_evidence``: the valuation's medical evidence code from the medical help and
  diagnosis answers;
- ``personal_injury``: whether the damages claimed include a personal injury (a diagnosed
  psychiatric injury), which makes the claim a personal injury action for limitation (3 years,
  Limitation Act 1980 s.11);
- ``recipient_known``: whether the person who saw the data knows the claimant;
- ``special_category``: whether any of the data was special category data (UK GDPR Art. 9).

Pure: no clock, no I/O.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .limitation import child_on
from .vocab import KNOWN_RECIPIENTS, PUBLIC_SECTORS, SPECIAL_CATEGORIES

CHILDREN_CATEGORIES = frozenset({"children", "social_care"})
PSYCHIATRIC_HELP = frozenset({"specialist"})  # vocab.MEDICAL_HELP: a psychiatrist or mental health team
PROFESSIONAL_HELP = frozenset({"gp", "counsellor", "specialist"})


def public_authority(register_flag: bool | None, claimant_answer: bool | None, sector: str | None) -> bool:
    """Whether to treat the defendant as a public authority (so the Human Rights Act is a cause).

    ``register_flag``: the defendant register's flag (None: the claim is not linked to the register);
    ``claimant_answer``: the claimant's "is it a public body?" answer (None: not sure);
    ``sector``: the sector the claimant chose (``vocab.SECTORS`` code). A public authority if the
    register says so, else if the claimant says so, else if the sector is one of ``PUBLIC_SECTORS``.
    """
    return bool(register_flag) or bool(claimant_answer) or sector in PUBLIC_SECTORS


def children_involved(claimant_born_on: date | None, breach_on: date, data_categories: Iterable[str]) -> bool:
    """Whether children are involved: the claimant was under 18 on the breach date, or the data
    included children's or social care records (``CHILDREN_CATEGORIES``)."""
    return child_on(claimant_born_on, breach_on) or any(code in CHILDREN_CATEGORIES for code in data_categories)


def medical_evidence(medical_help: str | None, diagnosed: bool | None) -> str:
    """The valuation's medical evidence: "psychiatric_diagnosis", "gp" or "none".

    ``medical_help``: a ``vocab.MEDICAL_HELP`` code; ``diagnosed``: the claimant said a condition was
    diagnosed. A psychiatric diagnosis needs both a psychiatrist or mental health team and a diagnosis;
    anyone else seen (a GP or counsellor, diagnosed or not; a specialist without a diagnosis) is "gp";
    no one seen is "none".
    """
    if medical_help in PSYCHIATRIC_HELP and diagnosed:
        return "psychiatric_diagnosis"
    return "gp" if medical_help in PROFESSIONAL_HELP else "none"


def personal_injury(medical_evidence_code: str | None) -> bool:
    """Whether the claim includes a personal injury for limitation: a diagnosed psychiatric injury.

    ``medical_evidence_code``: the code ``medical_evidence`` gives. Only "psychiatric_diagnosis" (a
    psychiatrist or mental health team and a diagnosis) counts. Distress alone, or a GP's or
    counsellor's help, is not treated as a personal injury here, although a condition a GP diagnosed
    may still be one in law: the solicitor checks (Limitation Act 1980 s.11).
    """
    return medical_evidence_code == "psychiatric_diagnosis"


def recipient_known(relationship: str | None) -> bool:
    """Whether the recipient knows the claimant (``vocab.KNOWN_RECIPIENTS``: a neighbour, an ex-partner…)."""
    return relationship in KNOWN_RECIPIENTS


def special_category(data_categories: Iterable[str]) -> bool:
    """Whether any category is special category data (``vocab.SPECIAL_CATEGORIES``)."""
    return any(code in SPECIAL_CATEGORIES for code in data_categories)
