"""Evidence files: check an upload by its content, store it outside the web root, find it again.

A file is accepted only if its bytes are a PDF, JPEG, PNG or Word (.docx) document, whatever
its name or declared type says. A zip (a Word file) passes ``claims.zipguard`` before anything
unpacks it, a picture's size is read from its header before anything decodes it, and then
``claims.filecheck`` refuses what a file of that type may hide (macros, external links, JavaScript,
a second format, data after its end) and drops an image's metadata from the bytes stored. When a
virus scanner is configured (``CLAMAV_COMMAND``, or ClamAV found on PATH) every file is scanned
before it is stored, and a scanner that fails refuses the file. Every upload path (the claim form,
the client portal, documents received, the defendant's response) calls ``check_upload`` and
``check_file_count``. Stored names are random; display names are sanitised.

Staff recording a document received (``claims.work``) may also upload an email as saved by a mail
program (``CORRESPONDENCE``): an .eml file must read as an internet message (RFC 5322 headers with a
sender, then the body) and an Outlook .msg must be an OLE compound file holding an Outlook message
(its message class is ``IPM.…`` or ``REPORT.…``) with no macros. Claimants cannot upload either. Files
are only ever downloaded, never opened or shown by the app; attachments inside an email are not checked.
"""
from __future__ import annotations

import email.parser
import email.policy
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import olefile
from flask import current_app, has_app_context
from PIL import Image, UnidentifiedImageError

from claims import filecheck, private_files, zipguard
from claims.extensions import db
from claims.models import EvidenceFile

ACCEPTED = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
ACCEPTED_DESCRIPTION = "a PDF, JPG, PNG or Word (.docx) file"
EML, MSG = "message/rfc822", "application/vnd.ms-outlook"
EMAIL_TYPES = {EML: "eml", MSG: "msg"}
CORRESPONDENCE = {**ACCEPTED, **EMAIL_TYPES}  # a document received: a letter, a scan or a saved email
CORRESPONDENCE_DESCRIPTION = "a PDF, JPG, PNG, Word (.docx) or saved email (.eml or .msg) file"
_DESCRIPTIONS = {frozenset(ACCEPTED): ACCEPTED_DESCRIPTION, frozenset(CORRESPONDENCE): CORRESPONDENCE_DESCRIPTION}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")  # a header field name (printable, no colon) and its colon
_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
Image.MAX_IMAGE_PIXELS = 60_000_000  # refuse decompression bombs


class RejectedFile(ValueError):
    """The upload is not acceptable; the message is safe to show the claimant."""


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    media_type: str
    display_name: str


def check_upload(filename: str | None, data: bytes, *, max_bytes: int,
                 accept: dict[str, str] = ACCEPTED) -> CheckedFile:
    """Detect the type from the bytes and sanitise the name, or raise RejectedFile.

    ``accept``: media type → extension of the kinds allowed here (``ACCEPTED``, or ``CORRESPONDENCE`` for staff).
    """
    name = sanitise_filename(filename or "")
    described = _DESCRIPTIONS.get(frozenset(accept), ACCEPTED_DESCRIPTION)
    if not data:
        raise RejectedFile(f"{name} is empty")
    if len(data) > max_bytes:
        raise RejectedFile(f"{name} must be smaller than {max_bytes // (1024 * 1024)} MB")
    if data.startswith(b"PK\x03\x04"):
        _check_zip(name, data, described)
    try:
        filecheck.check_pixels(name, data)
        media_type = detect_type(data, emails=EML in accept)
        if media_type is None or media_type not in accept:
            raise RejectedFile(f"{name} must be {described}")
        stored = filecheck.inspect(name, media_type, data)
        if has_app_context():
            filecheck.scan_for_viruses(name, data, current_app.config.get("CLAMAV_COMMAND"),
                                       timeout=current_app.config.get("CLAMAV_TIMEOUT_SECONDS", 120))
    except filecheck.Refused as exc:
        raise RejectedFile(str(exc)) from None
    return CheckedFile(data=stored, media_type=media_type, display_name=_with_extension(name, accept[media_type]))


def check_file_count(existing: int, adding: int) -> None:
    """Refuse adding ``adding`` files to a claim holding ``existing``: at most ``MAX_FILES_PER_CLAIM`` on a
    claim (its draft included) and ``MAX_FILES_PER_REQUEST`` in one upload."""
    config = current_app.config
    per_request, per_claim = config.get("MAX_FILES_PER_REQUEST", 20), config.get("MAX_FILES_PER_CLAIM", 50)
    if adding > per_request:
        raise RejectedFile(f"You chose {adding:,} files: upload at most {per_request} at a time")
    if existing + adding > per_claim:
        left = max(per_claim - existing, 0)
        raise RejectedFile(f"A claim can have at most {per_claim} file{'s' if per_claim != 1 else ''}"
                           + (f": you can add {left} more" if left else ": remove one before adding another"))


def _check_zip(name: str, data: bytes, described: str) -> None:
    """Refuse a zip bomb, or any archive the guard cannot read to the end, by name: only a zip that
    passed ``zipguard.check`` is ever opened by ``detect_type``."""
    try:
        zipguard.check(data, name)
    except zipguard.Unreadable:
        raise RejectedFile(f"{name} must be {described}") from None
    except zipguard.Refused as exc:
        raise RejectedFile(str(exc)) from None


def detect_type(data: bytes, *, emails: bool = False) -> str | None:
    """The accepted media type of these bytes, or None. A zip must have passed ``zipguard.check``.

    ``emails``: also recognise a saved email (.eml or Outlook .msg); only staff uploads ask for them.
    """
    if data.startswith(b"%PDF-"):
        return "application/pdf" if b"%%EOF" in data[-2048:] else None
    if data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image_type(data)
    if data.startswith(b"PK\x03\x04"):
        return _docx_type(data)
    if emails and data.startswith(OLE_SIGNATURE):
        return _msg_type(data)
    if emails:
        return _eml_type(data)
    return None


def _eml_type(data: bytes) -> str | None:
    """An internet message: header lines from the first byte, a sender and a date or subject, text only."""
    if not _HEADER_LINE.match(data) or b"\x00" in data:
        return None
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    try:
        head.decode("utf-8")
        message = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(head)
    except (UnicodeDecodeError, ValueError):
        return None
    if message.defects or not message.get("From") or not (message.get("Date") or message.get("Subject")):
        return None
    return EML


def _msg_type(data: bytes) -> str | None:
    """An Outlook message: an OLE compound file with a message's property streams and class, and no macros."""
    try:
        with olefile.OleFileIO(data) as ole:
            entries = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=True)}
            if "__properties_version1.0" not in entries or entries & _MACRO_STORAGES:
                return None
            message_class = _message_class(ole)
    except (OSError, ValueError, IndexError, TypeError, UnicodeDecodeError):
        return None
    return MSG if message_class.upper().startswith(("IPM.", "REPORT.")) else None


def _message_class(ole: olefile.OleFileIO) -> str:
    """The message's class (PR_MESSAGE_CLASS, 0x001A), stored as UTF-16 or 8-bit text."""
    for stream, encoding in (("__substg1.0_001A001F", "utf-16-le"), ("__substg1.0_001A001E", "latin-1")):
        if ole.exists(stream):
            return ole.openstream(stream).read(512).decode(encoding).rstrip("\x00")
    return ""


def _image_type(data: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return {"JPEG": "image/jpeg", "PNG": "image/png"}.get(kind)


def _docx_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return None
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return None
    if DOCX_MAIN not in content_types or "vbaProject" in content_types:
        return None  # not a plain Word document (macro-enabled files are refused)
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


_UNSAFE = re.compile(r"[^\w .()\-]+", re.UNICODE)


def sanitise_filename(filename: str) -> str:
    """A display-safe file name: no path, no control characters, at most 100 characters."""
    name = unicodedata.normalize("NFC", filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._") or "evidence"
    return name[:100]


def _with_extension(name: str, extension: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem[:90] or 'evidence'}.{extension}"


def store(checked: CheckedFile, *, draft_id: int | None = None, claim_id: int | None = None,
          uploaded_by_id: int | None = None) -> EvidenceFile:
    """Write the bytes under a random name and add the EvidenceFile row (flushed, not committed)."""
    stored_name = private_files.write("EVIDENCE_DIR", checked.data)
    item = EvidenceFile(
        draft_id=draft_id, claim_id=claim_id, uploaded_by_id=uploaded_by_id,
        original_name=checked.display_name, stored_name=stored_name, media_type=checked.media_type,
        size_bytes=len(checked.data), sha256=hashlib.sha256(checked.data).hexdigest(),
    )
    db.session.add(item)
    db.session.flush()
    return item


def evidence_dir() -> Path:
    """The configured evidence directory, created on first use."""
    return private_files.folder("EVIDENCE_DIR")


def path_of(item: EvidenceFile) -> Path:
    """Where the file's bytes are stored."""
    return evidence_dir() / item.stored_name


def delete(item: EvidenceFile) -> None:
    """Remove the row and the stored bytes."""
    path_of(item).unlink(missing_ok=True)
    db.session.delete(item)
