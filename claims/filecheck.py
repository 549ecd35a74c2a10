"""What an upload may not hide: checked on its bytes once its type is known (``claims.evidence`` calls it).

``claims.evidence.check_upload`` decides what a file is; this module decides whether it is only that:

- Word (.docx): no macros (``vbaProject.bin``, ``vbaData.xml``, a macro-enabled content type), no ActiveX
  controls, no embedded OLE object holding macros, an equation or a packaged program, no embedded Office
  file with macros, and no relationship to anything outside the file (an attached template, a picture or
  object fetched from elsewhere: ``TargetMode="External"``) except a plain hyperlink, which Word never
  follows by itself; no field that fetches or runs something (``INCLUDEPICTURE``, ``INCLUDETEXT``, ``LINK``,
  ``IMPORT``, ``DDE``, ``DDEAUTO``), read from the field codes of every part under ``word/``.
- PDF: no ``/JavaScript`` or ``/JS`` (what ``/OpenAction`` and ``/AA`` would run), ``/Launch``,
  ``/EmbeddedFile(s)``, and no encryption (``/Encrypt``: what it hides could not be checked). Names are read
  with their ``#xx`` escapes undone (``/J#61vaScript``), in the raw file and inside every stream that
  inflates with zlib (in 1 MB chunks, within ``MAX_PDF_INFLATED_BYTES``): object streams are where a
  dictionary can hide. ``/JS`` counts only with its script after it, and only outside pictures and fonts,
  whose binary data could hold those three bytes by chance (an action names ``/S /JavaScript`` anyway).
  pypdf is not pinned, so this is a careful byte scan, not a parser: a stream behind another filter (LZW,
  ASCII85) is not read; XFA scripts are not looked for.
- Polyglots: a file must end where its format ends (PNG ``IEND``, PDF's last ``%%EOF`` with only blank bytes
  after it, a zip's end-of-directory record), and must not carry a second format in the parts that are not
  picture data (HTML or script tags, a PDF or zip header, a program). After a JPEG's ``EOI`` such a second
  format is refused; anything else there (a phone's motion-photo video, a maker's trailer) is dropped from
  the stored bytes with the metadata, as many phones write one.
- Images: at most ``MAX_IMAGE_PIXELS``, read from the header (PNG ``IHDR``, JPEG ``SOF``) before anything
  decodes the picture; metadata is dropped from the bytes that are stored (JPEG ``APP1``/``APP13``/comments,
  PNG text, ``eXIf`` and time chunks) without re-encoding the picture; a JPEG's orientation is kept.

``Refused`` carries a message that names the file and can be shown to the person who uploaded it.
"""
from __future__ import annotations

import html
import io
import logging
import re
import struct
import subprocess
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib

import olefile

MB = 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000  # a 50 MP phone photo (8160 × 6120) passes; 10,000 × 10,000 does not
MAX_PDF_INFLATED_BYTES = 512 * MB  # a 10 MB scan whose pictures are FlateDecode inflates to about 200 MB
MAX_RELS_BYTES = 1 * MB
_CHUNK = 1 * MB
_BLANK = b"\x00\t\n\x0c\r "

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_OTHER_FORMAT = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta|link|style|form)[\s>/]"
    rb"|<\?php|%PDF-|PK\x03\x04|PK\x05\x06|MZ\x90\x00", re.IGNORECASE)
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)[\s>/]", re.IGNORECASE)
_PDF_NAME = re.compile(rb"/((?:[^\x00\t\n\x0c\r ()<>\[\]{}/%#]|#[0-9A-Fa-f]{2})+)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
# /JS's script written out as a string (a script in a stream is named by the action's /S /JavaScript anyway)
_JS_VALUE = re.compile(rb"(?:\s|%[^\r\n]*[\r\n])*[(<]")
_PDF_REFUSED = {
    b"JavaScript": "it contains JavaScript", b"JS": "it contains JavaScript",
    b"Launch": "it can start another program", b"EmbeddedFile": "it has other files inside it",
    b"EmbeddedFiles": "it has other files inside it",
    b"Encrypt": "it is encrypted or password-protected. Save or print it as a PDF without protection",
}
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin", "vbaprojectsignatureagile.bin",
                "vbaprojectsignaturev3.bin")
_MACRO_CONTENT = ("macroEnabled", "vbaProject", "vbaData", "activeX", "ms-office.activeX")
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_REFUSED = {"macros", "_vba_project_cur", "vba", "_vba_project", "\x01ole10native", "objectpool", "equation native"}
_HYPERLINK = "/hyperlink"
_FIELD_CODE = re.compile(rb"<(?:\w+:)?instrText\b[^>]*>([^<]*)<")
_SIMPLE_FIELD = re.compile(rb"<(?:\w+:)?fldSimple\b[^>]*?\binstr=[\"']([^\"']*)[\"']")
_FETCHING_FIELDS = re.compile(r"(?:^|[\s{])(?:INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT|DDE|DDEAUTO)(?:\s|$)",
                              re.IGNORECASE)  # a field's name comes first in its code (the word inside a URL is not)
# JPEG: start-of-frame markers (dimensions), and the segments kept when metadata is dropped.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_KEPT_APP = {0xE0, 0xEE}  # JFIF, Adobe (colour transform); APP2 only when it is an ICC profile
_PNG_KEPT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD",
             b"pHYs", b"acTL", b"fcTL", b"fdAT"}
_ORIENTATION = 0x0112

log = logging.getLogger(__name__)


class Refused(ValueError):
    """The file hides something; the message names it and can be shown to the person who uploaded it."""


def check_pixels(name: str, data: bytes) -> None:
    """Refuse a picture larger than ``MAX_IMAGE_PIXELS``, read from its header: call before anything opens it."""
    size = None
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        size = struct.unpack(">II", data[16:24])
    elif data.startswith(b"\xff\xd8\xff"):
        size = _jpeg_size(data)
    if size and size[0] * size[1] > MAX_IMAGE_PIXELS:
        raise Refused(f"{name} is too large a picture ({size[0]:,} × {size[1]:,} pixels). "
                      f"Send a picture of at most {MAX_IMAGE_PIXELS // 1_000_000} megapixels")


def inspect(name: str, media_type: str, data: bytes) -> bytes:
    """The bytes to store (an image's metadata dropped), or Refused saying what the file hides."""
    if media_type == PDF:
        _check_pdf(name, data)
    elif media_type == PNG:
        return _png(name, data)
    elif media_type == JPEG:
        return _jpeg(name, data)
    elif media_type == DOCX:
        _check_docx(name, data)
    return data


def _unreadable(name: str) -> Refused:
    return Refused(f"{name} could not be checked: it is not a complete, readable file")


def _two_formats(name: str) -> Refused:
    return Refused(f"{name} was refused: it holds another kind of file as well (a web page, an archive or a "
                   "program). Save or scan it again and upload the new copy")


def _trailing(name: str) -> Refused:
    return Refused(f"{name} was refused: it has data after its end. Save or scan it again and upload the new copy")


# PDF

def _check_pdf(name: str, data: bytes) -> None:
    end = data.rfind(b"%%EOF")
    if end == -1:
        raise _unreadable(name)
    if data[end + 5:].strip(_BLANK):
        raise _trailing(name)
    if _HTML.search(data):
        raise _two_formats(name)
    _refuse_names(name, data)
    budget = [MAX_PDF_INFLATED_BYTES]
    for match in _PDF_STREAM.finditer(data):
        _scan_stream(name, data, match.end(), budget, short_names=_may_hold_objects(data, match.start()))


def _refuse_names(name: str, text: bytes, *, short_names: bool = True) -> None:
    """Refuse a refused name in ``text``; ``short_names``: /JS too (followed by its script)."""
    for match in _PDF_NAME.finditer(text):
        word = _PDF_HEX.sub(lambda m: bytes([int(m[1], 16)]), match[1])
        if word in _PDF_REFUSED and (word != b"JS" or short_names and _JS_VALUE.match(text, match.end())):
            raise Refused(f"{name} was refused: {_PDF_REFUSED[word]}")


def _may_hold_objects(data: bytes, keyword_at: int) -> bool:
    """Whether the stream before this keyword may be an object stream (its dictionary, in the 4 KB before it,
    names /N and /First). In other streams (pictures, fonts) binary data could match the two letters of /JS by
    chance, so only the long names are looked for there; an action always says /S /JavaScript anyway."""
    names = {_PDF_HEX.sub(lambda m: bytes([int(m[1], 16)]), found[1])
             for found in _PDF_NAME.finditer(data, max(0, keyword_at - 4096), keyword_at)}
    return b"ObjStm" in names or {b"N", b"First"} <= names


def _scan_stream(name: str, data: bytes, start: int, budget: list[int], *, short_names: bool) -> None:
    """Inflate one stream in chunks, if it inflates, and look for refused names (the chunks overlapping)."""
    end = data.find(b"endstream", start)
    packed = data[start:end if end != -1 else len(data)]
    inflater = zlib.decompressobj()
    tail = b""
    while packed:
        try:
            out = inflater.decompress(packed, _CHUNK)
        except zlib.error:
            return  # not (or no longer) FlateDecode: a reader stops here too
        budget[0] -= len(out)
        if budget[0] < 0:
            raise Refused(f"{name} could not be checked: it unpacks to more than {MAX_PDF_INFLATED_BYTES // MB} MB")
        _refuse_names(name, tail + out, short_names=short_names)
        tail = out[-128:]
        if inflater.eof or not out and not inflater.unconsumed_tail:
            return
        packed = inflater.unconsumed_tail


# Images

def _png(name: str, data: bytes) -> bytes:
    """The PNG with only its picture chunks, or Refused for data after IEND or another format in a chunk."""
    kept, pos = [data[:8]], 8
    while True:
        if pos + 12 > len(data):
            raise _unreadable(name)
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise _unreadable(name)
        if kind not in (b"IDAT", b"fdAT") and _OTHER_FORMAT.search(data[pos + 8:end - 4]):
            raise _two_formats(name)
        if kind in _PNG_KEPT:
            kept.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            break
    if data[pos:]:
        raise _trailing(name)
    return b"".join(kept)


def _jpeg_segments(data: bytes):
    """(marker, start, end) of each segment outside the picture data, and where the image ends (after EOI);
    None if the bytes do not walk as a JPEG."""
    segments, pos = [], 2
    while True:
        if pos + 2 > len(data) or data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xD9:
            return segments, pos + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        if pos + 4 > len(data):
            return None
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        end = pos + 2 + length
        if length < 2 or end > len(data):
            return None
        segments.append((marker, pos, end))
        pos = end
        if marker == 0xDA:  # picture data follows, up to the next marker that is not a stuffed byte or restart
            while True:
                pos = data.find(b"\xff", pos)
                if pos == -1 or pos + 1 >= len(data):
                    return None
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    pos += 2
                elif following == 0xFF:
                    pos += 1
                else:
                    break


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    walked = _jpeg_segments(data)
    for marker, start, end in (walked[0] if walked else []):
        if marker in _SOF and end - start >= 9:
            height, width = struct.unpack(">HH", data[start + 5:start + 9])
            return width, height
    return None


def _jpeg(name: str, data: bytes) -> bytes:
    """The JPEG without its metadata segments (orientation kept), or Refused for data after EOI or another
    format in a segment."""
    walked = _jpeg_segments(data)
    if walked is None:
        raise _unreadable(name)
    segments, image_end = walked
    if _OTHER_FORMAT.search(data, image_end):
        raise _trailing(name)  # an archive, a web page or a program appended: a polyglot
    kept = [b"\xff\xd8"]
    scan_from = None
    for marker, start, end in segments:
        if _OTHER_FORMAT.search(data[start + 4:end]):
            raise _two_formats(name)
        if scan_from is not None:
            continue
        if marker == 0xDA:
            scan_from = start
        elif (not 0xE0 <= marker <= 0xEF and marker != 0xFE) or marker in _JPEG_KEPT_APP \
                or (marker == 0xE2 and data[start + 4:start + 16] == b"ICC_PROFILE\x00"):
            kept.append(data[start:end])
    if scan_from is None:
        raise _unreadable(name)
    orientation = _orientation(data)
    if orientation:
        kept.insert(2 if len(kept) > 1 and kept[1].startswith(b"\xff\xe0") else 1, _exif_segment(orientation))
    return b"".join(kept) + data[scan_from:image_end]  # anything else after the end (a phone's motion-photo
    # video, a maker's trailer) is dropped rather than refused: claimants' photos often carry one


def _orientation(data: bytes) -> int | None:
    """A photo's EXIF orientation other than upright (phones store pictures sideways and say so), or None."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            value = image.getexif().get(_ORIENTATION)
    except (OSError, ValueError, SyntaxError, struct.error):
        return None
    return value if isinstance(value, int) and 2 <= value <= 8 else None


def _exif_segment(orientation: int) -> bytes:
    """An APP1 segment holding only the orientation."""
    from PIL import Image

    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    body = exif.tobytes()
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


# Word

def check_docx(name: str, data: bytes) -> None:
    """A Word file (a zip that passed ``zipguard.check``) with no macros, no controls and nothing outside it."""
    _check_docx(name, data)


def _check_docx(name: str, data: bytes) -> None:
    """A zip that already passed ``zipguard.check``: its parts, content types and relationships."""
    eocd = data.rfind(b"PK\x05\x06")
    if eocd == -1 or len(data) < eocd + 22 or eocd + 22 + struct.unpack("<H", data[eocd + 20:eocd + 22])[0] \
            != len(data):
        raise _trailing(name)
    macros = Refused(f"{name} was refused: it contains macros or controls that run code. "
                     "Save it as a plain Word document (.docx) and upload that")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.infolist():
                lower = entry.filename.lower()
                if lower.rsplit("/", 1)[-1] in _MACRO_PARTS or "activex" in lower:
                    raise macros
                if lower == "[content_types].xml":
                    types = archive.read(entry).decode("utf-8", "replace")
                    if any(word in types for word in _MACRO_CONTENT):
                        raise macros
                elif lower.endswith(".rels"):
                    _check_relationships(name, archive, entry)
                elif lower.startswith("word/") and lower.endswith(".xml") and _fetching_field(archive, entry):
                    raise _external(name)
                elif _embedded_code(archive, entry):
                    raise macros
    except Refused:
        raise
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, KeyError):
        raise _unreadable(name) from None


def _external(name: str) -> Refused:
    return Refused(f"{name} was refused: it fetches something from outside the file when opened (an attached "
                   "template, a linked picture or object, a field). Save it as a new document and upload that")


def _fetching_field(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """A field in this part that fetches or runs something when the document opens or updates. A field's code
    may be split over several runs, so the part's field codes are joined before they are read."""
    text = archive.read(entry)
    pieces = [html.unescape(piece.decode("utf-8", "replace"))
              for piece in _FIELD_CODE.findall(text) + _SIMPLE_FIELD.findall(text)]
    return any(_FETCHING_FIELDS.search(joiner.join(pieces)) for joiner in ("", " "))


def _check_relationships(name: str, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    if entry.file_size > MAX_RELS_BYTES:
        raise _unreadable(name)
    text = archive.read(entry)
    if b"<!DOCTYPE" in text.upper() or b"<!ENTITY" in text.upper():
        raise _unreadable(name)
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        raise _unreadable(name) from None
    for item in root.iter():
        if not item.tag.endswith("Relationship"):
            continue
        if item.get("TargetMode", "").strip().lower() == "external" \
                and not item.get("Type", "").endswith(_HYPERLINK):
            raise _external(name)
        if item.get("Type", "").endswith(("/vbaProject", "/control", "/activeXControlBinary")):
            raise Refused(f"{name} was refused: it contains macros or controls that run code. "
                          "Save it as a plain Word document (.docx) and upload that")


def _embedded_code(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """An embedded object that carries macros, ActiveX, an equation (the Equation Editor exploit) or a packaged
    file (which could be any program): an OLE compound file, or an Office file inside (a macro workbook)."""
    if entry.is_dir() or entry.filename.lower().endswith((".xml", ".rels")):
        return False
    with archive.open(entry) as stream:
        head = stream.read(8)
    if head.startswith(b"PK\x03\x04"):  # zipguard checked it as an archive of its own, one level deep
        with zipfile.ZipFile(io.BytesIO(archive.read(entry))) as inner:
            return any(part.lower().rsplit("/", 1)[-1] in _MACRO_PARTS or "activex" in part.lower()
                       for part in inner.namelist())
    if head != _OLE_SIGNATURE:
        return False
    try:
        with olefile.OleFileIO(archive.read(entry)) as ole:
            names = {part.lower() for path in ole.listdir(streams=True, storages=True) for part in path}
    except (OSError, ValueError, IndexError, TypeError):
        return True
    return bool(names & _OLE_REFUSED)


# Antivirus

def scan_for_viruses(name: str, data: bytes, command: list[str] | None, *, timeout: float = 120) -> None:
    """Run the virus scanner on the bytes (given on its standard input) and fail closed.

    Exit 0 means clean and 1 a virus found (ClamAV's convention); anything else, a scanner that cannot be
    started or one that takes longer than ``timeout`` seconds refuses the file too. No scanner, no scan.
    """
    if not command:
        return
    try:
        result = subprocess.run(command, input=data, capture_output=True, timeout=timeout, check=False)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.error("virus scanner could not run: %s", type(exc).__name__)
        raise Refused(f"{name} could not be checked for viruses just now. Please try again later") from None
    if result.returncode == 1:
        log.warning("virus scanner refused an upload")
        raise Refused(f"{name} was refused: our virus scanner found something harmful in it")
    if result.returncode != 0:
        log.error("virus scanner failed with exit code %d", result.returncode)
        raise Refused(f"{name} could not be checked for viruses just now. Please try again later")
