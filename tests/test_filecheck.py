"""What an upload may not hide (claims/filecheck.py through claims.evidence.check_upload): macros, external
links, JavaScript, a second format, data after the end, a pixel flood; image metadata dropped when stored."""
from __future__ import annotations

import io

import pytest
from PIL import ExifTags, Image

from claims import evidence, filecheck
from tests.sample_files import (
    HTML, make_docx, make_docx_activex, make_docx_ddeauto, make_docx_external_image, make_docx_external_template,
    make_docx_hidden_macros, make_docx_include_picture, make_docx_with_hyperlink, make_docx_with_hyperlink_field,
    make_jpg, make_jpg_with_gps, make_jpg_with_html_comment, make_jpg_zip_polyglot, make_pdf, make_pdf_embedded_file,
    make_pdf_encrypted, make_pdf_hex_escaped_js, make_pdf_html_polyglot, make_pdf_js_in_object_stream,
    make_pdf_launch, make_pdf_open_action_js, make_pdf_page_aa_js, make_pdf_with_text, make_png, make_png_flood,
    make_png_with_html, make_png_with_text, make_zip, set_jpeg_size,
)

MACROS = "was refused: it contains macros or controls that run code. Save it as a plain Word document (.docx)"
EXTERNAL = "was refused: it fetches something from outside the file when opened"
JAVASCRIPT = "was refused: it contains JavaScript"
TWO_FORMATS = "was refused: it holds another kind of file as well (a web page, an archive or a program)"
AFTER_END = "was refused: it has data after its end"

REFUSED = [
    ("docx hidden vbaProject.bin", "letter.docx", make_docx_hidden_macros, MACROS),
    ("docx ActiveX control", "letter.docx", make_docx_activex, MACROS),
    ("docx external attached template", "letter.docx", make_docx_external_template, EXTERNAL),
    ("docx external image and OLE object", "letter.docx", make_docx_external_image, EXTERNAL),
    ("docx INCLUDEPICTURE field", "letter.docx", make_docx_include_picture, EXTERNAL),
    ("docx DDEAUTO field split over runs", "letter.docx", make_docx_ddeauto, EXTERNAL),
    ("docx with data after the zip", "letter.docx", lambda: make_docx() + HTML, AFTER_END),
    ("pdf OpenAction JavaScript", "letter.pdf", make_pdf_open_action_js, JAVASCRIPT),
    ("pdf page AA JS", "letter.pdf", make_pdf_page_aa_js, JAVASCRIPT),
    ("pdf hex-escaped /J#61vaScript", "letter.pdf", make_pdf_hex_escaped_js, JAVASCRIPT),
    ("pdf JavaScript in an object stream", "letter.pdf", make_pdf_js_in_object_stream, JAVASCRIPT),
    ("pdf Launch", "letter.pdf", make_pdf_launch, "was refused: it can start another program"),
    ("pdf EmbeddedFile", "letter.pdf", make_pdf_embedded_file, "was refused: it has other files inside it"),
    ("pdf encrypted", "letter.pdf", make_pdf_encrypted, "was refused: it is encrypted or password-protected"),
    ("pdf+html polyglot", "letter.pdf", make_pdf_html_polyglot, TWO_FORMATS),
    ("pdf+zip after %%EOF", "letter.pdf", lambda: make_pdf() + make_zip(), AFTER_END),
    ("png+html in a text chunk", "photo.png", make_png_with_html, TWO_FORMATS),
    ("png+html after IEND", "photo.png", lambda: make_png() + HTML, AFTER_END),
    ("jpeg+zip after EOI", "photo.jpg", make_jpg_zip_polyglot, AFTER_END),
    ("jpeg+html in a comment", "photo.jpg", make_jpg_with_html_comment, TWO_FORMATS),
    ("png 10,000 x 10,000", "scan.png", make_png_flood,
     "scan.png is too large a picture (10,000 × 10,000 pixels). Send a picture of at most 50 megapixels"),
    ("jpeg header 10,000 x 10,000", "scan.jpg", lambda: set_jpeg_size(make_jpg(), 10_000, 10_000),
     "scan.jpg is too large a picture (10,000 × 10,000 pixels)"),
]


@pytest.mark.parametrize("name, make, message", [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_file_hiding_something_is_refused_by_name(name, make, message):
    with pytest.raises(evidence.RejectedFile) as refused:
        evidence.check_upload(name, make(), max_bytes=10 * 1024 * 1024)
    assert str(refused.value).startswith(f"{name} {message}" if message.startswith("was") else message)


@pytest.mark.parametrize("make", [make_pdf, make_pdf_with_text, make_docx, make_docx_with_hyperlink,
                                  make_docx_with_hyperlink_field, make_png, make_jpg])
def test_clean_files_are_accepted_and_stored_unchanged(make):
    content = make()
    assert evidence.check_upload("file", content, max_bytes=10 * 1024 * 1024).data == content


def test_the_pdf_check_reads_names_inside_compressed_streams():
    """The object-stream sample hides its action from a scan of the raw file: only inflating finds it."""
    content = make_pdf_js_in_object_stream()
    assert b"JavaScript" not in content and b"/JS" not in content
    with pytest.raises(filecheck.Refused, match="JavaScript"):
        filecheck.inspect("x.pdf", filecheck.PDF, content)


def test_a_pixel_flood_is_refused_from_the_header_without_opening_the_picture(monkeypatch):
    def never(*_args, **_kwargs):
        raise AssertionError("the picture was opened")
    monkeypatch.setattr(Image, "open", never)
    with pytest.raises(evidence.RejectedFile, match="too large a picture"):
        evidence.check_upload("scan.png", make_png_flood(), max_bytes=10 * 1024 * 1024)


def test_a_photo_keeps_its_picture_and_orientation_but_not_where_it_was_taken():
    content = make_jpg_with_gps(orientation=6)
    with Image.open(io.BytesIO(content)) as before:
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the sample really holds a location
    stored = evidence.check_upload("photo.jpg", content, max_bytes=10 * 1024 * 1024).data
    assert b"PhoneMaker" not in stored and b"Alex's flat" not in stored and len(stored) < len(content)
    with Image.open(io.BytesIO(stored)) as after:
        exif = after.getexif()
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {} and ExifTags.Base.Make not in exif
        assert exif.get(ExifTags.Base.Orientation) == 6 and after.size == (32, 16)
        after.load()
    with Image.open(io.BytesIO(stored)) as a, Image.open(io.BytesIO(content)) as b:
        assert a.tobytes() == b.tobytes()  # the same picture: not re-encoded


def test_a_png_loses_its_text_but_not_its_pixels():
    content = make_png_with_text()
    stored = evidence.check_upload("photo.png", content, max_bytes=10 * 1024 * 1024).data
    assert b"Acacia" in content and b"Acacia" not in stored
    with Image.open(io.BytesIO(stored)) as a, Image.open(io.BytesIO(make_png())) as b:
        assert a.tobytes() == b.tobytes()


def test_a_plain_photo_has_no_exif_added():
    stored = evidence.check_upload("photo.jpg", make_jpg_with_gps(orientation=1), max_bytes=10 * 1024 * 1024).data
    assert b"Exif" not in stored


def test_a_phones_motion_photo_video_after_the_picture_is_dropped_not_refused():
    video = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x08free" * 50
    stored = evidence.check_upload("photo.jpg", make_jpg() + video, max_bytes=10 * 1024 * 1024).data
    assert stored == make_jpg()


@pytest.mark.parametrize("streams, storages", [
    ({"\x01Ole10Native": b"\x10\x00\x00\x00invoice.exe\x00MZ"}, ()),  # a packaged file: could be any program
    ({"Equation Native": b"\x1c\x00"}, ()),  # the Equation Editor, exploited by CVE-2017-11882
    ({"CompObj": b"\x01\x00"}, ("Macros",)),
])
def test_a_word_file_with_an_embedded_object_that_runs_code_is_refused(streams, storages):
    from tests.work.mail_files import make_compound_file

    content = make_docx(extra={"word/embeddings/oleObject1.bin": make_compound_file(streams, storages=storages)})
    with pytest.raises(evidence.RejectedFile, match="contains macros or controls that run code"):
        evidence.check_upload("letter.docx", content, max_bytes=10 * 1024 * 1024)


def test_a_word_file_with_a_macro_workbook_embedded_is_refused():
    workbook = make_docx(extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 VBA"})
    content = make_docx(extra={"word/embeddings/Microsoft_Excel_Worksheet.xlsm": workbook})
    with pytest.raises(evidence.RejectedFile, match="contains macros or controls that run code"):
        evidence.check_upload("letter.docx", content, max_bytes=10 * 1024 * 1024)


def test_a_letter_template_with_an_external_template_is_refused():
    from claims import word

    [problem] = word.check_file(make_docx_external_template())
    assert problem.kind == "unsafe_file" and "fetches something from outside the file" in problem.message
    assert word.check_file(make_docx()) == []


def test_a_scanner_that_takes_too_long_refuses_the_file():
    import sys

    slow = [sys.executable, "-c", "import sys, time; sys.stdin.buffer.read(); time.sleep(30)"]
    with pytest.raises(filecheck.Refused, match="could not be checked for viruses just now"):
        filecheck.scan_for_viruses("letter.pdf", make_pdf(), slow, timeout=0.5)
