"""The database models, one module per area; import them from here."""
from claims.models.claim import (
    Claim, ClaimDataCategory, ClaimEdit, ClaimEffect, EvidenceFile, FinancialLoss, KeyDate, Note, StatusChange,
)
from claims.models.correspondence import ClientMessage, LetterSending
from claims.models.letters import Agreement, BulkLetterJob, ClaimDocument, FirmSettings, LetterTemplate
from claims.models.outcomes import DefendantResponse, Offer, Payment, Proceedings, Settlement
from claims.models.parties import Claimant, Defendant, Incident, LitigationFriend
from claims.models.register import ClaimFlag, ConflictEntry, DefendantName
from claims.models.records import AuditEvent, IntakeDraft, OutboxMessage
from claims.models.staff import Team, User
from claims.models.valuation import InflationIndex, InflationSet, Precedent, PrecedentSet
from claims.models.valuation_review import ValuationSnapshot
from claims.models.work import NoteRevision, Task

__all__ = [
    "Agreement", "AuditEvent", "BulkLetterJob", "Claim", "ClaimDataCategory", "ClaimEdit", "ClaimDocument", "ClaimEffect",
    "ClaimFlag", "Claimant", "ClientMessage", "ConflictEntry", "Defendant", "DefendantName", "DefendantResponse",
    "EvidenceFile", "FinancialLoss", "FirmSettings", "Incident", "InflationIndex", "InflationSet", "IntakeDraft",
    "KeyDate", "LetterSending", "LetterTemplate", "LitigationFriend", "Note", "NoteRevision", "Offer", "OutboxMessage",
    "Payment", "Precedent", "PrecedentSet", "Proceedings", "Settlement", "StatusChange", "Task", "Team", "User",
    "ValuationSnapshot",
]
