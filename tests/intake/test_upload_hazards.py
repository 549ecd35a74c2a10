"""Uploads that hide something, too many files, and the virus scanner, through the claim form: each refused by
name with nothing of it stored and the rest of the claim kept; a photo stored without where it was taken."""
from __future__ import annotations

import hashlib
import io
import stat
import sys
from pathlib import Path

import pytest
from PIL import ExifTags, Image
from sqlalchemy import select

from claims.extensions import db
from claims.models import EvidenceFile, IntakeDraft
from tests.intake.test_uploads import _errors, _files_in, _stored
from tests.claimant import Claimant
from tests.sample_files import eicar, make_jpg_with_gps, make_pdf, make_pdf_with_eicar, make_png
from tests.test_filecheck import REFUSED


@pytest.fixture
def claimant(client):
    claimant = Claimant(client)
    claimant.start()
    claimant.answer_ok("about-you")
    return claimant


def _answers_kept() -> bool:
    return db.session.scalars(select(IntakeDraft)).one().answers["about-you"]["first_name"] == "Alex"


@pytest.mark.parametrize("name, make, message", [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_file_hiding_something_is_refused_and_nothing_of_it_is_stored(app, claimant, name, make, message):
    response = claimant.upload(("earlier.pdf", make_pdf()), (name, make()))
    assert response.status_code == 200
    [error] = _errors(response)
    assert error.startswith(f"{name} {message}" if message.startswith("was") else message)
    [kept] = _stored()
    assert kept.original_name == "earlier.pdf"
    assert _files_in(app.config["EVIDENCE_DIR"]) == [Path(app.config["EVIDENCE_DIR"]) / kept.stored_name]
    assert _answers_kept()


def test_a_photo_is_stored_without_its_location_and_described_as_stored(app, claimant):
    content = make_jpg_with_gps()
    assert claimant.upload(("flat.jpg", content)).status_code == 302
    [item] = _stored()
    stored = (Path(app.config["EVIDENCE_DIR"]) / item.stored_name).read_bytes()
    assert stored != content and b"PhoneMaker" not in stored
    assert (item.size_bytes, item.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())
    with Image.open(io.BytesIO(stored)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}


def test_nine_hundred_files_in_one_request_are_refused_and_none_stored(claimant):
    png = make_png()
    response = claimant.upload(*[(f"photo{n}.png", png) for n in range(900)])
    assert response.status_code == 200
    assert _errors(response) == ["You chose 900 files: upload at most 20 at a time"]
    assert _stored() == [] and _answers_kept()


def test_a_claim_holds_at_most_its_limit_of_files(app, claimant):
    app.config["MAX_FILES_PER_CLAIM"] = 3
    assert claimant.upload(("one.png", make_png()), ("two.png", make_png())).status_code == 302
    response = claimant.upload(("three.png", make_png()), ("four.png", make_png()))
    assert _errors(response) == ["A claim can have at most 3 files: you can add 1 more"]
    assert [f.original_name for f in _stored()] == ["one.png", "two.png"]
    assert claimant.upload(("three.png", make_png())).status_code == 302
    full = claimant.upload(("four.png", make_png()))
    assert _errors(full) == ["A claim can have at most 3 files: remove one before adding another"]
    assert len(_stored()) == 3


def fake_scanner(directory: Path, exit_code: int | None = None) -> list[str]:
    """A stand-in for ``clamdscan --no-summary -``: reads the file on standard input and exits 1 for the EICAR
    test string (0 otherwise), or always ``exit_code``."""
    script = directory / "fake-clamdscan"
    script.write_text(
        f"#!{sys.executable}\nimport sys\ndata = sys.stdin.buffer.read()\n"
        + (f"sys.exit({exit_code})\n" if exit_code is not None else
           f"if {eicar()!r} in data:\n    print('stdin: Eicar-Signature FOUND')\n    sys.exit(1)\n"
           "print('stdin: OK')\n"))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return [str(script), "--no-summary", "-"]


def test_a_file_the_virus_scanner_flags_is_refused_and_a_clean_one_kept(app, claimant, tmp_path):
    app.config["CLAMAV_COMMAND"] = fake_scanner(tmp_path)
    response = claimant.upload(("report.pdf", make_pdf_with_eicar()), ("letter.pdf", make_pdf()))
    assert _errors(response) == ["report.pdf was refused: our virus scanner found something harmful in it"]
    assert [f.original_name for f in _stored()] == ["letter.pdf"] and _answers_kept()


@pytest.mark.parametrize("broken", ["fails", "missing"])
def test_a_scanner_that_fails_refuses_the_file(app, claimant, tmp_path, broken):
    """Fail closed: a clean file is not stored while the scanner cannot say it is clean."""
    app.config["CLAMAV_COMMAND"] = fake_scanner(tmp_path, exit_code=2) if broken == "fails" \
        else [str(tmp_path / "no-such-scanner"), "-"]
    response = claimant.upload(("letter.pdf", make_pdf()))
    assert _errors(response) == ["letter.pdf could not be checked for viruses just now. Please try again later"]
    assert _stored() == [] and _answers_kept()


def test_without_a_scanner_the_test_string_is_only_checked_by_content(app, claimant):
    app.config["CLAMAV_COMMAND"] = None
    assert claimant.upload(("report.pdf", make_pdf_with_eicar())).status_code == 302
    assert [f.original_name for f in db.session.scalars(select(EvidenceFile))] == ["report.pdf"]
