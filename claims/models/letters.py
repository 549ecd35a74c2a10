"""Letters: the firm's settings, letter templates and their versions, every document generated
for a claim, and the no-win-no-fee agreement (CFA) the claimant signs online.

Generated documents are files under DOCUMENTS_DIR (outside the web root, random names), each
row keeping who made it, when, from which template, and the SHA-256 of the exact bytes.
Only the SHA-256 of a signing link's token is stored, never the token.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow
from claims.models.staff import User


class FirmSettings(db.Model):
    """The firm's details printed on every letter and its no-win-no-fee defaults (one row)."""

    __tablename__ = "firm_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)  # one line per line of the address
    sra_number: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(30))
    email: Mapped[str] = mapped_column(String(254))
    complaints_contact: Mapped[str] = mapped_column(String(300))
    signatory: Mapped[str] = mapped_column(String(200))
    cap_percent: Mapped[int] = mapped_column(default=25)  # most taken from damages, VAT included
    vat_percent: Mapped[int] = mapped_column(default=20)
    base_costs_pence: Mapped[int] = mapped_column(BigInteger, default=300_000)  # estimate shown in the CFA
    ate_premium_pence: Mapped[int] = mapped_column(BigInteger, default=0)  # 0: no ATE policy by default
    signing_link_days: Mapped[int] = mapped_column(default=14)
    # How soon a solicitor reviews a new claim, as promised on the confirmation page, email and letter.
    review_working_days: Mapped[int] = mapped_column(default=5, server_default="5")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LetterTemplate(db.Model):
    """An uploaded version of a letter template; with none active, the file in letters/ is used."""

    __tablename__ = "letter_templates"
    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # claims.domain.letters.LETTER_KINDS
    version: Mapped[int]
    original_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=False)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    uploaded_by: Mapped[User] = relationship()


class ClaimDocument(db.Model):
    """One generated version of one document for one claim."""

    __tablename__ = "claim_documents"
    __table_args__ = (
        UniqueConstraint("claim_id", "kind", "version"),
        Index("ix_claim_documents_claim_created", "claim_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))  # claims.domain.letters.LETTER_KINDS
    version: Mapped[int]  # 1, 2, … per claim and kind
    title: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    template_version: Mapped[int | None]  # None: the template shipped in letters/
    template_sha256: Mapped[str] = mapped_column(String(64))
    signed: Mapped[bool] = mapped_column(default=False)  # the signed copy of a CFA
    override_reason: Mapped[str | None] = mapped_column(Text)  # a partner's reason to skip a rule
    bulk_job_id: Mapped[int | None] = mapped_column(ForeignKey("bulk_letter_jobs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the claimant or a job
    # The sanitised HTML of a document the claimant reads online, made once with the file
    # (claims.letters.documents); loaded only when asked for. None: not made (see documents.preview_html).
    preview_html: Mapped[str | None] = deferred(mapped_column(Text))

    created_by: Mapped[User | None] = relationship()


class Agreement(db.Model):
    """A conditional fee agreement offered to a claimant: its terms, signing link and signature."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("claim_documents.id"))  # the CFA the claimant reads
    # The plain dict the CFA shown was filled from: the signed copy is the same letter with the
    # signature block filled in, and the signing page's "what you keep" table reads it too.
    shown_context: Mapped[dict] = mapped_column(JSON, default=dict)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    prospects_percent: Mapped[int]
    success_fee_percent: Mapped[int]
    success_fee_reason: Mapped[str | None] = mapped_column(Text)  # set when the solicitor overrode it
    cap_percent: Mapped[int]
    vat_percent: Mapped[int]
    base_costs_pence: Mapped[int] = mapped_column(BigInteger)
    ate_premium_pence: Mapped[int] = mapped_column(BigInteger, default=0)
    ate_recoverable: Mapped[bool] = mapped_column(default=False)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a newer agreement replaced it

    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_name: Mapped[str | None] = mapped_column(String(200))
    signed_ip: Mapped[str | None] = mapped_column(String(64))
    signed_user_agent: Mapped[str | None] = mapped_column(String(500))
    signed_document_sha256: Mapped[str | None] = mapped_column(String(64))  # of the document shown
    signed_copy_id: Mapped[int | None] = mapped_column(ForeignKey("claim_documents.id"))
    cancellation_ends_on: Mapped[date | None]
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    document: Mapped[ClaimDocument] = relationship(foreign_keys=[document_id])
    signed_copy: Mapped[ClaimDocument | None] = relationship(foreign_keys=[signed_copy_id])


class BulkLetterJob(db.Model):
    """Letters of claim for many claims against one defendant, made by a background job."""

    __tablename__ = "bulk_letter_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    defendant_name: Mapped[str] = mapped_column(String(200))
    claim_ids: Mapped[str] = mapped_column(Text)  # comma-separated, in the order they are made
    total: Mapped[int]
    done: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    failures: Mapped[str] = mapped_column(Text, default="")  # one "reference: reason" per line, no personal data
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued, running, finished, failed
    zip_name: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User] = relationship()
