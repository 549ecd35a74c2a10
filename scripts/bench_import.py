"""Benchmark: import 10,000 claimants for one incident through the real page (/staff/incidents/<id>/import).

Usage: .venv/bin/python scripts/bench_import.py [--rows 10000] [--claims 2000] [--format csv|xlsx]
(with DATABASE_URL=postgresql://… on a new database on that server, dropped afterwards; otherwise on a SQLite
file in a temporary directory).

Migrates, loads the register, seeds ``--claims`` demo claims (so the duplicate check reads a real table), then
posts a file of ``--rows`` valid claimants as a signed-in solicitor through the Flask test client and times the
request end to end: reading and checking every row, the duplicate checks in the file and the database, a draft
and a sealed email in the outbox per claimant, the audit and the commit. The target is under a minute.
"""
from __future__ import annotations

import argparse
import io
import os
import secrets
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.pop("REDIS_URL", None)
os.environ["HUEY_SQLITE_PATH"] = str(Path(tempfile.gettempdir()) / f"breach-bench-import-jobs-{os.getpid()}.db")

from sqlalchemy import func, select  # noqa: E402

from claims.app import create_app  # noqa: E402
from claims.auth.passwords import hash_password  # noqa: E402
from claims.extensions import db  # noqa: E402
from claims.models import Claim, Incident, IntakeDraft, OutboxMessage, User  # noqa: E402
from claims.register.importing import COLUMNS  # noqa: E402
from tests.scratch_db import scratch_database  # noqa: E402


def rows_file(count: int, kind: str) -> bytes:
    header = list(COLUMNS)
    rows = [[f"First{i}", f"Last{i}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1950 + i % 50}", f"claimant{i}@example.com",
             "07700 900982", f"{i} High Street", "", "Plymouth", "PL1 2AB"] for i in range(count)]
    if kind == "csv":
        return "\n".join(",".join(row) for row in [header, *rows]).encode()
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=2_000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="breach-bench-import-") as workdir:
        with scratch_database(os.environ.get("DATABASE_URL", ""), Path(workdir), "breach_bench_import") as url:
            app = create_app({"SECRET_KEY": secrets.token_hex(16), "SQLALCHEMY_DATABASE_URI": url,
                              "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                              "EVIDENCE_DIR": f"{workdir}/evidence", "DOCUMENTS_DIR": f"{workdir}/documents",
                              "DEMO_CREDENTIALS_FILE": f"{workdir}/demo-credentials.txt", "MAX_REQUEST_MB": 45})
            with app.app_context():
                run(app, args)
                db.session.remove()
                db.engine.dispose()


def run(app, args) -> None:
    from flask_migrate import upgrade

    upgrade()
    for command in (["load-register"], ["seed-demo", "--claims", str(args.claims), "--seed", "1"]):
        result = app.test_cli_runner().invoke(args=command)
        if result.exit_code:
            raise SystemExit(result.output)
    incident = db.session.scalar(select(Incident).order_by(Incident.id).limit(1))
    user = User(email="bench-import@firm.example.com", full_name="Bench Import", role="solicitor",
                password_hash=hash_password("benchmark-password-1"), active=True)
    db.session.add(user)
    db.session.commit()
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": user.email, "password": "benchmark-password-1"})
    content = rows_file(args.rows, args.format)
    started = time.perf_counter()
    response = client.post(f"/staff/incidents/{incident.id}/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(content), f"claimants.{args.format}")})
    elapsed = time.perf_counter() - started
    drafts = db.session.scalar(select(func.count(IntakeDraft.id)).where(IntakeDraft.incident_id == incident.id))
    mails = db.session.scalar(select(func.count(OutboxMessage.id)))
    claims = db.session.scalar(select(func.count(Claim.id)))
    assert response.status_code == 200 and drafts == args.rows, (response.status_code, drafts)
    print(f"{db.engine.dialect.name}, {claims:,} claims in the database: imported {args.rows:,} claimants from a "
          f"{len(content) / 1024:,.0f} KB {args.format} in {elapsed:.1f} s ({args.rows / elapsed:,.0f} rows/s); "
          f"{drafts:,} drafts, {mails:,} emails queued")


if __name__ == "__main__":
    main()
