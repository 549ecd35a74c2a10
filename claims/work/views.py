"""The staff home, "my day", and the key-date diary: a list, a month calendar and an iCalendar file."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user

from claims import audit
from claims.claim.access import permission_required
from claims.clock import uk_today
from claims.domain import diary
from claims.domain.deadlines import FIRST_YEAR, LAST_YEAR, format_date
from claims.models._types import utcnow
from claims.web import download
from claims.work import ics, queries
from claims.work.forms import DoneForm

bp = Blueprint("work", __name__)

LIST_DAYS = 90  # the diary list shows this many days from its start
CALENDAR_PER_DAY = 6  # entries a calendar day shows; the rest are a link to that day in the list
EXPORT_PAST_DAYS = 30  # the iCalendar file keeps a month of recent dates, so an overdue one is still seen


@bp.route("/staff/")
@permission_required("see_claims")
def my_day():
    """The first screen after signing in: what needs doing today, on the user's claims."""
    day = queries.my_day(current_user, today=uk_today())
    return render_template("work/my_day.html", day=day, done_form=DoneForm(), bucket_titles=diary.BUCKET_TITLES,
                           horizon=diary.limitation_horizon(day.today), week_end=diary.week_end(day.today),
                           days_left=_days_left, row_limit=queries.LIMIT, TRIAGE_COUNT_CAP=queries.TRIAGE_COUNT_CAP)


def _days_left(due_on: date, today: date) -> str:
    return diary.days_left(due_on, today=today)


@bp.route("/staff/diary")
@permission_required("see_claims")
def diary_list():
    today = uk_today()
    start = _day_arg("start") or today
    end = start + timedelta(days=LIST_DAYS - 1)
    items, cut = queries.diary_items(current_user, start=start, end=end)
    days = defaultdict(list)
    for item in items:
        days[item.on].append(item)
    return render_template("work/diary.html", days=sorted(days.items()), start=start, end=end, today=today, cut=cut,
                           earlier=start - timedelta(days=LIST_DAYS), later=end + timedelta(days=1),
                           month=diary.month_key(start))


@bp.route("/staff/diary/calendar")
@permission_required("see_claims")
def diary_calendar():
    today = uk_today()
    first = diary.parse_month(request.args.get("month"), today=today)
    weeks = diary.month_weeks(first)
    items, cut = queries.diary_items(current_user, start=weeks[0][0], end=weeks[-1][-1])
    by_day = defaultdict(list)
    for item in items:
        by_day[item.on].append(item)
    before, after = diary.neighbour_months(first)
    return render_template("work/calendar.html", first=first, weeks=weeks, by_day=by_day, today=today, cut=cut,
                           per_day=CALENDAR_PER_DAY,
                           before=before and diary.month_key(before), after=after and diary.month_key(after))


@bp.route("/staff/diary.ics")
@permission_required("see_claims")
def diary_ics():
    """Every open key date and task on the user's claims, from a month ago on, for Outlook."""
    today = uk_today()
    items, _cut = queries.diary_items(current_user, start=today - timedelta(days=EXPORT_PAST_DAYS),
                                      end=date(LAST_YEAR, 12, 31))
    audit.record("diary.exported", entity_type="user", entity_id=current_user.id, details={"events": len(items)})
    data = ics.calendar_file(items, name=f"Key dates – {current_user.full_name}", now=utcnow())
    return download(data, "text/calendar", f"key-dates-{format_date(today).replace('/', '-')}.ics")


def _day_arg(name: str) -> date | None:
    """A ``YYYY-MM-DD`` query argument, or None if it is missing or not a date the diary can show."""
    try:
        day = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year < LAST_YEAR else None
