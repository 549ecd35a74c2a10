"""Possible duplicates and conflicts of interest, raised on a new claim and decided at triage.

At submission (and so for each claimant imported for an incident, when they submit) a claim is compared with
the claims already made (``claims.domain.register.duplicate_reasons``: names alike, the same date of birth or
email, the same incident or defendant and breach date) and with the firm's conflict list: a claim against an
organisation the firm acts or acted for, or by someone the firm's list has on the other side of a matter, is a
conflict. Each is a ``ClaimFlag`` shown at triage with its reasons (fixed phrases, never the typed text).

A solicitor decides each flag (``decide``, audited): a duplicate is "not a duplicate" or "merged" (the newer claim
is closed as withdrawn through the status machine, linked to the one kept by ``duplicate_of_id``, and its answers
and evidence stay readable from the kept claim: nothing is deleted); a conflict is "cleared" or "declined" (the
claim is then declined with its decline letter, from the letters section).
"""
from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from claims import audit
from claims.claim.access import may_see_claim
from claims.claim.moves import move
from claims.domain import register as rules
from claims.domain.status import TRANSITIONS
from claims.extensions import db
from claims.models import Claim, Claimant, ClaimFlag, ConflictEntry, DefendantName
from claims.models._types import utcnow

DECISIONS = {
    "duplicate": {"not_duplicate": "Not a duplicate", "merged": "Merged into the earlier claim"},
    "conflict": {"cleared": "Conflict cleared", "declined": "Declined for the conflict"},
}
CONFLICT_KINDS = {"client": "The firm acts or acted for them", "opponent": "On the other side of a matter the firm runs"}


class FlagRefused(ValueError):
    """The decision cannot be made (the message says why)."""


def person_of(claim: Claim) -> rules.ClaimPerson:
    claimant = claim.claimant
    return rules.ClaimPerson(
        first_name=claimant.first_name, last_name=claimant.last_name, date_of_birth=claimant.date_of_birth,
        email=claimant.email or (claim.litigation_friend.email if claim.litigation_friend else None),
        defendant_key=rules.name_key(claim.defendant_name), defendant_id=claim.defendant_id,
        incident_id=claim.incident_id, breach_on=claim.breach_on, postcode=claimant.postcode)


def possible_duplicates(claim: Claim) -> list[tuple[Claim, list[str]]]:
    """Earlier claims that may be this one made again, with why (at most 20, oldest first)."""
    claimant = claim.claimant
    email = (claimant.email or "").strip().lower()
    same_matter = [func.lower(Claim.defendant_name) == claim.defendant_name.strip().lower()]
    if claim.defendant_id is not None:
        same_matter.append(Claim.defendant_id == claim.defendant_id)
    if claim.incident_id is not None:
        same_matter.append(Claim.incident_id == claim.incident_id)
    base = (select(Claim).join(Claim.claimant).options(joinedload(Claim.claimant), joinedload(Claim.litigation_friend))
            .where(Claim.id != claim.id, Claim.duplicate_of_id.is_(None)).order_by(Claim.id).limit(100))
    # Two queries, each on an index (the claimant's email; the claim's defendant, incident and defendant name),
    # rather than one OR that would read every claimant.
    found: dict[int, Claim] = {}
    if email:
        found.update((c.id, c) for c in db.session.scalars(base.where(func.lower(Claimant.email) == email)))
    if claimant.date_of_birth is not None:
        found.update((c.id, c) for c in db.session.scalars(
            base.where(or_(*same_matter), Claimant.date_of_birth == claimant.date_of_birth)))
    candidates = [found[ident] for ident in sorted(found)]
    mine = person_of(claim)
    alike = [(other, reasons) for other in candidates if (reasons := rules.duplicate_reasons(person_of(other), mine))]
    return alike[:20]


def conflicts(claim: Claim) -> list[tuple[ConflictEntry, list[str]]]:
    """Entries of the firm's conflict list this claim meets: a client it is against, an opponent who brings it."""
    organisation = {rules.name_key(claim.defendant_name)}
    if claim.defendant_id is not None:
        organisation.add(claim.defendant.name_key)
        organisation.update(db.session.scalars(select(DefendantName.name_key)
                                               .where(DefendantName.defendant_id == claim.defendant_id)))
    people = {rules.person_key(claim.claimant.first_name, claim.claimant.last_name)}
    if claim.litigation_friend is not None:
        people.add(rules.person_key(claim.litigation_friend.first_name, claim.litigation_friend.last_name))
    organisation.discard("")
    people.discard("")
    entries = db.session.scalars(select(ConflictEntry).where(ConflictEntry.active, or_(
        and_(ConflictEntry.kind == "client", ConflictEntry.name_key.in_(organisation)),
        and_(ConflictEntry.kind == "opponent", ConflictEntry.name_key.in_(people)))).order_by(ConflictEntry.id)).all()
    return [(entry, ["the firm acts or acted for the defendant"] if entry.kind == "client"
             else ["the claimant is on the other side of a matter the firm runs"]) for entry in entries]


def raise_flags(claim: Claim) -> list[ClaimFlag]:
    """Flag the claim's possible duplicates and conflicts (audited by count only)."""
    made = [ClaimFlag(claim_id=claim.id, kind="duplicate", other_claim_id=other.id, reasons=reasons)
            for other, reasons in possible_duplicates(claim)]
    made += [ClaimFlag(claim_id=claim.id, kind="conflict", conflict_entry_id=entry.id, reasons=reasons)
             for entry, reasons in conflicts(claim)]
    if made:
        db.session.add_all(made)
        db.session.flush()
        audit.record("claim.flagged", entity_type="claim", entity_id=claim.id, claim_id=claim.id, actor="system",
                     details={"duplicates": sum(f.kind == "duplicate" for f in made),
                              "conflicts": sum(f.kind == "conflict" for f in made)})
    return made


def flags_of(claim_id: int) -> list[ClaimFlag]:
    return list(db.session.scalars(select(ClaimFlag).options(joinedload(ClaimFlag.decided_by),
                                                             joinedload(ClaimFlag.conflict_entry))
                                   .where(ClaimFlag.claim_id == claim_id).order_by(ClaimFlag.id)))


def merged_duplicates(claim_id: int) -> list[Claim]:
    """Claims merged into this one as duplicates (closed, kept, readable), with their evidence."""
    return list(db.session.scalars(select(Claim).options(joinedload(Claim.claimant), selectinload(Claim.evidence))
                                   .where(Claim.duplicate_of_id == claim_id).order_by(Claim.id)))


def decide(claim: Claim, flag: ClaimFlag, decision: str, *, by, reason: str) -> None:
    """Record the decision on ``flag`` (a flag of ``claim``); merging closes the claim as withdrawn and links it."""
    if decision not in DECISIONS[flag.kind]:
        raise FlagRefused("Choose one of the decisions offered")
    if flag.decision is not None:
        raise FlagRefused("This flag was already decided")
    if decision == "merged":
        kept = db.session.get(Claim, flag.other_claim_id) if flag.other_claim_id else None
        if kept is None or kept.duplicate_of_id is not None:
            raise FlagRefused("The earlier claim is no longer there to merge into")
        if not may_see_claim(by, kept):
            raise FlagRefused("You may not see the earlier claim: ask a partner to merge them")
        if "withdrawn" not in TRANSITIONS[claim.status]:
            raise FlagRefused("This claim cannot be closed from its status; it was not merged")
        claim.duplicate_of_id = kept.id
        move(claim, "withdrawn", by=by, reason=f"Duplicate of {kept.reference}, merged into it: {reason}")
    flag.decision, flag.decision_reason = decision, reason
    flag.decided_by_id, flag.decided_at = by.id, utcnow()
    audit.record("claim.flag_decided", entity_type="claim_flag", entity_id=flag.id, claim_id=claim.id,
                 details={"kind": flag.kind, "decision": decision, "other_claim_id": flag.other_claim_id})


def undecided(claim_id: int) -> int:
    return db.session.scalar(select(func.count(ClaimFlag.id)).where(ClaimFlag.claim_id == claim_id,
                                                                    ClaimFlag.decision.is_(None)))


def add_conflict_entry(*, kind: str, name: str, note: str | None, by) -> ConflictEntry:
    key = rules.name_key(name) if kind == "client" else rules.person_key(name)
    if not key:
        raise FlagRefused("Enter a name with at least one letter or number")
    entry = ConflictEntry(kind=kind, name=name, name_key=key, note=note, created_by_id=by.id)
    db.session.add(entry)
    db.session.flush()
    audit.record("conflict_entry.added", entity_type="conflict_entry", entity_id=entry.id, details={"kind": kind})
    return entry
