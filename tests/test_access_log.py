"""The gunicorn access log (gunicorn.conf.py): a request cannot write a line of its own making.

A real gunicorn runs with the repository's config on a port the system picks, serving a tiny WSGI
app, and the access log it writes is read back.
"""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import pytest

from claims.config import PROJECT_ROOT


def _hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]


@pytest.fixture
def gunicorn(tmp_path):
    """(host, port, access log path) of a gunicorn started with gunicorn.conf.py."""
    access, errors = tmp_path / "access.log", tmp_path / "error.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(PROJECT_ROOT / "gunicorn.conf.py"), "--bind", "127.0.0.1:0",
         "--workers", "1", "--access-logfile", str(access), "--error-logfile", str(errors),
         "tests.test_access_log:_hello"], cwd=PROJECT_ROOT)
    try:
        deadline = time.monotonic() + 20
        while not (found := re.search(r"Listening at: http://127\.0\.0\.1:(\d+)",
                                      errors.read_text() if errors.exists() else "")):
            assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
        while "Booting worker" not in errors.read_text():
            assert time.monotonic() < deadline, "no worker"
            time.sleep(0.1)
        yield "127.0.0.1", int(found[1]), access
    finally:
        process.terminate()
        process.wait(timeout=20)


def _request(host: str, port: int, target: str, headers: str = "") -> bytes:
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n{headers}Connection: close\r\n\r\n".encode("latin-1"))
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    return reply


def _lines_after(access, count: int, deadline: float = 10) -> list[str]:
    end = time.monotonic() + deadline
    while len(lines := access.read_text().splitlines()) < count and time.monotonic() < end:
        time.sleep(0.05)
    time.sleep(0.2)  # anything more would show now
    return access.read_text().splitlines()


def test_an_encoded_line_break_in_the_path_stays_on_one_line(gunicorn):
    host, port, access = gunicorn
    forged = '127.0.0.1 [01/Dec/2026:09:00:00 +0000] "GET /staff/admin HTTP/1.1" 200 5 0.001s'
    target = "/claim/%0d%0a" + quote(forged, safe="/:") + "%0a?t=secret"
    assert _request(host, port, target).startswith(b"HTTP/1.1 200")
    assert _request(host, port, "/next").startswith(b"HTTP/1.1 200")
    [first, second] = _lines_after(access, 2)
    assert "/claim/\\x0d\\x0a127.0.0.1" in first and first.endswith("s") and "secret" not in first
    assert not any(line.startswith(forged) for line in (first, second))
    assert '"GET /next HTTP/1.1" 200' in second


def test_a_backslash_cannot_fake_an_escape(gunicorn):
    host, port, access = gunicorn
    assert _request(host, port, "/a%5Cx0a%0Ab").startswith(b"HTTP/1.1 200")
    [line] = _lines_after(access, 1)
    assert "/a\\\\x0a\\x0ab" in line
