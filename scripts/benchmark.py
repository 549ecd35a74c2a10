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
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make `claims` and `tests.journey` importable
# Jobs queued by the timed submissions (the acknowledgement letter) go to a throwaway queue, never
# to the instance's own, where a worker would run them against the real database.
os.environ.pop("REDIS_URL", None)
os.environ["HUEY_SQLITE_PATH"] = str(Path(tempfile.gettempdir()) / f"breach-benchmark-jobs-{os.getpid()}.db")

from flask import render_template_string  # noqa: E402
from sqlalchemy import create_engine, event, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from claims.app import create_app  # noqa: E402
from claims.cases.queries import PAGE_SIZE, list_claims  # noqa: E402
from claims.claim.access import permission_required, visible_claims  # noqa: E402
from claims.clock import uk_today  # noqa: E402
from claims.config import normalise_database_url  # noqa: E402
from claims.domain.caseload import FLAGS, SORTS, CaseloadView  # noqa: E402
from claims.keyset import Cursor  # noqa: E402
from claims.demo import demo_email, refresh_statistics, saved_password  # noqa: E402
from claims.extensions import db  # noqa: E402
from claims.intake.drafts import create_draft, save_page  # noqa: E402
from claims.intake.views import SESSION_KEY  # noqa: E402
from claims.models import Claim, Claimant, User  # noqa: E402
from tests.journey import ORDER, complete_answers, form_data  # noqa: E402
from tests.scratch_db import scratch_database  # noqa: E402

RESULTS = ROOT / "benchmark-results" / "latest.md"
WARM_UP = 3
DEEP_PAGE = 1000
EXPORT_ROWS = 10_000
DECLARATION = {"confirm_true": "y", "consent_sensitive": "y"}


def main() -> None:
    args = _arguments()
    with _database(args) as (database_url, workdir):
        app = build_app(database_url, workdir)
        with app.app_context():
            setup = prepare(app, args.claims)
            rows = measure(app, args.requests, args.only)
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
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the seeded database (a SQLite file in DIR, or a database named after DIR on the "
                             "DATABASE_URL server) and reuse it next time instead of seeding again")
    parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                        help="measure only the rows whose label contains TEXT (repeatable)")
    return parser.parse_args()


@contextmanager
def _database(args):
    """(database URL, working directory): fresh and thrown away, or kept in ``--keep DIR`` for the next run."""
    server = os.environ.get("DATABASE_URL", "")
    if args.keep is None:
        with tempfile.TemporaryDirectory(prefix="breach-benchmark-") as workdir:
            with scratch_database(server, Path(workdir), "breach_benchmark") as database_url:
                yield database_url, Path(workdir)
        return
    args.keep.mkdir(parents=True, exist_ok=True)
    if not server.startswith(("postgres://", "postgresql")):
        yield f"sqlite:///{args.keep.resolve() / 'breach_benchmark.db'}", args.keep
        return
    url = make_url(normalise_database_url(server))
    name = "breach_benchmark_" + "".join(c for c in args.keep.name.lower() if c.isalnum())
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    yield url.set(database=name).render_as_string(hide_password=False), args.keep


def build_app(database_url: str, workdir: Path):
    """The real app on the benchmark database, plus a bare route as the baseline."""
    app = create_app({
        "SECRET_KEY": secrets.token_hex(16), "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "PRODUCTION": False,
        "EVIDENCE_DIR": str(workdir / "evidence"), "DEMO_CREDENTIALS_FILE": str(workdir / "demo-credentials.txt"),
    })
    app.add_url_rule("/_benchmark/bare", "benchmark_bare", lambda: "ok")
    # A signed-in staff page that reads no claim: the session, the user and the layout every staff page pays.
    app.add_url_rule("/_benchmark/staff", "benchmark_staff", permission_required("see_claims")(
        lambda: render_template_string('{% extends "base.html" %}{% block content %}<h1>Staff</h1>{% endblock %}')))
    return app


def prepare(app, claims: int) -> dict[str, float]:
    """Migrate, load the register and seed the claims, timing each step in seconds."""
    from flask_migrate import upgrade

    seconds = {}
    started = time.perf_counter()
    upgrade()
    seconds["migrations"] = time.perf_counter() - started
    if db.session.scalar(select(func.count(Claim.id))) >= claims:  # kept from an earlier run (--keep)
        refresh_statistics()  # a migration may have rebuilt a table (SQLite's batch copy drops its statistics)
        seconds.update(register=0.0, seed=0.0, valuation=0.0, claims=db.session.scalar(select(func.count(Claim.id))))
        return seconds
    for name, command in (("register", ["load-register"]),
                          ("seed", ["seed-demo", "--claims", str(claims), "--seed", "1"]),
                          ("valuation", ["valuation", "revalue", "--all"])):  # every claim valued, as in a live firm
        started = time.perf_counter()
        result = app.test_cli_runner().invoke(args=command)
        if result.exit_code != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.output}")
        seconds[name] = time.perf_counter() - started
    refresh_statistics()  # revaluing rewrote every claim row: vacuum as autovacuum soon would (index-only counts)
    seconds["claims"] = db.session.scalar(select(func.count(Claim.id)))
    return seconds


@dataclass
class Row:
    label: str
    samples: list[float]  # the page, ms
    raw: list[float] | None = None  # the page's own SQL run raw, ms
    queries: tuple[int, int] | None = None  # fewest and most statements a request ran


def measure(app, count: int, only: list[str] = ()) -> list[Row | None]:
    """Time each measurement: ``count`` requests after a few untimed warm-up requests; for the staff pages,
    the same SQL run raw and the number of statements per request.

    The demo solicitor sees their team's claims (about a third); the demo partner sees the whole firm, so the
    caseload is measured as the partner, the heavier case.
    """
    solicitor, partner = signed_in(app, "solicitor"), signed_in(app, "partner")
    partner_user = db.session.scalar(select(User).where(User.email == demo_email("partner")))
    claim_ids, people = sample_claims(count + WARM_UP)
    tokens = prepare_drafts(app, count + WARM_UP) if not only or any("claim" in t for t in only) else []
    claimant = app.test_client()
    statements = Statements()
    matches = [list_claims(CaseloadView(search=person.last_name), partner_user, uk_today()).total
               for person in people[:20]]
    deep = deep_cursor(partner_user, DEEP_PAGE)  # worked out once, outside the timing
    ids = filter_ids()
    exports = max(count // 20, 3)

    def wanted(label: str) -> bool:
        return not only or any(text in label for text in only)

    def page(label: str, client, path, query=lambda i: {}, times: int = count) -> Row | None:
        """``path``: a URL, or a function of the request's number giving one."""
        if not wanted(label):
            return None
        send = (lambda i: get(client, path(i) if callable(path) else path, **query(i)))
        samples = timed(times, send)
        raw, sizes = [], []
        for i in range(times):
            caught = statements.catch(lambda: send(i))
            sizes.append(len(caught))
            raw.append(statements.raw_ms(caught))
        row = Row(label, samples, raw, (min(sizes), max(sizes)))
        print(f"{label}: p50 {_p50(samples):.1f} ms, raw p50 {_p50(raw):.1f} ms", file=sys.stderr, flush=True)
        return row

    def caseload(label: str, query=lambda i: {}, times: int = count) -> Row:
        return page(f"caseload: {label}", partner, "/staff/claims/", query, times)

    def plain(label: str, send: Callable[[int], None], before=None) -> Row | None:
        return Row(label, timed(count, send, before)) if wanted(label) else None

    rows = [
        plain("(a) bare Flask route, no database (baseline)", lambda i: get(claimant, "/_benchmark/bare")),
        page("(b) signed-in page with no claim query (staff baseline: session, user, layout)", partner,
             "/_benchmark/staff"),
        page("my day, the demo solicitor", solicitor, "/staff/"),
        page("my day, the demo partner (their team)", partner, "/staff/"),
        page("claim page", partner, lambda i: f"/staff/claims/{claim_ids[i]}"),
    ]
    rows += [
        caseload("page 1, newest first (the whole firm)"),
        page("caseload: my claims (the solicitor, handler=me)", solicitor, "/staff/claims/", lambda i: {"handler": "me"}),
        caseload(f"page {DEEP_PAGE} (keyset cursor)", lambda i: {"before": deep}),
        caseload("200 rows a page", lambda i: {"size": 200}),
        caseload("filter: status (letter of claim sent)", lambda i: {"status": "letter_of_claim_sent"}),
        caseload("filter: handler", lambda i: {"handler": ids["handler"]}),
        caseload("filter: team", lambda i: {"team": ids["team"]}),
        caseload("filter: no handler", lambda i: {"handler": "none"}),
        caseload("filter: defendant (name prefix)", lambda i: {"defendant": ids["defendant"]}),
        caseload("filter: incident", lambda i: {"incident": ids["incident"]}),
        caseload("filter: limitation within 90 days", lambda i: {"limitation_days": 90}),
        caseload("filter: value £1,000 to £5,000", lambda i: {"band": "1000_5000"}),
        caseload("filter: submitted in one month", lambda i: {"submitted_from": ids["month_from"],
                                                              "submitted_to": ids["month_to"]}),
    ]
    rows += [caseload(f"filter: flag {flag}", lambda i, flag=flag: {"flag": flag}) for flag in FLAGS]
    for sort in SORTS:
        for direction in ("asc", "desc"):
            rows.append(caseload(f"sort: {sort} {direction}", lambda i, s=sort, d=direction: {"sort": s, "dir": d}))
    rows += [
        caseload("search: reference", lambda i: {"q": people[i].reference}),
        caseload(f"search: surname (median {statistics.median(matches):,.0f} matches)",
                 lambda i: {"q": people[i].last_name, "in": "name"}),
        caseload("search: first name", lambda i: {"q": people[i].first_name, "in": "name"}),
        caseload("search: postcode", lambda i: {"q": people[i].postcode, "in": "postcode"}),
        caseload("search: email", lambda i: {"q": people[i].email, "in": "email"}),
        caseload("search: organisation", lambda i: {"q": people[i].defendant_name[:6], "in": "defendant"}),
        caseload("search: anything (a surname, guessed)", lambda i: {"q": people[i].last_name}),
        page(f"export of {ids['export_rows']:,} rows as CSV", partner, "/staff/claims/export",
             lambda i: {"format": "csv", "submitted_from": ids["export_from"]}, times=exports),
        page(f"export of {ids['export_rows']:,} rows as XLSX", partner, "/staff/claims/export",
             lambda i: {"format": "xlsx", "submitted_from": ids["export_from"]}, times=exports),
        plain("claim submission (declaration POST of a complete draft)",
              lambda i: submit(claimant), before=lambda i: use_draft(claimant, tokens[i])),
        plain(f"whole claim journey ({len(ORDER) + 3} requests)", lambda i: journey(claimant)),
    ]
    return [row for row in rows if row is not None]


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


def signed_in(app, role: str):
    """A test client signed in as the demo ``role`` through the real sign-in form."""
    client = app.test_client()
    password = saved_password(Path(app.config["DEMO_CREDENTIALS_FILE"]))
    with app.app_context():  # its own, as get() gives each request
        response = client.post("/staff/sign-in", data={"email": demo_email(role), "password": password})
    assert response.status_code == 302, f"could not sign in as the demo {role}"
    return client


def sample_claims(count: int) -> tuple[list[int], list]:
    """Claim ids spread over the table, and their reference, claimant and organisation (for the searches)."""
    total = db.session.scalar(select(func.count(Claim.id)))
    step = max(total // count, 1)
    rows = db.session.execute(
        select(Claim.id, Claim.reference, Claim.defendant_name, Claimant.first_name, Claimant.last_name,
               Claimant.postcode, Claimant.email)
        .join(Claimant, Claim.claimant_id == Claimant.id)
        .where(Claim.id % step == 0, Claimant.postcode.is_not(None), Claimant.email.is_not(None))
        .order_by(Claim.id).limit(count)).all()
    rows = (rows * count)[:count]  # repeat if the table has fewer claims than requests
    return [row.id for row in rows], rows


def filter_ids() -> dict:
    """Values for the caseload's filters that match real rows: the busiest handler, team, incident and
    organisation, a month of submissions, and the day from which about 10,000 claims were submitted."""
    def busiest(column):
        return db.session.scalar(select(column).where(column.is_not(None)).group_by(column)
                                 .order_by(func.count().desc(), column).limit(1))

    newest = db.session.scalar(select(func.max(Claim.submitted_at)))
    export_at = db.session.scalar(select(Claim.submitted_at).where(Claim.submitted_at.is_not(None))
                                  .order_by(Claim.submitted_at.desc()).offset(EXPORT_ROWS - 1).limit(1))
    # Whole days holding at most EXPORT_ROWS claims (every claim, in a smaller table).
    export_from = export_at.date() + timedelta(days=1) if export_at else date(2000, 1, 1)
    month_to = newest.date() - timedelta(days=60)
    return {
        "handler": busiest(Claim.assigned_to_id), "team": busiest(Claim.team_id), "incident": busiest(Claim.incident_id),
        "defendant": (busiest(Claim.defendant_name) or "a")[:8],
        "month_from": (month_to - timedelta(days=30)).strftime("%d/%m/%Y"), "month_to": month_to.strftime("%d/%m/%Y"),
        "export_from": export_from.strftime("%d/%m/%Y"),
        "export_rows": db.session.scalar(select(func.count()).select_from(Claim).where(
            Claim.submitted_at >= datetime.combine(export_from, datetime.min.time(), tzinfo=timezone.utc))),
    }


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


def deep_cursor(user, page: int) -> str:
    """The "Older claims" cursor ``user`` would hold after paging to ``page`` (or the last page)."""
    submitted = select(Claim.submitted_at, Claim.id).where(Claim.submitted_at.is_not(None), visible_claims(user))
    total = db.session.scalar(select(func.count()).select_from(submitted.subquery()))
    offset = min((page - 1) * PAGE_SIZE, total - 1) - 1
    row = db.session.execute(
        submitted.order_by(Claim.submitted_at.desc(), Claim.id.desc()).offset(max(offset, 0)).limit(1)).one()
    return Cursor(row.submitted_at, row.id).encode()


def get(client, path: str, **query) -> None:
    # A fresh app context per request, as a server gives each: the benchmark holds one open for its own
    # queries, and Flask-Login keeps the signed-in user on ``g``, which would carry from one client to the next.
    with client.application.app_context():
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
        f"(migrations {setup['migrations']:.1f} s, register {setup['register']:.1f} s); "
        f"valued them all in {setup['valuation']:.1f} s",
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
