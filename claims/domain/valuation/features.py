"""Encoding claims and precedents on the same features, and how similar two encodings are.

This module owns the similarity between a claim and a precedent. Both are encoded on:
breach type (unordered), and seven ordered features (``DIMS``): data sensitivity tier (0–4,
``scoring.sensitivity_tier``), children involved, reach (one recipient → public), recipient
known to the claimant, distress level, medical evidence and whether the claimant had to
move home (the strongest driver of the largest settlements). A precedent's ``had_to_move``
is taken from its optional column, else from its summary or notes ("moved house",
"relocated"), else unknown. A precedent may leave any
ordered feature unknown (a blank cell): it then gets that feature's ``unknown`` weight,
whatever the claim says, instead of a guess.

Similarity is the product of one kernel value per feature, each in (0, 1]: 1 for a match,
less the further apart. Because the ordered features take few values, every claim sits on
a cell of a small lattice (5 × 2 × 4 × 2 × 5 × 3 × 2 = 2,400 cells). ``cells_similarity``
gives listed cells' similarities to every precedent as one matrix, and ``code_tensor`` sums
precedents' weights by combination of codes so that a whole lattice of sums is a few small
tensor contractions with the kernels (``band.lattice_sums``): no Python loop over precedents.

Published rows describe their data in words; ``infer_categories`` maps the words to
vocab.DATA_CATEGORIES codes by keyword (shown to the reviewer as "inferred").
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from claims.domain.scoring import SPECIAL_CATEGORY_TIER, TIER_BY_CATEGORY, TIER_LABELS
from claims.domain.vocab import BREACH_TYPES, DATA_CATEGORIES, DISTRESS_LEVELS, RECIPIENT_SCOPES

from .inputs import MEDICAL_EVIDENCE, ClaimFacts

BREACH_CODES = tuple(BREACH_TYPES)
BREACH_FAMILIES = {
    "misdirected_communication": "disclosure", "unauthorised_disclosure": "disclosure",
    "employee_misuse": "disclosure", "lost_or_stolen": "security", "cyber_attack": "security",
    "publication_online": "publicity", "surveillance": "publicity", "inaccurate_data": "accuracy",
    "subject_access_failure": "rights", "other": "other",
}
SAME_TYPE, SAME_FAMILY, OTHER_TYPE = 1.0, 0.6, 0.25

CATEGORY_KEYWORDS = {  # description words → vocab.DATA_CATEGORIES code
    "social_care": r"social care|social work|child protection|care plan|adopt|foster|looked.after",
    "criminal_allegations": r"criminal|allegation|arrest|police search|suspect|offence|conviction",
    "mental_health": r"mental health|psychiatr|depress",
    "sexual_life": r"sex life|sexual orientation|sexuality",
    "health": r"medical|health|patient|hospital|clinical",
    "children": r"\bchild|daughter|\bsons?\b|school|pupil",
    "immigration": r"asylum|immigration|nationality|visa",
    "ethnicity": r"ethnic|racial",
    "religion": r"religio|faith",
    "genetic_biometric": r"biometric|genetic|fingerprint|\bdna\b",
    "political": r"political|trade union",
    "financial": r"bank|financial|credit|debt|payment card|salary|\brent\b|mortgage|fees|benefit",
    "id_documents": r"passport|driving licen|\bni number|national insurance",
    "date_of_birth": r"date of birth|\bdob\b|\bages?\b",
    "contact_details": r"name|address|phone|\be-?mail|mobile|contact",
    "employment": r"personnel|employ|pension|police service",
}
_CODE = "|".join(DATA_CATEGORIES)
_CODES_ONLY = rf"\s*(?:{_CODE})(?:\s*[;,|]\s*(?:{_CODE}))*\s*"


@dataclass(frozen=True)
class Dim:
    """One ordered feature: its values, its kernel by distance, and the weight when unknown."""

    name: str
    labels: tuple[str, ...]
    by_distance: tuple[float, ...]
    unknown: float

    @property
    def size(self) -> int:
        """How many values the feature takes (the unknown code is ``size``)."""
        return len(self.labels)

    def kernel(self) -> np.ndarray:
        """K[claim value, precedent value or unknown]: shape (size, size + 1)."""
        values = np.arange(self.size)
        near = np.asarray(self.by_distance)[np.abs(values[:, None] - values[None, :])]
        return np.hstack([near, np.full((self.size, 1), self.unknown)])


DIMS = (
    Dim("tier", TIER_LABELS, (1.0, 0.55, 0.3, 0.17, 0.09), 0.5),
    Dim("children", ("no children involved", "children involved"), (1.0, 0.5), 0.75),
    Dim("scope", tuple(RECIPIENT_SCOPES.values()), (1.0, 0.7, 0.45, 0.3), 0.6),
    Dim("known", ("recipient not known to the claimant", "recipient known"), (1.0, 0.6), 0.8),
    Dim("distress", tuple(DISTRESS_LEVELS), (1.0, 0.65, 0.4, 0.25, 0.15), 0.5),
    Dim("medical", tuple(MEDICAL_EVIDENCE.values()), (1.0, 0.55, 0.3), 0.7),
    Dim("moved", ("did not move", "had to move home"), (1.0, 0.25), 0.7),
)
RELOCATION_WORDS = r"moved house|house move|move house|moved home|relocat|had to move"
KERNELS = tuple(dim.kernel() for dim in DIMS)
LATTICE_SHAPE = tuple(dim.size for dim in DIMS)


def breach_kernel() -> np.ndarray:
    """B[claim type, precedent type]: same type, same family, or other."""
    family = np.asarray([BREACH_FAMILIES[code] for code in BREACH_CODES])
    same_family = family[:, None] == family[None, :]
    return np.where(np.eye(len(BREACH_CODES), dtype=bool), SAME_TYPE, np.where(same_family, SAME_FAMILY, OTHER_TYPE))


BREACH_KERNEL = breach_kernel()


def encode_claim(facts: ClaimFacts) -> tuple[int, tuple[int, ...]]:
    """A claim's breach type code and lattice cell."""
    cell = (
        facts.tier, int(facts.children_involved), list(RECIPIENT_SCOPES).index(facts.recipients_scope),
        int(facts.recipient_known_to_claimant), list(DISTRESS_LEVELS).index(facts.distress_level),
        list(MEDICAL_EVIDENCE).index(facts.medical_evidence), int(facts.had_to_move),
    )
    return BREACH_CODES.index(facts.breach_type), cell


def encode_precedents(frame: pd.DataFrame, categories: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Integer codes per feature for a clean precedent frame (unknown = the feature's size)."""
    categories = infer_categories(frame["data_categories"]) if categories is None else categories
    tier = np.asarray(categories.to_numpy(dtype=bool) * np.asarray([TIER_BY_CATEGORY[c] for c in categories.columns]))
    special = frame["special_category"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    tier = np.maximum(tier.max(axis=1, initial=1), np.where(special, SPECIAL_CATEGORY_TIER, 0))
    return {
        "breach": frame["breach_type"].map(BREACH_CODES.index).to_numpy(dtype=np.int64),
        "tier": tier.astype(np.int64),
        "children": _code_flag(frame["children_involved"]),
        "scope": _code_choice(frame["recipients_scope"], RECIPIENT_SCOPES),
        "known": _code_flag(frame["recipient_known_to_claimant"]),
        "distress": _code_choice(frame["distress_level"], DISTRESS_LEVELS),
        "medical": _code_choice(frame["medical_evidence"], MEDICAL_EVIDENCE),
        "moved": _code_flag(_relocation(frame)),
    }


def _relocation(frame: pd.DataFrame) -> pd.Series:
    """had_to_move as given, else true where the summary or notes say the family moved, else unknown."""
    given = frame["had_to_move"].astype("boolean") if "had_to_move" in frame else pd.Series(
        pd.NA, index=frame.index, dtype="boolean")
    words = (frame["summary"].fillna("").astype(str) + " " + frame["notes"].fillna("").astype(str))
    said = words.str.contains(RELOCATION_WORDS, case=False, regex=True)
    return given.where(given.notna(), pd.Series(pd.NA, index=frame.index, dtype="boolean").mask(said, True))


def _code_flag(values: pd.Series) -> np.ndarray:
    flags = values.astype("boolean")
    return np.where(flags.isna().to_numpy(), 2, flags.fillna(False).to_numpy(dtype=np.int64))


def _code_choice(values: pd.Series, vocabulary) -> np.ndarray:
    codes = list(vocabulary)
    return values.map({code: number for number, code in enumerate(codes)}).fillna(len(codes)).to_numpy(dtype=np.int64)


def infer_categories(descriptions: pd.Series) -> pd.DataFrame:
    """One boolean column per data category: the codes given, or inferred from the words."""
    text = descriptions.fillna("").astype(str)
    given = codes_given(text).to_numpy(dtype=bool)
    found = pd.DataFrame(False, index=text.index, columns=[*CATEGORY_KEYWORDS, "other"])
    matrix = np.zeros(found.shape, dtype=bool)
    if given.any():
        positions = np.flatnonzero(given)
        tokens = pd.Series(text.to_numpy()[positions], index=positions).str.split(r"[;,|]").explode().str.strip()
        columns = pd.Categorical(tokens.to_numpy(), categories=found.columns).codes
        matrix[tokens.index.to_numpy(dtype=np.int64)[columns >= 0], columns[columns >= 0]] = True
    found = pd.DataFrame(matrix, index=text.index, columns=found.columns)
    if (~given).any():
        words = text[~given]
        for code, pattern in CATEGORY_KEYWORDS.items():
            found.loc[words.index, code] = words.str.contains(pattern, case=False, regex=True).to_numpy()
    return found


def category_lists(found: pd.DataFrame) -> pd.Series:
    """The codes found (``infer_categories``) for each row, as "code;code" text (most sensitive first)."""
    ordered = sorted(found.columns, key=lambda code: -TIER_BY_CATEGORY[code])
    parts = pd.DataFrame({code: np.where(found[code], code + ";", "") for code in ordered}, index=found.index)
    return parts.astype(object).sum(axis=1).astype(str).str.rstrip(";") if len(parts) else pd.Series(dtype=object)


def codes_given(descriptions: pd.Series) -> pd.Series:
    """True where ``data_categories`` is a list of codes rather than a description."""
    return descriptions.fillna("").astype(str).str.fullmatch(_CODES_ONLY)


def cells_similarity(codes: dict[str, np.ndarray], breach: int, cells: tuple[np.ndarray, ...]) -> np.ndarray:
    """Similarity of each listed cell (one array of values per feature) to every precedent: (cells, N).

    """
    sim = np.broadcast_to(BREACH_KERNEL[breach][codes["breach"]], (len(cells[0]), len(codes["breach"])))
    for dim, kernel, values in zip(DIMS, KERNELS, cells):
        sim = sim * kernel[np.asarray(values)][:, codes[dim.name]]
    return sim


def cell_similarity(codes: dict[str, np.ndarray], breach: int, cell: tuple[int, ...]) -> np.ndarray:
    """Similarity of one cell to every precedent."""
    return cells_similarity(codes, breach, tuple(np.asarray([value]) for value in cell))[0]


def code_tensor(codes: dict[str, np.ndarray], values: np.ndarray) -> np.ndarray:
    """``values`` summed by combination of codes: shape (breach types, size + 1 for each feature)."""
    shape = (len(BREACH_CODES),) + tuple(dim.size + 1 for dim in DIMS)
    tensor = np.zeros(shape)
    np.add.at(tensor, (codes["breach"],) + tuple(codes[dim.name] for dim in DIMS), values)
    return tensor
