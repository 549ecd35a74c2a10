"""Letter templates: the ones shipped in letters/, the versions staff upload, and which is in use.

With no uploaded version active, a letter is made from the file in letters/. An upload is
checked first: it must be a Word document that renders the sample claim with no unknown
names or broken tags (``claims.word.check_template``); only then is it stored as the next
version and made active. Rolling back makes an earlier version (or the shipped file) active.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, select, update

from claims import audit, word
from claims.config import PROJECT_ROOT
from claims.evidence import sanitise_filename
from claims.extensions import db
from claims.letters.sample import sample_contexts
from claims.models import LetterTemplate, User

LETTERS_DIR = PROJECT_ROOT / "letters"
SHIPPED_FILES = {
    "acknowledgement": "acknowledgement.docx",
    "client_care_cfa": "client-care-and-cfa.docx",
    "decline": "decline.docx",
    "subject_access_request": "subject-access-request.docx",
    "letter_of_claim": "letter-of-claim.docx",
    "completion_statement": "completion-statement.docx",
}
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Template:
    """The template a letter is made from: its bytes, and which version they are."""

    kind: str
    content: bytes
    sha256: str
    version: int | None  # None: the file shipped in letters/

    @property
    def label(self) -> str:
        return "as shipped" if self.version is None else f"version {self.version}"


class TemplateRejected(ValueError):
    """An upload that cannot be used; ``problems`` says why, by name."""

    def __init__(self, problems: list[word.TemplateProblem]):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


@lru_cache(maxsize=None)
def shipped(kind: str) -> Template:
    """The template shipped with the app for ``kind`` (read once per process)."""
    content = (LETTERS_DIR / SHIPPED_FILES[kind]).read_bytes()
    return Template(kind, content, hashlib.sha256(content).hexdigest(), None)


def active(kind: str) -> Template:
    """The template letters of ``kind`` are made from now."""
    row = db.session.scalar(select(LetterTemplate).where(LetterTemplate.kind == kind, LetterTemplate.active))
    if row is None:
        return shipped(kind)
    return Template(kind, row.content, row.sha256, row.version)


def by_sha256(kind: str, sha256: str) -> Template | None:
    """The template (shipped or uploaded) whose bytes have this SHA-256, if it still exists."""
    if shipped(kind).sha256 == sha256:
        return shipped(kind)
    row = db.session.scalar(select(LetterTemplate).where(LetterTemplate.kind == kind, LetterTemplate.sha256 == sha256)
                            .limit(1))
    return Template(kind, row.content, row.sha256, row.version) if row else None


def versions(kind: str) -> list[LetterTemplate]:
    """Every uploaded version of ``kind``, newest first."""
    return list(db.session.scalars(select(LetterTemplate).where(LetterTemplate.kind == kind)
                                   .order_by(LetterTemplate.version.desc())))


def upload(kind: str, filename: str, content: bytes, *, note: str, by: User) -> LetterTemplate:
    """Check ``content`` against the sample claim and store it as the active version (flushed).

    Raises TemplateRejected, storing nothing, when the template cannot render the sample.
    """
    if len(content) > MAX_TEMPLATE_BYTES:
        raise TemplateRejected([word.TemplateProblem("too_big", "The file is larger than 5 MB.")])
    problems = word.check_file(content)  # an unsafe zip is refused once, before any sample opens it
    if problems:
        raise TemplateRejected(problems)
    for label, sample in sample_contexts():
        problems = [word.TemplateProblem(p.kind, f"{p.message} (with the sample {label})", p.near)
                    for p in word.check_template(content, sample)]
        if problems:
            break
    if problems:
        raise TemplateRejected(problems)
    latest = db.session.scalar(select(func.max(LetterTemplate.version)).where(LetterTemplate.kind == kind)) or 0
    _deactivate(kind)
    row = LetterTemplate(kind=kind, version=latest + 1, original_name=sanitise_filename(filename), content=content,
                         sha256=hashlib.sha256(content).hexdigest(), size_bytes=len(content), note=note or None,
                         active=True, uploaded_by_id=by.id)
    db.session.add(row)
    db.session.flush()
    audit.record("letter_template.uploaded", entity_type="letter_template", entity_id=row.id,
                 details={"kind": kind, "version": row.version, "sha256": row.sha256})
    return row


def activate(kind: str, version: int | None) -> None:
    """Make ``version`` the one in use (None: the shipped file). Raises LookupError if unknown."""
    if version is not None:
        row = db.session.scalar(select(LetterTemplate).where(LetterTemplate.kind == kind,
                                                             LetterTemplate.version == version))
        if row is None:
            raise LookupError(version)
    _deactivate(kind)
    if version is not None:
        row.active = True
    db.session.flush()
    audit.record("letter_template.activated", entity_type="letter_template", entity_id=row.id if version else None,
                 details={"kind": kind, "version": version})


def _deactivate(kind: str) -> None:
    db.session.execute(update(LetterTemplate).where(LetterTemplate.kind == kind, LetterTemplate.active)
                       .values(active=False))
