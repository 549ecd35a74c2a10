"""Generated documents: render a letter for a claim, store it as the next version, read it back.

Files live under DOCUMENTS_DIR (outside the web root) under random names; each row keeps the
SHA-256 of the bytes, and ``read`` refuses a file whose bytes no longer match it. A document
the claimant reads online (the client care letter and CFA) is converted to sanitised HTML once,
when it is made, and the HTML is kept on its row: the signing page never converts.
"""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from claims import audit, private_files, word
from claims.domain.letters import LETTER_KINDS
from claims.extensions import db
from claims.letters import preview, templates
from claims.letters.context import letter_context
from claims.firm import firm_settings
from claims.models import Claim, ClaimDocument, User


# Kinds the claimant reads on a web page: converting a Word file to HTML takes about a second,
# so it is done when these are made; other letters are previewed by staff now and then.
READ_ONLINE = frozenset({"client_care_cfa"})


class DocumentCorrupt(RuntimeError):
    """A stored document's bytes do not match the SHA-256 recorded when it was made."""


def documents_dir() -> Path:
    return private_files.folder("DOCUMENTS_DIR")


def path_of(document: ClaimDocument) -> Path:
    return documents_dir() / document.stored_name


def read(document: ClaimDocument) -> bytes:
    """The document's bytes, checked against its recorded SHA-256."""
    data = path_of(document).read_bytes()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise DocumentCorrupt(f"document {document.id} does not match its SHA-256")
    return data


def html_of(document: ClaimDocument) -> Markup:
    """The document as sanitised HTML: the copy kept when it was made, else converted now (not stored)."""
    if document.preview_html is not None:
        return Markup(document.preview_html)
    return preview.docx_to_html(read(document))


def make(claim: Claim, kind: str, *, by: User | None, today: date, template: templates.Template | None = None,
         override_reason: str | None = None, bulk_job_id: int | None = None, signed: bool = False,
         actor: str | None = None, **context_args) -> ClaimDocument:
    """Render ``kind`` for ``claim`` and store it as the next version (flushed, not committed)."""
    return make_with_context(claim, kind, by=by, today=today, template=template, override_reason=override_reason,
                             bulk_job_id=bulk_job_id, signed=signed, actor=actor, **context_args)[0]


def make_with_context(claim: Claim, kind: str, *, by: User | None, today: date,
                      template: templates.Template | None = None, override_reason: str | None = None,
                      bulk_job_id: int | None = None, signed: bool = False, actor: str | None = None,
                      **context_args) -> tuple[ClaimDocument, dict]:
    """``make``, also returning the context the document was filled from."""
    template = template or templates.active(kind)
    version = next_version(claim.id, kind)
    context = letter_context(claim, kind, firm=firm_settings(), today=today, version=version, **context_args)
    data = word.render(template.content, context)
    document = save(claim, kind, data, template, version=version, by=by, signed=signed,
                    override_reason=override_reason, bulk_job_id=bulk_job_id, actor=actor)
    return document, context


def save(claim: Claim, kind: str, data: bytes, template: templates.Template, *, version: int, by: User | None,
         signed: bool = False, override_reason: str | None = None, bulk_job_id: int | None = None,
         actor: str | None = None) -> ClaimDocument:
    """Write ``data`` under a random name and add its row. ``actor``: "claimant" or "system" when no staff."""
    stored_name = private_files.write("DOCUMENTS_DIR", data)
    title = LETTER_KINDS.label(kind) + (" (signed)" if signed else "")
    document = ClaimDocument(
        claim_id=claim.id, kind=kind, version=version, title=title, stored_name=stored_name,
        sha256=hashlib.sha256(data).hexdigest(), size_bytes=len(data), template_version=template.version,
        template_sha256=template.sha256, signed=signed, override_reason=override_reason, bulk_job_id=bulk_job_id,
        created_by_id=by.id if by else None,
        preview_html=str(preview.docx_to_html(data)) if kind in READ_ONLINE else None)
    db.session.add(document)
    db.session.flush()
    audit.record("document.generated", entity_type="claim_document", entity_id=document.id, claim_id=claim.id,
                 actor=actor,
                 details={"kind": kind, "version": version, "sha256": document.sha256,
                          "template_version": template.version, "override": override_reason is not None})
    return document


def next_version(claim_id: int, kind: str) -> int:
    latest = db.session.scalar(select(func.max(ClaimDocument.version))
                               .where(ClaimDocument.claim_id == claim_id, ClaimDocument.kind == kind))
    return (latest or 0) + 1


def claim_documents(claim_id: int) -> list[ClaimDocument]:
    """Every document made for the claim, newest first, with who made each."""
    return list(db.session.scalars(select(ClaimDocument).where(ClaimDocument.claim_id == claim_id)
                                   .options(joinedload(ClaimDocument.created_by))
                                   .order_by(ClaimDocument.created_at.desc(), ClaimDocument.id.desc())))


def download_name(claim: Claim, document: ClaimDocument, extension: str = "docx") -> str:
    stem = f"{claim.reference or claim.id} {document.title} v{document.version}"
    return "".join(ch if ch.isalnum() or ch in " -()" else "-" for ch in stem).strip() + f".{extension}"
