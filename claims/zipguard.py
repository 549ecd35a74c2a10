"""The one check every uploaded zip (Word .docx, Excel .xlsx) passes before anything unpacks it.

A .docx or .xlsx is a zip, and a zip can be a bomb: a 2 MB file whose parts unpack to
gigabytes. ``check`` reads the archive once, member by member, in small chunks, and
refuses it before any other library (python-docx, docxtpl, openpyxl, pandas) opens it:

- too many members (``MAX_MEMBERS``);
- member sizes, as declared in the zip's directory, adding up to more than the limit;
- the same, measured by actually unpacking each member with a cap: the directory is never
  trusted, reading stops at the cap, and a member that unpacks to a different size from the
  one declared is refused;
- a member that unpacks to more than ``MAX_RATIO`` times its packed size (once it is past
  ``RATIO_FLOOR_BYTES``; small parts of real files can compress very well);
- a member that is itself an archive (zip, gzip, 7-Zip, RAR, bzip2, xz), except under a
  folder the format keeps embedded objects in (a chart's workbook inside a Word file),
  which is checked in turn, one level deep and within the same overall limit;
- names that are absolute or climb out of the archive (``/x``, ``C:x``, ``../x``), repeated
  names, encrypted members, and compression methods other than the two Office uses
  (bzip2 and LZMA cannot be unpacked in bounded chunks by the standard library).

Memory stays bounded by the chunk size, whatever the file claims. A refusal raises
``Refused`` with a message that names the file and is safe to show to the person who
uploaded it; ``Unreadable`` (a subclass) means the bytes are not a readable zip at all,
so a caller can say "not a Word document" instead.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass

MB = 1024 * 1024
MAX_MEMBERS = 1000  # a Word file has 10-40 parts, a workbook a few per sheet
MAX_UNPACKED_BYTES = 100 * MB  # a 10 MB Word file full of photos unpacks to little more than 10 MB
MAX_RATIO = 200  # real XML parts pack 5-50 times smaller; zeros pack about 1,000 times
RATIO_FLOOR_BYTES = 1 * MB  # parts smaller than this unpacked are never refused for their ratio
CHUNK_BYTES = 64 * 1024
OFFICE_EMBEDDINGS = ("word/embeddings/", "xl/embeddings/", "ppt/embeddings/")

_ARCHIVE_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c",
                       b"Rar!\x1a\x07", b"BZh", b"\xfd7zXZ\x00")
_DRIVE = re.compile(r"^[A-Za-z]:")
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class Refused(ValueError):
    """The archive is not safe to open; the message names the file and can be shown to the user."""


class Unreadable(Refused):
    """The bytes are not a zip archive that can be read."""


@dataclass(frozen=True)
class Member:
    """One checked part of the archive: its name and its measured (not declared) size."""

    name: str
    size: int


def check(data: bytes, name: str, *, max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
          nested_allowed_under: tuple[str, ...] = OFFICE_EMBEDDINGS) -> list[Member]:
    """The archive's members, measured, or raise Refused saying why it cannot be opened."""
    return _check_archive(data, name, _Budget(name, max_unpacked_bytes), nested_allowed_under)


class _Budget:
    """The unpacked bytes still allowed, shared by an archive and any archive embedded in it."""

    def __init__(self, name: str, limit: int):
        self.name, self.limit, self.left = name, limit, limit

    def too_big(self) -> Refused:
        return Refused(f"{self.name} could not be checked: it unpacks to more than {self.limit // MB} MB")


def _check_archive(data: bytes, name: str, budget: _Budget, nested_allowed_under: tuple[str, ...]) -> list[Member]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_directory(entries, name, budget, len(data))
            return [_check_member(archive, entry, name, budget, nested_allowed_under) for entry in entries]
    except Refused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise Unreadable(f"{name} could not be checked: it is not a complete, readable file") from None


def _check_directory(entries: list[zipfile.ZipInfo], name: str, budget: _Budget, packed_bytes: int) -> None:
    """What the zip's directory declares, refused before anything is unpacked."""
    if len(entries) > MAX_MEMBERS:
        raise Refused(f"{name} could not be checked: it has more than {MAX_MEMBERS:,} parts")
    seen = set()
    for entry in entries:
        if not _safe_name(entry.filename) or entry.filename in seen:
            raise Refused(f"{name} could not be checked: it contains a part with an unsafe name")
        seen.add(entry.filename)
        if entry.flag_bits & 0x1:
            raise Refused(f"{name} could not be checked: it is password-protected. Save it without a password")
        if entry.compress_type not in _COMPRESSIONS:
            raise Refused(f"{name} could not be checked: it is packed in a way Word and Excel do not use. "
                          "Save it again from Word or Excel")
        if entry.compress_size > packed_bytes:
            raise Unreadable(f"{name} could not be checked: it is not a complete, readable file")
        if _ratio_too_high(entry.file_size, entry.compress_size):
            raise budget.too_big()
    if sum(entry.file_size for entry in entries) > budget.left:
        raise budget.too_big()


def _safe_name(filename: str) -> bool:
    parts = filename.replace("\\", "/").split("/")
    return bool(filename) and not filename.startswith(("/", "\\")) and not _DRIVE.match(filename) \
        and ".." not in parts and "\x00" not in filename


def _ratio_too_high(unpacked: int, packed: int) -> bool:
    return unpacked > RATIO_FLOOR_BYTES and unpacked > MAX_RATIO * max(packed, 1)


def _check_member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str, budget: _Budget,
                  nested_allowed_under: tuple[str, ...]) -> Member:
    """Unpack one member in chunks, counting, and stop as soon as it breaks a limit."""
    if entry.is_dir():
        return Member(entry.filename, 0)
    embedded = entry.filename.startswith(nested_allowed_under)
    measured = copy.copy(entry)
    # Read past the declared size, so a lying directory is caught; the margin keeps zipfile's read-ahead
    # (up to one chunk) from reaching this made-up end and reporting a bad checksum instead.
    measured.file_size = budget.left + 2 * CHUNK_BYTES
    size, head, kept = 0, b"", []
    with archive.open(measured) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            if not head:
                head = chunk[:8]
                if head.startswith(_ARCHIVE_SIGNATURES) and not embedded:
                    raise Refused(f"{name} could not be checked: it contains another archive")
            size += len(chunk)
            if size > budget.left or _ratio_too_high(size, entry.compress_size):
                raise budget.too_big()
            if embedded and head.startswith(b"PK"):
                kept.append(chunk)  # bounded by the budget: checked below as an archive of its own
    if size != entry.file_size:
        raise Refused(f"{name} could not be checked: its parts are not the sizes it declares")
    budget.left -= size
    if kept:
        _check_archive(b"".join(kept), name, budget, nested_allowed_under=())
    return Member(entry.filename, size)
