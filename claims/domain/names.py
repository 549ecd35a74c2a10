"""How an organisation's name reads in the middle of a sentence: "against the Department for Education".

Registers and claimants write names bare, as on a letterhead ("Department for Education",
"Home Office"). In a sentence some need "the": government departments and ministries,
offices, agencies, services, commissions and authorities, and names of the form "London
Borough of …" or "University of …". Councils, NHS trusts, police forces, charities and
companies read well bare ("against Leeds City Council", "against Acme Retail Ltd"). A name
that already starts with "The" keeps its article, in lower case. When in doubt the name is
left as written: a missing "the" reads oddly, a wrong one reads worse.
"""
from __future__ import annotations

import re

# Names starting with one of these take "the" (compared case-insensitively, whole words).
_PREFIXES = ("department", "ministry", "office", "london borough of", "royal borough of", "borough of",
             "university of", "police service of", "chief constable", "secretary of state", "mayor and burgesses")
# Names ending with one of these (before any bracketed note) take "the": "Care Quality Commission".
_SUFFIXES = ("office", "agency", "service", "commission", "authority", "executive", "ombudsman", "inspectorate",
             "commissioner", "government")
# A company or partnership's legal form: "Post Office Limited", "Acme Security Service Ltd" stay bare.
_LEGAL_FORMS = re.compile(r"\b(ltd|limited|plc|llp|lp|cic|inc|co)\.?$", re.IGNORECASE)
_BRACKETED = re.compile(r"\s*\([^)]*\)\s*$")


def in_sentence(name: str) -> str:
    """``name`` as it reads after "against", "by" or "from": with "the" when it needs one."""
    name = " ".join(name.split())
    if not name:
        return name
    first, _, rest = name.partition(" ")
    if first.lower() == "the":
        return f"the {rest}" if rest else name
    return f"the {name}" if needs_article(name) else name


def needs_article(name: str) -> bool:
    """True when ``name`` (written bare, as on a letterhead) takes "the" in a sentence."""
    core = _BRACKETED.sub("", " ".join(name.split())).lower()
    if not core or _LEGAL_FORMS.search(core):
        return False
    if any(core == prefix or core.startswith(prefix + " ") for prefix in _PREFIXES):
        return True
    return core.rsplit(" ", 1)[-1] in _SUFFIXES
