"""Real evidence files made in memory: PDF, JPEG, PNG and Word, and some that only pretend to be."""
from __future__ import annotations

import io
import os
import struct
import zipfile
from functools import lru_cache

from PIL import Image

MB = 1024 * 1024
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
WORD_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>Letter from the council</w:t></w:r></w:p></w:body></w:document>")


def make_png(size: int = 16, noise: bool = False) -> bytes:
    image = Image.frombytes("RGB", (size, size), os.urandom(size * size * 3)) if noise else \
        Image.new("RGB", (size, size), (200, 30, 30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def make_jpg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (30, 30, 200)).save(out, format="JPEG")
    return out.getvalue()


def make_pdf(padding: int = 0) -> bytes:
    """A minimal valid one-page PDF with a correct cross-reference table; ``padding`` bytes of comment."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out = bytearray(b"%PDF-1.4\n")
    if padding:
        out += b"%" + b"x" * padding + b"\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _content_types(main: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>')


def make_docx(main: str = DOCX_MAIN, extra: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(main))
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org'
                         '/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org'
                         '/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                         '</Relationships>')
        archive.writestr("word/document.xml", WORD_XML)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def make_docm() -> bytes:
    return make_docx(DOCM_MAIN, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})


def make_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return out.getvalue()


EXE = (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
       + b"This program cannot be run in DOS mode")
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


# Zip bombs and other hostile archives, built here rather than stored. Parts are written in 1 MB
# blocks through ``ZipFile.open(..., "w")``, so building a bomb never holds its unpacked size in memory.
XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                           'package/2006/content-types"/>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook/>',
}


def make_archive(parts: dict[str, bytes | str], *, zeros: dict[str, int] | None = None,
                 compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``parts``, plus parts of ``zeros[name]`` MB of zero bytes (which pack about 1,000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        for name, megabytes in (zeros or {}).items():
            with archive.open(name, "w") as member:
                for _ in range(megabytes):
                    member.write(bytes(MB))
    return out.getvalue()


@lru_cache(maxsize=None)  # packing 200 MB takes seconds: each bomb is made once per test run
def make_docx_bomb(megabytes: int = 200) -> bytes:
    """A Word file whose document part unpacks to ``megabytes`` MB, and says so in its directory."""
    return make_archive({"[Content_Types].xml": _content_types(DOCX_MAIN)}, zeros={"word/document.xml": megabytes})


@lru_cache(maxsize=None)
def make_xlsx_bomb(megabytes: int = 200) -> bytes:
    """An Excel workbook whose first sheet unpacks to ``megabytes`` MB."""
    return make_archive(XLSX_PARTS, zeros={"xl/worksheets/sheet1.xml": megabytes})


def lie_about_size(archive: bytes, member: str, declared: int = 1000) -> bytes:
    """The same zip with ``member``'s unpacked size rewritten as ``declared`` in both its local header and
    the central directory (the CRC is left true, so only a reader that counts what it unpacks can tell)."""
    data = bytearray(archive)
    name = member.encode()
    local = _header(data, b"PK\x03\x04", name, 30, 26)
    central = _header(data, b"PK\x01\x02", name, 46, 28)
    data[local + 22:local + 26] = struct.pack("<I", declared)
    data[central + 24:central + 28] = struct.pack("<I", declared)
    return bytes(data)


def set_flag_bits(archive: bytes, member: str, bits: int) -> bytes:
    """The same zip with general-purpose flag ``bits`` set on ``member`` (0x1: encrypted)."""
    data = bytearray(archive)
    for signature, size, length_at, flags_at in ((b"PK\x03\x04", 30, 26, 6), (b"PK\x01\x02", 46, 28, 8)):
        start = _header(data, signature, member.encode(), size, length_at)
        data[start + flags_at:start + flags_at + 2] = struct.pack(
            "<H", struct.unpack("<H", data[start + flags_at:start + flags_at + 2])[0] | bits)
    return bytes(data)


def _header(data: bytearray, signature: bytes, name: bytes, fixed_size: int, name_length_at: int) -> int:
    """Where the header with this signature for the member called ``name`` starts."""
    start = data.find(signature)
    while start != -1:
        length = struct.unpack("<H", data[start + name_length_at:start + name_length_at + 2])[0]
        if data[start + fixed_size:start + fixed_size + length] == name:
            return start
        start = data.find(signature, start + 1)
    raise LookupError(name)


def make_docx_with_photos(photos: int = 3, side: int = 1000) -> bytes:
    """A real Word file (python-docx) holding ``photos`` photographs that do not compress (about 3 MB each)."""
    from docx import Document
    from docx.shared import Mm

    document = Document()
    document.add_paragraph("Photographs of the letter as it arrived.")
    for _ in range(photos):
        document.add_picture(io.BytesIO(make_png(side, noise=True)), width=Mm(120))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
