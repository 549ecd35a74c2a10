"""The zip guard: real Word and Excel files pass; bombs, lies, nesting, unsafe names and encryption are
refused by name; memory stays far below what a bomb would unpack to."""
from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from functools import lru_cache

import pytest

from claims import zipguard
from tests.sample_files import (
    MB, lie_about_size, make_archive, make_docx, make_docx_bomb, make_docx_with_photos, make_zip,
    set_flag_bits,
)


@lru_cache(maxsize=None)
def lying_bomb() -> bytes:
    """200 MB of zeros packed to well under 1 MB, whose directory says the part is 1,000 bytes."""
    return lie_about_size(make_docx_bomb(), "word/document.xml")


def refusal(data: bytes, **limits) -> str:
    with pytest.raises(zipguard.Refused) as refused:
        zipguard.check(data, "statement.docx", **limits)
    return str(refused.value)


def peak_bytes_while(action) -> int:
    tracemalloc.start()
    try:
        action()
    except zipguard.Refused:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_a_real_word_file_passes_with_its_parts_measured():
    members = zipguard.check(make_docx(), "statement.docx")
    assert [m.name for m in members] == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
    with zipfile.ZipFile(io.BytesIO(make_docx())) as archive:
        assert [m.size for m in members] == [i.file_size for i in archive.infolist()]


def test_a_ten_megabyte_word_file_of_photographs_passes():
    data = make_docx_with_photos()
    assert 8 * MB < len(data) < 10 * MB
    assert sum(m.size for m in zipguard.check(data, "photos.docx")) > 8 * MB


def test_an_honest_bomb_is_refused_from_its_directory():
    bomb = make_docx_bomb()
    assert len(bomb) < MB
    assert refusal(bomb) == "statement.docx could not be checked: it unpacks to more than 100 MB"


def test_a_bomb_whose_directory_lies_is_refused_by_counting_and_memory_stays_small():
    bomb = lying_bomb()
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1000  # the lie
    assert refusal(bomb) == "statement.docx could not be checked: it unpacks to more than 100 MB"
    assert peak_bytes_while(lambda: zipguard.check(bomb, "statement.docx")) < 2 * MB


def test_reading_stops_at_the_cap_even_when_the_ratio_looks_normal():
    incompressible = make_archive({"word/document.xml": os.urandom(3 * MB)}, compression=zipfile.ZIP_STORED)
    lying = lie_about_size(incompressible, "word/document.xml")
    assert refusal(lying, max_unpacked_bytes=2 * MB) == \
        "statement.docx could not be checked: it unpacks to more than 2 MB"
    assert peak_bytes_while(lambda: zipguard.check(lying, "x", max_unpacked_bytes=2 * MB)) < 5 * MB + 512 * 1024


def test_a_part_that_is_smaller_than_declared_is_refused():
    honest = make_archive({"word/document.xml": "<w:document/>" * 100})
    assert refusal(lie_about_size(honest, "word/document.xml", declared=5000)) == \
        "statement.docx could not be checked: its parts are not the sizes it declares"


def test_a_part_that_packs_too_well_is_refused_even_within_the_size_limit():
    assert refusal(make_archive({}, zeros={"word/document.xml": 20})) == \
        "statement.docx could not be checked: it unpacks to more than 100 MB"


def test_too_many_parts_are_refused():
    parts = {f"word/media/image{n}.png": b"x" for n in range(zipguard.MAX_MEMBERS + 1)}
    assert refusal(make_archive(parts)) == "statement.docx could not be checked: it has more than 1,000 parts"


def test_an_archive_inside_is_refused_unless_it_is_an_embedded_object():
    inner = make_zip()
    assert refusal(make_archive({"word/document.xml": "<w:document/>", "word/media/extra.bin": inner})) == \
        "statement.docx could not be checked: it contains another archive"
    chart = make_archive({"xl/workbook.xml": "<workbook/>"})
    members = zipguard.check(make_archive({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": chart}), "chart.docx")
    assert [m.name for m in members] == ["word/embeddings/Microsoft_Excel_Worksheet.xlsx"]


def test_an_embedded_object_is_checked_too_and_may_not_nest_further():
    bomb = make_archive({"word/embeddings/sheet.xlsx": make_docx_bomb()})
    assert refusal(bomb) == "statement.docx could not be checked: it unpacks to more than 100 MB"
    nested = make_archive({"word/embeddings/sheet.xlsx": make_archive({"inner.zip": make_zip()})})
    assert refusal(nested) == "statement.docx could not be checked: it contains another archive"


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "C:/Windows/evil.dll", "word/../../x.xml"])
def test_unsafe_part_names_are_refused(name):
    info = zipfile.ZipInfo("placeholder")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        info.filename = info.orig_filename = name
        archive.writestr(info, "x")
    assert refusal(out.getvalue()) == \
        "statement.docx could not be checked: it contains a part with an unsafe name"


def test_repeated_part_names_are_refused():
    out = io.BytesIO()
    with pytest.warns(UserWarning), zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<a/>")
        archive.writestr("word/document.xml", "<b/>")
    assert refusal(out.getvalue()) == "statement.docx could not be checked: it contains a part with an unsafe name"


def test_an_encrypted_part_is_refused():
    data = set_flag_bits(make_docx(), "word/document.xml", 0x1)
    assert refusal(data) == ("statement.docx could not be checked: it is password-protected. "
                             "Save it without a password")


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_compression_office_does_not_use_is_refused(compression):
    data = make_archive({"word/document.xml": "<w:document/>"}, compression=compression)
    with pytest.raises(zipguard.Refused) as refused:
        zipguard.check(data, "statement.docx")
    assert not isinstance(refused.value, zipguard.Unreadable)
    assert "packed in a way Word and Excel do not use" in str(refused.value)


def test_a_tiny_bzip2_bomb_posing_as_word_is_refused_before_anything_unpacks_it():
    """745 bytes of bzip2 that unpack to 800 MB once grew a worker by 800 MB and passed as a .docx."""
    from claims import evidence

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as archive:
        with archive.open("[Content_Types].xml", "w") as member:
            for _ in range(50):
                member.write(bytes(MB))
        archive.writestr("word/document.xml", "<w:document/>")
    data = out.getvalue()
    assert len(data) < 5_000
    peak = peak_bytes_while(lambda: pytest.raises(evidence.RejectedFile, evidence.check_upload, "statement.docx",
                                                  data, max_bytes=10 * MB))
    assert peak < 20 * MB


@pytest.mark.parametrize("data", [b"PK\x03\x04 not really a zip", b"", b"%PDF-1.4", make_docx()[:-30]])
def test_bytes_that_are_not_a_readable_zip_are_unreadable(data):
    with pytest.raises(zipguard.Unreadable) as refused:
        zipguard.check(data, "statement.docx")
    assert str(refused.value) == "statement.docx could not be checked: it is not a complete, readable file"


def test_a_real_workbook_passes():
    from tests.valuation.conftest import curated_rows, xlsx_bytes

    members = zipguard.check(xlsx_bytes(curated_rows()), "precedents.xlsx")
    assert "xl/workbook.xml" in [m.name for m in members]
