"""The defendant register kept by staff: find, create, edit and merge defendants, and their name variants.

A name is compared by its key (``claims.domain.register.name_key``): no two defendants, and no defendant and
another's variant, share one, so "Birmingham Childrens Trust CIC" cannot be added beside "Birmingham Children's
Trust". Merging moves the other record's claims, incidents and variants to the one kept, keeps its name as a
variant, and deletes the emptied record; every change is audited by id and field name, never by the text.
"""
from __future__ import annotations

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import joinedload

from claims import audit
from claims.claim.access import visible_claims
from claims.domain.register import name_key
from claims.extensions import db
from claims.models import Claim, Defendant, DefendantName, Incident
from claims.row_locks import lock_row

EDITABLE = ("name", "sector", "public_authority", "address", "dpo_email", "ico_registration")


class RegisterRefused(ValueError):
    """The change would break a rule of the register; the message says which, for the field ``field``."""

    def __init__(self, message: str, field: str = "name"):
        super().__init__(message)
        self.field = field


def known_keys() -> dict[str, int]:
    """Every name key in the register (names and variants) → its defendant's id."""
    keys = dict(db.session.execute(select(DefendantName.name_key, DefendantName.defendant_id)).all())
    keys.update(db.session.execute(select(Defendant.name_key, Defendant.id)).all())
    return keys


def holder_of(key: str, *, besides: int | None = None) -> Defendant | None:
    """The defendant whose name or variant has ``key`` (other than ``besides``), or None."""
    if not key:
        return None
    ids = select(DefendantName.defendant_id).where(DefendantName.name_key == key)
    query = select(Defendant).where(or_(Defendant.name_key == key, Defendant.id.in_(ids)))
    if besides is not None:
        query = query.where(Defendant.id != besides)
    return db.session.scalars(query.order_by(Defendant.id).limit(1)).first()


def _check_name(name: str, *, besides: int | None = None, field: str = "name") -> str:
    key = name_key(name)
    if not key:
        raise RegisterRefused("Enter a name with at least one letter or number", field)
    other = holder_of(key, besides=besides)
    if other is not None:
        raise RegisterRefused(f"The register already has this organisation as “{other.name}” (entry {other.id})",
                             field)
    return key



def search(text: str = "", limit: int = 200) -> list[Defendant]:
    """Defendants whose name or a variant contains ``text`` once compared as keys (all when blank), by name."""
    query = select(Defendant)
    key = name_key(text)
    if key:
        pattern = f"%{key}%"
        variants = select(DefendantName.defendant_id).where(DefendantName.name_key.like(pattern))
        query = query.where(or_(Defendant.name_key.like(pattern), Defendant.id.in_(variants)))
    return list(db.session.scalars(query.order_by(func.lower(Defendant.name), Defendant.id).limit(limit)))


def variants(defendant_id: int) -> list[DefendantName]:
    return list(db.session.scalars(select(DefendantName).where(DefendantName.defendant_id == defendant_id)
                                   .order_by(DefendantName.name, DefendantName.id)))


def create(*, by, **values) -> Defendant:
    _check_name(values["name"])
    defendant = Defendant(**{field: values.get(field) for field in EDITABLE})
    db.session.add(defendant)
    db.session.flush()
    audit.record("defendant.created", entity_type="defendant", entity_id=defendant.id)
    return defendant


def update_defendant(defendant: Defendant, *, by, **values) -> list[str]:
    """Save the fields given; the names of those that changed (audited)."""
    if values["name"] != defendant.name:
        _check_name(values["name"], besides=defendant.id)
    changed = [field for field in EDITABLE if getattr(defendant, field) != values.get(field)]
    for field in changed:
        setattr(defendant, field, values.get(field))
    if changed:
        audit.record("defendant.edited", entity_type="defendant", entity_id=defendant.id,
                     details={"fields": changed})
    return changed


def add_variant(defendant: Defendant, name: str, *, by) -> DefendantName:
    key = _check_name(name, field="variant")
    variant = DefendantName(defendant_id=defendant.id, name=name, name_key=key)
    db.session.add(variant)
    db.session.flush()
    audit.record("defendant.variant_added", entity_type="defendant", entity_id=defendant.id,
                 details={"variant_id": variant.id})
    return variant


def remove_variant(defendant: Defendant, variant_id: int, *, by) -> bool:
    variant = db.session.get(DefendantName, variant_id)
    if variant is None or variant.defendant_id != defendant.id:
        return False
    db.session.delete(variant)
    audit.record("defendant.variant_removed", entity_type="defendant", entity_id=defendant.id,
                 details={"variant_id": variant_id})
    return True


def merge(kept: Defendant, other: Defendant, *, by) -> dict[str, int]:
    """Move ``other``'s claims, incidents and variants to ``kept``, keep its name as a variant, delete it.

    Both rows are locked (in id order) first. Returns how many of each moved (audited on ``kept``)."""
    if kept.id == other.id:
        raise RegisterRefused("Choose another entry to merge into this one", "other")
    for ident in sorted((kept.id, other.id)):
        lock_row(Defendant, ident)
    moved = {
        "claims": db.session.execute(update(Claim).where(Claim.defendant_id == other.id)
                                     .values(defendant_id=kept.id).execution_options(synchronize_session=False)).rowcount,
        "incidents": db.session.execute(update(Incident).where(Incident.defendant_id == other.id)
                                        .values(defendant_id=kept.id)
                                        .execution_options(synchronize_session=False)).rowcount,
        "variants": db.session.execute(update(DefendantName).where(DefendantName.defendant_id == other.id)
                                       .values(defendant_id=kept.id)
                                       .execution_options(synchronize_session=False)).rowcount,
    }
    for field in ("address", "dpo_email", "ico_registration"):
        if not getattr(kept, field) and getattr(other, field):
            setattr(kept, field, getattr(other, field))
    name, key, other_id = other.name, other.name_key, other.id
    db.session.delete(other)
    db.session.flush()
    if key and key != kept.name_key:
        db.session.add(DefendantName(defendant_id=kept.id, name=name, name_key=key))
    db.session.expire_all()
    audit.record("defendant.merged", entity_type="defendant", entity_id=kept.id,
                 details={"merged_id": other_id, **moved})
    return moved


def defendant_claims(defendant_id: int, user, limit: int = 500) -> list[Claim]:
    """The defendant's claims ``user`` may see (need to know), newest first."""
    return list(db.session.scalars(
        select(Claim).options(joinedload(Claim.claimant)).where(Claim.defendant_id == defendant_id, visible_claims(user))
        .order_by(Claim.submitted_at.desc(), Claim.id.desc()).limit(limit)))

