"""Benchmark letters: documents per second, single and bulk, against bare docxtpl on the same template.

Usage: .venv/bin/python scripts/bench_letters.py [--claims 100000] [--letters 200]
(with DATABASE_URL=postgresql://… on a new database on that server, dropped afterwards;
otherwise on a SQLite file in a temporary directory).

Seeds N demo claims (the database a firm would have), signs the CFA on ``--letters`` claims
against the busiest defendant, then times, for the letter of claim template:
  (a) bare docxtpl: DocxTemplate(...).render(context) and save, the context already built;
  (b) our renderer on the same context (sandboxed Jinja, escaping finalize, strict names);
  (c) one letter end to end as a solicitor makes it: rules, context from the database,
      render, file written, version row, status move, key date, audit, commit;
  (d) the bulk job over every signed claim (one transaction per claim, then the zip).
Prints documents per second and our overhead as a ratio to (a).
"""
from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from datetime import date
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docxtpl import DocxTemplate  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from claims.app import create_app, word  # noqa: E402
from claims.extensions import db  # noqa: E402
from claims.letters import agreements, bulk, documents, service, templates  # noqa: E402
from claims.letters.context import default_terms, letter_context  # noqa: E402
from claims.firm import firm_settings  # noqa: E402
from claims.models import Claim, User  # noqa: E402
from claims.models._types import utcnow  # noqa: E402
from tests.scratch_db import scratch_database  # noqa: E402

TODAY = date(2026, 11, 23)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--letters", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="breach-bench-letters-") as workdir:
        with scratch_database(os.environ.get("DATABASE_URL", ""), Path(workdir), "breach_bench_letters") as url:
            app = create_app({"SECRET_KEY": secrets.token_hex(16), "SQLALCHEMY_DATABASE_URI": url,
                              "EVIDENCE_DIR": f"{workdir}/evidence", "DOCUMENTS_DIR": f"{workdir}/documents",
                              "DEMO_CREDENTIALS_FILE": f"{workdir}/demo-credentials.txt"})
            from claims.jobs import huey

            huey.immediate = True  # the bulk job runs in this process, so its time is measured
            with app.app_context():
                run(app, args)
                db.session.remove()
                db.engine.dispose()


def run(app, args) -> None:
    from flask_migrate import upgrade

    upgrade()
    started = time.perf_counter()
    for command in (["load-register"], ["seed-demo", "--claims", str(args.claims), "--seed", "1"]):
        result = app.test_cli_runner().invoke(args=command)
        if result.exit_code:
            raise SystemExit(result.output)
    print(f"{db.engine.dialect.name}: seeded {db.session.scalar(select(func.count(Claim.id))):,} claims "
          f"in {time.perf_counter() - started:.0f} s")
    author = db.session.scalar(select(User).where(User.role == "solicitor").limit(1))
    defendant = db.session.execute(select(Claim.defendant_name, func.count()).group_by(Claim.defendant_name)
                                   .order_by(func.count().desc()).limit(1)).first()[0]
    claims = db.session.scalars(select(Claim).where(Claim.defendant_name == defendant)
                                .order_by(Claim.id).limit(args.letters * 2)).all()
    signed, spare = claims[:args.letters], claims[args.letters:]
    for claim in signed:  # signed CFAs, as the claimants would have left them
        claim.status = "cfa_signed"
        terms = default_terms(firm_settings(), 67)
        document = documents.make(claim, "client_care_cfa", by=author, today=TODAY, terms=terms, prospects=60)
        agreement, _token = agreements.create(claim, document, terms, prospects=60, success_fee_reason=None,
                                              by=author, today=TODAY)
        agreement.signed_at, agreement.signed_name = utcnow(), "Bench"
    db.session.commit()

    template = templates.active("letter_of_claim")
    context = letter_context(signed[0], "letter_of_claim", firm=firm_settings(), today=TODAY)
    repeats = 50

    def bare():
        document = DocxTemplate(BytesIO(template.content))
        document.render(context, autoescape=True)
        document.save(BytesIO())

    bare_rate = rate(bare, repeats)
    ours_rate = rate(lambda: word.render(template.content, context), repeats)
    for claim in spare:
        claim.status = "cfa_signed"
    db.session.commit()
    queue = iter(spare)

    def single():
        claim = next(queue)
        service.generate(claim, "letter_of_claim", by=author, today=TODAY, override_reason="benchmark")
        db.session.commit()

    author.role = "partner"  # the override lets unsigned spare claims take a letter of claim
    single_rate = rate(single, min(repeats, len(spare) - 1))
    started = time.perf_counter()
    job = bulk.start(defendant, by=author)
    seconds = time.perf_counter() - started
    assert job is not None and job.done == len(signed), (job and job.done, job and job.failures)
    bulk_rate = job.done / seconds
    print(f"template: letters/letter-of-claim.docx, {len(template.content) / 1024:.0f} KB")
    rows = [("(a) bare docxtpl render + save", bare_rate), ("(b) our renderer (sandbox, escaping, strict)", ours_rate),
            ("(c) one letter end to end (context from DB, store, status, key date, audit)", single_rate),
            (f"(d) bulk job, {job.done} letters + zip", bulk_rate)]
    print("| measurement | documents/s | ms/document | time vs bare docxtpl |\n|---|---|---|---|")
    for label, value in rows:
        print(f"| {label} | {value:.1f} | {1000 / value:.1f} | {bare_rate / value:.2f}× |")


def rate(function, repeats: int) -> float:
    function()  # warm-up
    started = time.perf_counter()
    for _ in range(repeats):
        function()
    return repeats / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
