"""Read-side queries for the caseload list and its export, shaped for speed on large caseloads.

- Every list, count and export is filtered by the kernel's ``visible_claims(user)``: a claim the user may
  not open never appears, is never counted and is never exported.
- The list pages by keyset (the last row seen), not OFFSET, on every sort: the sort key and the id, with
  the rows whose key is NULL listed last (a second part of the list, ordered by id). Each part is one
  indexed range scan, so page 1,000 costs the same as page 1.
- The total is counted up to ``COUNT_CAP`` + 1 rows and shown as "more than 10,000" past that: an exact
  ``count(*)`` over a million claims is what made the list slow.
- Searches are prefix ranges on the lower() expression indexes (claimants' first and last names, postcodes
  and emails; the claim's organisation), so both SQLite and PostgreSQL use the index; LIKE keeps the match
  exact and a typed wildcard a plain character.
- Counts by status are capped too, each status at ``STATUS_COUNT_CAP`` (shown as "1,000+").
- Names shown beside a claim (handler, team) are joined, never loaded per row.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import and_, false, func, literal, select, true, tuple_, union, union_all
from sqlalchemy.orm import aliased

from claims.claim.access import visible_claims
from claims.clock import UK
from claims.domain import caseload
from claims.domain.caseload import CaseloadView, prefix_bounds
from claims.domain.claim_facts import PSYCHIATRIC_HELP
from claims.domain.deadlines import add_months, add_years
from claims.domain.screening import LIMITATION_WARNING_MONTHS, STORED_FLAGS
from claims.domain.status import STATUSES
from claims.extensions import db
from claims.keyset import SortCursor
from claims.models import Claim, Claimant, Incident, Team, User

PAGE_SIZE = caseload.DEFAULT_PAGE_SIZE
Handler = aliased(User, name="handler")


@dataclass(frozen=True)
class SortKey:
    """How the list sorts on a column: the expressions (then the id), their types, and the NULL test if the
    key can be missing (those rows come last)."""

    columns: tuple
    types: tuple[type, ...]
    missing: object = None  # a clause true when the key is NULL, or None when it never is


SORT_KEYS: dict[str, SortKey] = {
    "reference": SortKey((Claim.reference,), (str,)),
    "claimant": SortKey((func.lower(Claimant.last_name), func.lower(Claimant.first_name)), (str, str)),
    "defendant": SortKey((func.lower(Claim.defendant_name),), (str,)),
    "status": SortKey((Claim.status,), (str,)),
    "submitted": SortKey((Claim.submitted_at,), (datetime,)),
    "limitation": SortKey((Claim.earliest_limitation_on,), (date,), Claim.earliest_limitation_on.is_(None)),
    "value": SortKey((Claim.value_pence,), (int,), Claim.value_pence.is_(None)),
    "handler": SortKey((func.lower(Handler.full_name),), (str,), Claim.assigned_to_id.is_(None)),
}


@dataclass(frozen=True)
class ClaimListPage:
    rows: list
    total: int  # counted up to COUNT_CAP + 1
    newer: SortCursor | None  # where the previous page ends (link: prev=), if there is one
    older: SortCursor | None  # where the next page starts (link: next=), if there is one

    @property
    def total_capped(self) -> bool:
        return self.total > caseload.COUNT_CAP


def _row_columns():
    return (Claim.id, Claim.reference, Claim.status, Claim.submitted_at, Claim.defendant_name,
            Claim.earliest_limitation_on, Claim.value_pence, Claim.value_approved, Claim.assigned_to_id,
            Claimant.first_name, Claimant.last_name, Claimant.email, Claimant.postcode,
            Handler.full_name.label("handler_name"), Team.name.label("team_name"))


def _base(view: CaseloadView, user, today: date, *, with_status: bool = True, columns=None):
    """The claims of ``view`` that ``user`` may see, joined to what the list shows; for a count (``columns``
    given), joined to the claimant only when a condition needs it."""
    query = select(*(columns if columns is not None else _row_columns())).select_from(Claim)
    if columns is None or _needs_claimant(view):
        query = query.join(Claimant, Claim.claimant_id == Claimant.id)
    if columns is None:
        query = (query.outerjoin(Handler, Claim.assigned_to_id == Handler.id)
                 .outerjoin(Team, Claim.team_id == Team.id))
    return query.where(*conditions(view, user, today, with_status=with_status))


def _needs_claimant(view: CaseloadView) -> bool:
    """Whether a condition of the view reads the claimant's row (a postcode or email search, a child)."""
    searched = caseload.search_field(view.search, view.search_in) if view.search else None
    return searched in ("postcode", "email") or "child_claimant" in view.flags


def conditions(view: CaseloadView, user, today: date, *, with_status: bool = True) -> list:
    """The WHERE clauses of a view for ``user`` as at ``today`` (``visible_claims`` always among them)."""
    where = [Claim.submitted_at.is_not(None), visible_claims(user)]
    if with_status and view.statuses:
        where.append(Claim.status.in_(view.statuses))
    if view.handler == "me":
        where.append(Claim.assigned_to_id == user.id)
    elif view.handler == "none":
        where.append(Claim.assigned_to_id.is_(None))
    elif view.handler is not None:
        where.append(Claim.assigned_to_id == view.handler)
    if view.team == "none":
        where.append(Claim.team_id.is_(None))
    elif view.team is not None:
        where.append(Claim.team_id == view.team)
    if view.defendant:
        where.append(_prefix(func.lower(Claim.defendant_name), view.defendant.lower()))
    if view.incident is not None:
        where.append(Claim.incident_id == view.incident)
    for flag in view.flags:
        where.append(_flag(flag, today))
    if view.limitation_days is not None:
        where.append(Claim.earliest_limitation_on.between(today, today + timedelta(days=view.limitation_days)))
    if view.band == "not_valued":
        where.append(Claim.value_pence.is_(None))
    elif view.band:
        low, high = caseload.BAND_RANGES[view.band]
        if low is not None:
            where.append(Claim.value_pence >= low)
        if high is not None:
            where.append(Claim.value_pence < high)
    start, end = caseload.uk_midnight_bounds(view.submitted_from, view.submitted_to, UK)
    if start is not None:
        where.append(Claim.submitted_at >= start)
    if end is not None:
        where.append(Claim.submitted_at < end)
    if view.search:
        where.append(_matches(view.search, view.search_in))
    return where


def _flag(code: str, today: date):
    """A screening flag as at ``today``, from what the claim row stores (the list screens each row it shows)."""
    if code == "limitation_soon":
        return Claim.earliest_limitation_on.between(today, add_months(today, LIMITATION_WARNING_MONTHS))
    if code == "out_of_time":
        return Claim.earliest_limitation_on < today
    if code == "personal_injury":
        return and_(Claim.medical_help.in_(sorted(PSYCHIATRIC_HELP)), Claim.diagnosed == true())
    if code == "already_represented":
        return Claim.already_represented == true()
    if code == "group_action":
        return Claim.in_group_action == true()
    if code == "child_claimant":
        return Claimant.date_of_birth > add_years(today, -18)
    # The flags that depend on facts alone (late discovery, the postcode's jurisdiction), as screened and stored
    # in their own columns.
    if code in STORED_FLAGS:
        return getattr(Claim, f"flag_{code}") == true()
    raise ValueError(f"no such flag: {code}")


def _prefix(expression, prefix: str):
    """``expression`` starts with ``prefix``: a range the expression's index serves, and LIKE to keep it exact."""
    if not prefix:
        return true()
    low, high = prefix_bounds(prefix)
    return and_(expression >= low, expression < high, expression.startswith(prefix, autoescape=True))


def _matches(search: str, chosen: str):
    """The search box: a reference, a claimant's name, a postcode, an email or an organisation's name."""
    field = caseload.search_field(search, chosen)
    text = search.lower()
    if field == "reference":
        return Claim.reference == search.upper()
    if field == "postcode":
        return _prefix(func.lower(Claimant.postcode), caseload.postcode_prefix(search))
    if field == "email":
        return _prefix(func.lower(Claimant.email), text)
    if field == "defendant":
        return _prefix(func.lower(Claim.defendant_name), text)
    # A name: each part is its own indexed range, and the claims are found by id from their union.
    by_name = union(select(Claimant.id).where(_prefix(func.lower(Claimant.last_name), text)),
                    select(Claimant.id).where(_prefix(func.lower(Claimant.first_name), text)))
    if field == "name":
        return Claim.claimant_id.in_(by_name)
    claimants = by_name.subquery()
    return Claim.id.in_(union(
        select(Claim.id).join(claimants, Claim.claimant_id == claimants.c.id),
        select(Claim.id).where(_prefix(func.lower(Claim.defendant_name), text))))


def list_claims(view: CaseloadView, user, today: date, *, after: SortCursor | None = None,
                before: SortCursor | None = None) -> ClaimListPage:
    """One page of the view: the rows after ``after`` (the next page), or those before ``before`` (the
    previous page), or the first page."""
    key = SORT_KEYS[view.sort]
    query = _base(view, user, today).add_columns(*(column.label(f"sort_{n}") for n, column in enumerate(key.columns)))
    backwards = before is not None and after is None
    cursor = before if backwards else after
    parts = [False, True] if key.missing is not None else [False]  # the values, then the NULLs
    if backwards:
        parts.reverse()
    ascending = (view.direction == "asc") != backwards
    rows: list = []
    for null in parts:
        if cursor is not None and parts.index(null) < parts.index(cursor.null):
            continue
        part = query
        if key.missing is not None:
            part = part.where(key.missing if null else ~key.missing)
        sort_columns = (Claim.id,) if null else (*key.columns, Claim.id)
        if cursor is not None and cursor.null == null:
            position = tuple_(*sort_columns)
            here = tuple_(*(() if null else cursor.values), cursor.row_id)
            part = part.where(position > here if ascending else position < here)
        wanted = view.size + 1 - len(rows)
        if view.sort == "handler" and not null:
            rows += _by_handler(part, ascending, cursor if cursor is not None and not cursor.null else None, wanted)
        else:
            order = [column.asc() if ascending else column.desc() for column in sort_columns]
            rows += db.session.execute(part.order_by(*order).limit(wanted)).all()
        if len(rows) > view.size:
            break
    more, rows = len(rows) > view.size, rows[:view.size]
    if backwards:
        rows.reverse()
    has_previous, has_next = (more, True) if backwards else (cursor is not None, more)
    return ClaimListPage(rows=rows, total=capped_count(view, user, today),
                         newer=cursor_of(rows[0], view) if rows and has_previous else None,
                         older=cursor_of(rows[-1], view) if rows and has_next else None)


def _by_handler(query, ascending: bool, cursor: SortCursor | None, limit: int) -> list:
    """The first ``limit`` rows of ``query`` by handler's name, then id, after ``cursor``: one statement.

    No index orders claims by their handler's name (it is in ``users``), so the handlers are put in order first
    (a few dozen people) and each name's claims are read by id from the (handler, id) index, at most ``limit`` of
    them: the statement is a UNION ALL of those short ranges, ordered by the name's place and the id. Two handlers
    with the same name share a part, so their claims interleave by id as the sort says.
    """
    names: dict[str, list[int]] = {}
    for user_id, name in db.session.execute(select(User.id, func.lower(User.full_name)).order_by(User.id)):
        names.setdefault(name, []).append(user_id)
    ordered = sorted(names, reverse=not ascending)
    if cursor is not None:
        after = cursor.values[0]
        ordered = [name for name in ordered if (name >= after if ascending else name <= after)]
    parts = []
    for place, name in enumerate(ordered):
        part = query.where(Claim.assigned_to_id.in_(names[name]))
        if cursor is not None and name == cursor.values[0]:
            part = part.where(Claim.id > cursor.row_id if ascending else Claim.id < cursor.row_id)
        part = part.add_columns(literal(place).label("handler_place"))
        parts.append(select(part.order_by(Claim.id.asc() if ascending else Claim.id.desc()).limit(limit).subquery()))
    if not parts:
        return []
    pages = union_all(*parts).subquery()
    id_order = pages.c.id.asc() if ascending else pages.c.id.desc()
    rows = db.session.execute(select(*(column for column in pages.c if column.name != "handler_place"))
                              .order_by(pages.c.handler_place, id_order).limit(limit)).all()
    return rows


def cursor_of(row, view: CaseloadView) -> SortCursor:
    key = SORT_KEYS[view.sort]
    values = tuple(getattr(row, f"sort_{n}") for n in range(len(key.columns)))
    if key.missing is not None and values[0] is None:
        return SortCursor((), row.id, null=True)
    return SortCursor(values, row.id)


def capped_count(view: CaseloadView, user, today: date, cap: int | None = None) -> int:
    """How many claims the view holds, counted up to ``cap`` + 1 (``COUNT_CAP`` unless given; more is shown as
    "more than ``cap``")."""
    cap = caseload.COUNT_CAP if cap is None else cap
    inner = _base(view, user, today, columns=(Claim.id,)).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(inner))


def status_counts(view: CaseloadView, user, today: date, *, total: int | None = None) -> tuple[dict[str, int], int | None]:
    """How many claims of the view (every status, whatever the status filter) are in each status, each exact up to
    ``STATUS_COUNT_CAP`` and shown as "1,000+" past it. ``total``: the view's capped count, when it has no status
    filter (saves counting again). Returns the counts and the cap they were cut at (None: every count exact).

    A view of up to ``COUNT_CAP`` claims is counted by one GROUP BY over its rows, read by whichever index serves
    its filters. A larger one is counted status by status, each status its own part of one statement that stops
    at ``STATUS_COUNT_CAP`` + 1 rows, so a view of a million claims reads no more than a view of a few thousand.
    """
    if total is None or view.statuses:
        total = capped_count(replace(view, statuses=()), user, today)
    if total <= caseload.COUNT_CAP:
        claims = _base(view, user, today, with_status=False, columns=(Claim.status,)).limit(caseload.COUNT_CAP + 1)
        inner = claims.subquery()
        query = select(inner.c.status, func.count()).group_by(inner.c.status)
        return {status: count for status, count in db.session.execute(query)}, None
    cap = caseload.STATUS_COUNT_CAP
    parts = []
    for code in STATUSES:
        claims = _base(view, user, today, with_status=False, columns=(Claim.id,)).where(Claim.status == code)
        parts.append(select(literal(code).label("status"), func.count().label("n"))
                     .select_from(claims.limit(cap + 1).subquery()))
    return {status: count for status, count in db.session.execute(union_all(*parts)) if count}, cap


def export_rows(view: CaseloadView, user, today: date, *, ids: list[int] | None = None,
                batch: int = 1000) -> Iterator:
    """Every row of the view (or only ``ids`` among them), in the view's order, read in batches."""
    key = SORT_KEYS[view.sort]
    query = _base(view, user, today)
    if ids is not None:
        query = query.where(Claim.id.in_(ids) if ids else false())
    ascending = view.direction == "asc"
    order = [key.missing.asc()] if key.missing is not None else []  # NULLs last, as the list shows them
    order += [column.asc() if ascending else column.desc() for column in (*key.columns, Claim.id)]
    # Plain rows on the session's connection (no ORM loading): an export reads thousands.
    result = db.session.connection().execute(query.order_by(*order).execution_options(yield_per=batch))
    yield from result


def visible_ids(user, ids: list[int]) -> list[int]:
    """Those of ``ids`` that are submitted claims ``user`` may see."""
    if not ids:
        return []
    return list(db.session.scalars(select(Claim.id).where(
        Claim.id.in_(ids), Claim.submitted_at.is_not(None), visible_claims(user)).order_by(Claim.id)))


def staff_choices() -> tuple[list, list]:
    """The handlers (active solicitors and partners) and the teams the filters offer."""
    handlers = db.session.execute(select(User.id, User.full_name).where(
        User.active == true(), User.role.in_(("solicitor", "partner"))).order_by(User.full_name, User.id)).all()
    teams = db.session.execute(select(Team.id, Team.name).order_by(Team.name)).all()
    return handlers, teams


def existing_ids(view_args) -> dict[str, set]:
    """Which of the handler, team and incident ids in the query string exist (one query each given)."""
    found: dict[str, set] = {}
    for name, model in (("handler", User), ("team", Team), ("incident", Incident)):
        text = (view_args.get(name) or [""])[0].strip()
        if text.isascii() and text.isdigit() and 0 < int(text) < 2**31:
            found[name] = set(db.session.scalars(select(model.id).where(model.id == int(text))))
    return found
