"""Sign in and sign out."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from claims import audit
from claims.auth import accounts
from claims.auth.forms import LoginForm, SetPasswordForm
from claims.auth.passwords import hash_password, needs_rehash, verify_password
from claims.claim.access import may
from claims.extensions import db, limiter
from claims.models import User
from claims.models._types import utcnow
from claims.row_locks import lock_row

bp = Blueprint("auth", __name__, url_prefix="/staff")


def _home(user) -> str:
    """Where a member of staff starts: my day, or for an administrator (who reads no claim) staff and teams."""
    return url_for("work.my_day") if may(user, "see_claims") else url_for("auth.users")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(func.lower(User.email) == form.email.data.lower()))
        if verify_password(user.password_hash if user else None, form.password.data) and user.active:
            _sign_in(user, form.password.data)
            return redirect(_safe_next(request.args.get("next")) or _home(user))
        audit.record("auth.sign_in_failed", entity_type="user", entity_id=user.id if user else None, actor="anonymous")
        form.password.errors.append("The email address or password is not right")
    return render_template("auth/login.html", form=form)


def _sign_in(user: User, password: str) -> None:
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    login_user(user)
    audit.record("auth.signed_in", entity_type="user", entity_id=user.id)


def _safe_next(target: str | None) -> str | None:
    """Only follow a local path, never another site."""
    # Browsers drop tabs and new lines, so "/\t/evil.example" would become "//evil.example".
    if target and target.isprintable() and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target:
        return target
    return None


@bp.route("/sign-out", methods=["POST"])
@login_required
def logout():
    form = FlaskForm()
    if form.validate_on_submit():
        audit.record("auth.signed_out", entity_type="user", entity_id=current_user.id)
        logout_user()
        flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/set-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def set_password():
    """Choose a password from an invitation or a reset link (``?token=``); the link works once."""
    token = request.args.get("token", "")
    user = accounts.user_for_token(token)
    if user is None:
        return render_template("auth/link_not_working.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        lock_row(User, user.id)
        user = accounts.user_for_token(token)  # as the first of two at once left it: used, it works no more
        if user is None:
            return render_template("auth/link_not_working.html"), 404
        accounts.set_password(user, form.password.data)
        if current_user.is_authenticated:
            logout_user()
        flash("Your password is set. Sign in with your email address and the new password.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, person=user)
