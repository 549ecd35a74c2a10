"""Benchmark: seed a fresh database with 100,000 demo claims, then time the busiest pages in-process.

Run it with ``bash scripts/benchmark.sh [--claims N] [--requests N]``. The database is a
SQLite file in a temporary directory, or, when DATABASE_URL points at a PostgreSQL server,
a new database on that server that is dropped afterwards. Requests go through the Flask
test client (no web server, no network), so the figures are the app's own time: routing,
sessions, queries and templates. Results go to stdout and ``benchmark-results/latest.md``.
"""
from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make `claims` and `tests.journey` importable
# Jobs queued by the timed submissions (the acknowledgement letter) go to a throwaway queue, never
# to the instance's own, where a worker would run them against the real database.
os.environ.pop("REDIS_URL", None)
os.environ["HUEY_SQLITE_PATH"] = str(Path(tempfile.gettempdir()) / f"breach-benchmark-jobs-{os.getpid()}.db")

from sqlalchemy import event, func, select, text  # noqa: E402

from claims.app import create_app  # noqa: E402
from claims.cases.queries import PAGE_SIZE, list_submitted_claims  # noqa: E402
from claims.keyset import Cursor  # noqa: E402
from claims.demo import demo_email, saved_password  # noqa: E402
from claims.extensions import db  # noqa: E402
from claims.intake.drafts import create_draft, save_page  # noqa: E402
from claims.intake.views import SESSION_KEY  # noqa: E402
from claims.models import Claim, Claimant, User  # noqa: E402
from tests.journey import ORDER, complete_answers, form_data  # noqa: E402
from tests.scratch_db import scratch_database  # noqa: E402

RESULTS = ROOT / "benchmark-results" / "latest.md"
WARM_UP = 3
DEEP_PAGE = 1000
DECLARATION = {"confirm_true": "y", "consent_sensitive": "y"}


def main() -> None:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="breach-benchmark-") as workdir:
        with scratch_database(os.environ.get("DATABASE_URL", ""), Path(workdir), "breach_benchmark") as database_url:
            app = build_app(database_url, Path(workdir))
            with app.app_context():
                setup = prepare(app, args.claims)
                rows = measure(app, args.requests)
                engine = db.engine.dialect.name, db.session.scalar(_version_query())
                db.session.remove()
                db.engine.dispose()
    report = render(engine, setup, rows, args)
    print(report)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(report)
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    Path(os.environ["HUEY_SQLITE_PATH"]).unlink(missing_ok=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="demo claims to seed (default 100,000)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per measurement (default 100)")
    return parser.parse_args()


def build_app(database_url: str, workdir: Path):
    """The real app on the benchmark database, plus a bare route as the baseline."""
    app = create_app({
        "SECRET_KEY": secrets.token_hex(16), "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "PRODUCTION": False,
        "EVIDENCE_DIR": str(workdir / "evidence"), "DEMO_CREDENTIALS_FILE": str(workdir / "demo-credentials.txt"),
    })
    app.add_url_rule("/_benchmark/bare", "benchmark_bare", lambda: "ok")
    return app


def prepare(app, claims: int) -> dict[str, float]:
    """Migrate, load the register and seed the claims, timing each step in seconds."""
    from flask_migrate import upgrade

    seconds = {}
    started = time.perf_counter()
    upgrade()
    seconds["migrations"] = time.perf_counter() - started
    for name, command in (("register", ["load-register"]),
                          ("seed", ["seed-demo", "--claims", str(claims), "--seed", "1"])):
        started = time.perf_counter()
        result = app.test_cli_runner().invoke(args=command)
        if result.exit_code != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.output}")
        seconds[name] = time.perf_counter() - started
    seconds["claims"] = db.session.scalar(select(func.count(Claim.id)))
    return seconds


@dataclass
class Row:
    label: str
    samples: list[float]  # the page, ms
    raw: list[float] | None = None  # the page's own SQL run raw, ms
    queries: tuple[int, int] | None = None  # fewest and most statements a request ran


def measure(app, count: int) -> list[Row]:
    """Time each measurement: ``count`` requests after a few untimed warm-up requests; for the staff pages,
    the same SQL run raw and the number of statements per request."""
    staff = signed_in(app)
    claim_ids, surnames = sample_claims(count + WARM_UP)
    tokens = prepare_drafts(app, count + WARM_UP)
    claimant = app.test_client()
    statements = Statements()
    partner = db.session.scalar(select(User).where(User.email == demo_email("partner")))
    matches = [list_submitted_claims(partner, search=name).total for name in surnames[:20]]
    deep = deep_cursor(DEEP_PAGE)  # worked out once, outside the timing

    def page(label: str, send: Callable[[int], None], times: int = count) -> Row:
        samples = timed(times, send)
        raw, sizes = [], []
        for i in range(times):
            caught = statements.catch(lambda: send(i))
            sizes.append(len(caught))
            raw.append(statements.raw_ms(caught))
        return Row(label, samples, raw, (min(sizes), max(sizes)))

    return [
        Row("(a) bare Flask route, no database (baseline)", timed(count, lambda i: get(claimant, "/_benchmark/bare"))),
        page("(b) staff claim list, page 1", lambda i: get(staff, "/staff/claims/")),
        page(f"(c) claim list, surname search (median {statistics.median(matches):,.0f} matches)",
             lambda i: get(staff, "/staff/claims/", q=surnames[i])),
        page(f"(d) claim list, page {DEEP_PAGE} (keyset cursor)", lambda i: get(staff, "/staff/claims/", before=deep)),
        page("(e) staff claim page", lambda i: get(staff, f"/staff/claims/{claim_ids[i]}")),
        Row("(f) claim submission (declaration POST of a complete draft)",
            timed(count, lambda i: submit(claimant), before=lambda i: use_draft(claimant, tokens[i]))),
        Row(f"(g) whole claim journey ({len(ORDER) + 3} requests)", timed(count, lambda i: journey(claimant))),
    ]


class Statements:
    """The SQL one request runs, caught at the cursor, and the same statements run again raw.

    ``raw_ms`` executes each caught statement on a plain DBAPI cursor and fetches every row, then rolls
    back: the database's share of the page, without SQLAlchemy, Flask or the template. The page's time
    beside it says what the app adds.
    """

    def __init__(self):
        self.caught: list[tuple[str, object]] = []
        self.listening = False
        event.listen(db.engine, "before_cursor_execute", self._catch)

    def _catch(self, conn, cursor, statement, parameters, context, executemany):
        if self.listening and not executemany:
            self.caught.append((statement, parameters))

    def catch(self, send: Callable[[], None]) -> list[tuple[str, object]]:
        self.caught, self.listening = [], True
        try:
            send()
        finally:
            self.listening = False
        return self.caught

    @staticmethod
    def raw_ms(statements: list[tuple[str, object]]) -> float:
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            started = time.perf_counter()
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                if cursor.description is not None:
                    cursor.fetchall()
            elapsed = (time.perf_counter() - started) * 1000
            connection.rollback()
            return elapsed
        finally:
            connection.close()


def timed(count: int, send: Callable[[int], None], before: Callable[[int], None] | None = None) -> list[float]:
    """Milliseconds for each of ``count`` calls of ``send(i)``, after WARM_UP untimed calls."""
    samples = []
    for i in range(count + WARM_UP):
        if before:
            before(i)
        started = time.perf_counter()
        send(i)
        if i >= WARM_UP:
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def signed_in(app):
    """A test client signed in as the demo partner (who sees every claim) through the real sign-in form."""
    client = app.test_client()
    password = saved_password(Path(app.config["DEMO_CREDENTIALS_FILE"]))
    response = client.post("/staff/sign-in", data={"email": demo_email("partner"), "password": password})
    assert response.status_code == 302, "could not sign in as the demo partner"
    return client


def sample_claims(count: int) -> tuple[list[int], list[str]]:
    """Claim ids spread over the table, and the surnames of their claimants."""
    total = db.session.scalar(select(func.count(Claim.id)))
    step = max(total // count, 1)
    rows = db.session.execute(
        select(Claim.id, Claimant.last_name).join(Claimant, Claim.claimant_id == Claimant.id)
        .where(Claim.id % step == 0).order_by(Claim.id).limit(count)).all()
    rows = (rows * count)[:count]  # repeat if the table has fewer claims than requests
    return [row.id for row in rows], [row.last_name for row in rows]


def prepare_drafts(app, count: int) -> list[str]:
    """Complete drafts saved page by page, as the form saves them; returns their resume tokens."""
    tokens = []
    with app.test_request_context(method="POST"):  # as the form saves them: a GET may not write
        answers = complete_answers()
        for _ in range(count):
            draft, token = create_draft()
            for slug, page in answers.items():
                save_page(draft, slug, page)
            tokens.append(token)
        db.session.commit()
    return tokens


def deep_cursor(page: int) -> str:
    """The "Older claims" cursor a solicitor would hold after paging to ``page`` (or the last page)."""
    submitted = select(Claim.submitted_at, Claim.id).where(Claim.submitted_at.is_not(None))
    total = db.session.scalar(select(func.count()).select_from(submitted.subquery()))
    offset = min((page - 1) * PAGE_SIZE, total - 1) - 1
    row = db.session.execute(
        submitted.order_by(Claim.submitted_at.desc(), Claim.id.desc()).offset(max(offset, 0)).limit(1)).one()
    return Cursor(row.submitted_at, row.id).encode()


def get(client, path: str, **query) -> None:
    response = client.get(path, query_string=query)
    assert response.status_code == 200, (path, query, response.status_code)


def use_draft(client, token: str) -> None:
    with client.session_transaction() as session:
        session[SESSION_KEY] = token


def submit(client) -> None:
    response = client.post("/claim/declaration", data=DECLARATION)
    assert response.status_code == 302 and response.headers["Location"].endswith("/claim/confirmation")


def journey(client) -> None:
    """Start, post every page, check the answers and make the declaration."""
    assert client.post("/claim/start").status_code == 302
    for page in ORDER:
        response = client.post(f"/claim/{page}", data=form_data(page))
        assert response.status_code == 302, (page, response.get_data(as_text=True)[:500])
    assert client.get("/claim/check-your-answers").status_code == 200
    submit(client)


def _version_query():
    return text("SELECT sqlite_version()") if db.engine.dialect.name == "sqlite" else text("SHOW server_version")


def render(engine: tuple[str, str], setup: dict[str, float], rows: list[Row], args) -> str:
    """The results as Markdown."""
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(engine[0], engine[0])
    lines = [
        f"# Benchmark, {datetime.now(timezone.utc):%d/%m/%Y %H:%M} UTC", "",
        f"- Database: {name} {engine[1]}; {os.cpu_count()} CPU(s); Python {platform.python_version()}",
        f"- Seeded {setup['claims']:,.0f} claims in {setup['seed']:.1f} s "
        f"(migrations {setup['migrations']:.1f} s, register {setup['register']:.1f} s)",
        f"- In-process Flask test client; {args.requests} timed requests per row after {WARM_UP} warm-up requests",
        "- raw: the same SQL statements each request ran, executed on a plain DBAPI cursor (every row fetched)",
        "", "| Measurement | p50 (ms) | p95 (ms) | raw p50 | raw p95 | p95 ÷ raw p95 | queries |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        cells = [f"{_p50(row.samples):.1f}", f"{_p95(row.samples):.1f}"]
        if row.raw is not None:
            ratio = _p95(row.samples) / max(_p95(row.raw), 0.001)
            low, high = row.queries
            cells += [f"{_p50(row.raw):.1f}", f"{_p95(row.raw):.1f}", f"{ratio:.1f}×",
                      str(low) if low == high else f"{low}–{high}"]
        else:
            cells += ["", "", "", ""]
        lines.append(f"| {row.label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _p50(samples: list[float]) -> float:
    return statistics.median(samples)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94] if len(samples) > 1 else samples[0]


if __name__ == "__main__":
    main()
