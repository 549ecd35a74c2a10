"""PDF copies of generated documents, made by LibreOffice headless when it is installed.

Each conversion runs in its own temporary directory with its own LibreOffice profile, so
two conversions at once do not fight over a profile lock, and nothing is left behind.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from flask import current_app

TIMEOUT_SECONDS = 120


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed here, or it failed to convert the document."""


def soffice_path() -> str | None:
    """The LibreOffice program: the SOFFICE setting, else soffice or libreoffice on PATH."""
    configured = current_app.config.get("SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(data: bytes) -> bytes:
    """The PDF of a .docx (raises PdfUnavailable)."""
    program = soffice_path()
    if program is None:
        raise PdfUnavailable("LibreOffice is not installed on this server")
    with tempfile.TemporaryDirectory(prefix="breach-pdf-") as work:
        folder = Path(work)
        (folder / "document.docx").write_bytes(data)
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder), str(folder / "document.docx")]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS, cwd=folder)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise PdfUnavailable(f"LibreOffice could not convert the document ({type(exc).__name__})") from exc
        output = folder / "document.pdf"
        if not output.exists() or not output.read_bytes().startswith(b"%PDF"):
            raise PdfUnavailable("LibreOffice produced no PDF")
        return output.read_bytes()
