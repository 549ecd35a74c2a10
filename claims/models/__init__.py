"""The database models, one module per area; import them from here."""
from claims.models.claim import (
    Claim, ClaimDataCategory, ClaimEffect, EvidenceFile, FinancialLoss, KeyDate, Note, StatusChange,
)
from claims.models.parties import Claimant, Defendant, Incident, LitigationFriend
from claims.models.records import AuditEvent, IntakeDraft, OutboxMessage
from claims.models.staff import User

__all__ = [
    "AuditEvent", "Claim", "ClaimDataCategory", "ClaimEffect", "Claimant", "Defendant",
    "EvidenceFile", "FinancialLoss", "Incident", "IntakeDraft", "KeyDate", "LitigationFriend",
    "Note", "OutboxMessage", "StatusChange", "User",
]
