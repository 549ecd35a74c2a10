"""The database models, one module per area; import them from here."""
from claims.models.claim import (
    Claim, ClaimDataCategory, ClaimEffect, EvidenceFile, FinancialLoss, KeyDate, Note, StatusChange,
)
from claims.models.parties import Claimant, Defendant, Incident, LitigationFriend
from claims.models.records import AuditEvent, IntakeDraft, OutboxMessage
from claims.models.staff import User
from claims.models.valuation import InflationIndex, InflationSet, Precedent, PrecedentSet
from claims.models.valuation_review import ValuationSnapshot

__all__ = [
    "AuditEvent", "Claim", "ClaimDataCategory", "ClaimEffect", "Claimant", "Defendant",
    "EvidenceFile", "FinancialLoss", "Incident", "InflationIndex", "InflationSet", "IntakeDraft", "KeyDate",
    "LitigationFriend", "Note", "OutboxMessage", "Precedent", "PrecedentSet", "StatusChange", "User",
    "ValuationSnapshot",
]
