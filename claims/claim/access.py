"""Access: who may see and do what. The one place the rules live.

Staff hold one role (``User.role``); a permission names what a route does, and ``PERMISSIONS``
says which roles may do it. Views declare a permission (``permission_required``), templates ask
``may('work_claims')``, and claim routes load the claim through ``load_claim_for``.

Need to know: which claims a user may see at all. Partners see every claim; a solicitor sees the
claims of their own team and any claim they handle or supervise; an administrator sees no claim
(they run the firm: settings, templates, users). ``visible_claims`` is that rule as a WHERE clause
(every list, search, count, my day and export filters by it) and ``may_see_claim`` the same rule
for one claim. A claim the user may not see is 404, exactly as one that does not exist, on every
route keyed by a claim or by anything that belongs to one: its existence is not told.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from claims.claim.moves import lock_claim
from claims.domain.outcomes import is_read_only
from claims.extensions import db, login_manager
from claims.models import Claim, StatusChange, User

STAFF_ROLES = ("solicitor", "partner", "admin")

# Route arguments naming a claim, or something of one (a valuation snapshot, a bulk letter job).
CLAIM_KEYS = frozenset({"claim_id", "snapshot_id", "job_id"})

PERMISSIONS: dict[str, tuple[str, ...]] = {
    "see_claims": ("solicitor", "partner"),  # the caseload, my day, the diary and the claims ``visible_claims`` allows
    "work_claims": ("solicitor", "partner"),  # change a claim: letters, valuation, agreements
    "review_valuations": ("partner",),  # approve or adjust valuations; precedent and CPI data; reports
    "override_cfa_rule": ("partner",),
    "reopen_claims": ("partner",),  # reopen a claim closed as won, lost or withdrawn, with a reason (audited)
    "keep_templates": ("partner", "admin"),  # letter templates
    "see_register": ("solicitor", "partner", "admin"),  # the defendant register and incidents (claims: need to know)
    "keep_register": ("solicitor", "partner"),  # add, edit and merge defendants and incidents; import claimants
    "run_firm": ("admin",),  # firm settings
    "see_audit_log": ("partner",),  # the audit trail's viewer and export (viewing it is audited too)
}

login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session's user, read afresh on every request: a deactivated account's session ends at once
    (Flask-Login checks ``is_active`` only when signing in), as does every session of an account whose
    password changed or was reset (``User.get_id``); a new role or team applies at once."""
    user_id, _, fingerprint = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active or fingerprint != user.password_fingerprint():
        return None
    return user


def may(user, permission: str) -> bool:
    """Whether ``user`` (signed in or anonymous) holds a role that ``permission`` allows."""
    return bool(user.is_authenticated) and user.has_role(*PERMISSIONS[permission])


def permission_required(permission: str):
    """Require a signed-in user who ``may`` do ``permission`` (anonymous users go to sign-in)."""
    roles = PERMISSIONS[permission]

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not may(current_user, permission):
                # A claim is "not found" for someone who reads no claim at all (an administrator), as for one
                # outside their need to know; elsewhere, the page exists but is not theirs: 403.
                abort(404 if CLAIM_KEYS & kwargs.keys() and not may(current_user, "see_claims") else 403)
            return view(*args, **kwargs)
        wrapped.required_roles = roles  # read by the access-control test
        return wrapped
    return decorator


def visible_claims(user) -> ColumnElement[bool]:
    """A WHERE clause for the claims ``user`` may see: lists, searches, counts and exports filter by it,
    so a claim the user may not open never appears in one."""
    if not (user.is_authenticated and may(user, "see_claims")):
        return false()
    if user.has_role("partner"):
        return true()
    if user.has_role("solicitor"):
        own = [Claim.assigned_to_id == user.id, Claim.supervisor_id == user.id]
        if user.team_id is not None:
            own.append(Claim.team_id == user.team_id)
        return or_(*own)
    return false()  # administrators (and any role not named here) read no claim


def may_see_claim(user, claim: Claim) -> bool:
    """``visible_claims`` for one claim already loaded."""
    if not (user.is_authenticated and may(user, "see_claims")):
        return False
    if user.has_role("partner"):
        return True
    if user.has_role("solicitor"):
        return user.id in (claim.assigned_to_id, claim.supervisor_id) or (
            user.team_id is not None and claim.team_id == user.team_id)
    return False


# What the claim page shows, loaded with the claim in a fixed number of queries however much it holds: the
# one-to-one and many-to-one rows joined to the claim's own row (one query), each collection in one more, and
# the people each row names joined to it, never loaded row by row.
CLAIM_PAGE_LOADS = (
    joinedload(Claim.claimant), joinedload(Claim.litigation_friend), joinedload(Claim.defendant),
    joinedload(Claim.assigned_to), joinedload(Claim.supervisor), joinedload(Claim.team),
    joinedload(Claim.facts_confirmed_by), joinedload(Claim.forum_confirmed_by),
    selectinload(Claim.data_categories), selectinload(Claim.effects), selectinload(Claim.losses),
    selectinload(Claim.evidence), selectinload(Claim.key_dates),
    selectinload(Claim.status_changes).joinedload(StatusChange.changed_by),
)


def load_claim_for(user: User, claim_id: int, *, lock: bool = False) -> Claim:
    """The claim with everything the claim page shows, or 404: also when the user may not see it.

    ``lock``: take the claim's row lock first (``claims.claim.moves.lock_claim``), for an action that changes it.
    """
    if lock and not lock_claim(claim_id):
        abort(404)
    claim = db.session.scalar(
        select(Claim).where(Claim.id == claim_id).execution_options(populate_existing=lock).options(*CLAIM_PAGE_LOADS))
    if claim is None:
        abort(404)
    if not may_see_claim(user, claim):
        abort(404)  # not 403: whether the claim exists is itself need-to-know
    return claim


def current_user_claim(claim_id: int, *, lock: bool = False) -> Claim:
    """``load_claim_for`` the signed-in user."""
    return load_claim_for(current_user, claim_id, lock=lock)


# Endpoints that still take a POST on a claim closed for good: the partner's reopening.
OPEN_ON_CLOSED = frozenset({"outcomes.reopen"})
READ_ONLY_MESSAGE = ("This claim is closed, so it cannot be changed. A partner can reopen it, with a reason, "
                     "from the claim's outcome page.")


def refuse_changes_to_closed_claims():
    """Before any view: refuse a change to a claim closed as won, lost or withdrawn (to someone who may see it;
    anyone else gets the view's 404): a POST keyed by the claim, and the GET of a form page (a route that also
    takes a POST), so nobody types into a form that cannot be saved."""
    if request.endpoint in OPEN_ON_CLOSED or request.url_rule is None or not current_user.is_authenticated:
        return None
    if request.method != "POST" and not (request.method == "GET" and "POST" in request.url_rule.methods):
        return None
    claim_id = (request.view_args or {}).get("claim_id")
    if claim_id is None:
        return None
    claim = db.session.get(Claim, claim_id)
    if claim is None or not is_read_only(claim.status) or not may_see_claim(current_user, claim):
        return None
    flash(READ_ONLY_MESSAGE, "error")
    return redirect(url_for("cases.detail", claim_id=claim.id))


def init_app(app) -> None:
    """Templates ask ``may('work_claims')`` of the signed-in user, by the same rules as the views; closed claims are
    read-only on every route."""
    app.jinja_env.globals["may"] = lambda permission: may(current_user, permission)
    app.before_request(refuse_changes_to_closed_claims)
