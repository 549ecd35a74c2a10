"""Routes of the public claim form. Each view reads a form, calls a service, commits, redirects."""
from __future__ import annotations

import secrets
from functools import wraps

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_wtf import FlaskForm
from sqlalchemy import select

from claims import evidence
from claims.clock import uk_today
from claims.extensions import db, limiter
from claims.intake import notices
from claims.intake.drafts import create_draft, draft_evidence, find_draft, purge_expired_drafts, save_page
from claims.intake.forms import DeclarationForm, EvidenceForm
from claims.intake.steps import (
    BY_SLUG, EVIDENCE_SLUG, STEPS, first_unanswered, from_answers, next_step, previous_slug, progress, to_answers,
)
from claims.intake.submission import AlreadySubmitted, submit_draft
from claims.firm import review_working_days
from claims.intake.summary import summarise
from claims.models import Claim, Defendant, EvidenceFile, IntakeDraft
from claims.row_locks import lock_row

bp = Blueprint("intake", __name__, url_prefix="/claim")
limiter.limit(lambda: current_app.config["PUBLIC_FORM_RATE_LIMIT"], methods=["POST"])(bp)
SESSION_KEY = "draft_token"
FORM_SESSION_KEY = "form_session"  # one browser session on the claim form (the submit limit counts per session)


def draft_required(view):
    """Load the claimant's own draft from their session, or send them to the start page."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        draft = find_draft(session.get(SESSION_KEY))
        if draft is None:
            flash("Your saved claim could not be found. It may have expired. You can start a new claim.", "info")
            return redirect(url_for("intake.start"))
        return view(draft, *args, **kwargs)
    return wrapped


@bp.route("/")
def start():
    has_draft = find_draft(session.get(SESSION_KEY)) is not None
    return render_template("intake/start.html", form=FlaskForm(), has_draft=has_draft)


@bp.route("/start", methods=["POST"])
def begin():
    if not FlaskForm().validate_on_submit():
        abort(400)
    purge_expired_drafts(limit=50)  # keep the table small without a scheduler
    draft, token = create_draft()
    session[SESSION_KEY] = token
    session.setdefault(FORM_SESSION_KEY, secrets.token_urlsafe(12))  # kept after submitting: the limit's key
    return redirect(url_for("intake.page", slug=STEPS[0].slug))


@bp.route("/resume")
def resume():
    token = request.args.get("t", "")
    draft = find_draft(token)
    if draft is None:
        abort(404)
    session[SESSION_KEY] = token
    session.setdefault(FORM_SESSION_KEY, secrets.token_urlsafe(12))
    following = first_unanswered(draft.answers)
    return redirect(url_for("intake.page", slug=following.slug) if following else url_for("intake.check"))


@bp.route("/<slug>", methods=["GET", "POST"])
@draft_required
def page(draft, slug: str):
    step = BY_SLUG.get(slug) or abort(404)
    if not step.applies(draft.answers):
        return redirect(url_for("intake.check"))
    saved = draft.answers.get(slug)
    form = step.form() if request.method == "POST" else step.form(data=from_answers(step, saved or {}))
    if form.validate_on_submit():
        first_email = slug == "about-you" and "about-you" not in draft.answers
        save_page(draft, slug, to_answers(form))
        if first_email:
            notices.send_resume_link(draft, session[SESSION_KEY])
        return redirect(_after_saving(draft, slug))
    return render_template(f"intake/{slug}.html", form=form, step=step, draft=draft,
                           progress=progress(slug, draft.answers), back=previous_slug(slug, draft.answers),
                           defendant_names=_defendant_names() if slug == "organisation" else [])


def _after_saving(draft, slug: str) -> str:
    if request.form.get("action") == "save":
        return url_for("intake.saved")
    if request.args.get("change"):
        following = first_unanswered(draft.answers)
        return url_for("intake.page", slug=following.slug, change=1) if following else url_for("intake.check")
    following = next_step(slug, draft.answers)
    return url_for("intake.page", slug=following.slug) if following else url_for("intake.evidence_page")


def _defendant_names() -> list[str]:
    return list(db.session.scalars(select(Defendant.name).order_by(Defendant.name).limit(500)))


@bp.route("/saved", methods=["GET", "POST"])
@draft_required
def saved(draft):
    form = FlaskForm()
    email = draft.answers.get("about-you", {}).get("email")
    if form.validate_on_submit() and email:
        notices.send_resume_link(draft, session[SESSION_KEY])
        flash("We have emailed the link to you again.", "success")
        return redirect(url_for("intake.saved"))
    link = notices.resume_url(session[SESSION_KEY])
    return render_template("intake/saved.html", link=link, email=email, form=form, draft=draft)


@bp.route("/evidence", methods=["GET", "POST"])
@draft_required
def evidence_page(draft):
    form = EvidenceForm()
    if form.validate_on_submit():
        accepted = _store_uploads(draft, form)
        if accepted:
            flash(f"Uploaded {accepted} file{'s' if accepted > 1 else ''}.", "success")
        if not form.files.errors:
            return redirect(url_for("intake.evidence_page"))
    return render_template("intake/evidence.html", form=form, files=draft_evidence(draft), draft=draft,
                           progress=progress(EVIDENCE_SLUG, draft.answers),
                           back=previous_slug(EVIDENCE_SLUG, draft.answers))


def _store_uploads(draft, form: EvidenceForm) -> int:
    """Store each acceptable file; note a message for each rejected one. Returns how many were kept."""
    config = current_app.config
    # Two uploads at once (two tabs, a double click) must not both pass the claim's size limit.
    lock_row(IntakeDraft, draft.id, unchanged=(IntakeDraft.updated_at,))
    used = sum(item.size_bytes for item in draft_evidence(draft))
    accepted = 0
    uploads = [f for f in request.files.getlist(form.files.name) if f and f.filename]
    if not uploads:
        form.files.errors.append("Select a file to upload")
    try:
        evidence.check_file_count(len(draft_evidence(draft)), len(uploads))
    except evidence.RejectedFile as exc:
        form.files.errors.append(str(exc))
        return 0
    for upload in uploads:
        data = upload.read(config["MAX_FILE_BYTES"] + 1)
        try:
            checked = evidence.check_upload(upload.filename, data, max_bytes=config["MAX_FILE_BYTES"])
            if used + len(data) > config["MAX_CLAIM_EVIDENCE_BYTES"]:
                raise evidence.RejectedFile(
                    f"{checked.display_name} was not added: your files together must be smaller than "
                    f"{config['MAX_CLAIM_EVIDENCE_BYTES'] // (1024 * 1024)} MB")
        except evidence.RejectedFile as exc:
            form.files.errors.append(str(exc))
            continue
        evidence.store(checked, draft_id=draft.id)
        used += len(data)
        accepted += 1
    return accepted


@bp.route("/evidence/<id:file_id>/remove", methods=["POST"])
@draft_required
def remove_evidence(draft, file_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    item = db.session.get(EvidenceFile, file_id)
    if item is None or item.draft_id != draft.id or item.claim_id is not None:
        abort(404)  # never reveal another claimant's file
    name = item.original_name
    evidence.delete(item)
    flash(f"Removed {name}.", "success")
    return redirect(url_for("intake.evidence_page"))


@bp.route("/check-your-answers")
@draft_required
def check(draft):
    missing = first_unanswered(draft.answers)
    if missing is not None:
        return redirect(url_for("intake.page", slug=missing.slug))
    return render_template("intake/check.html", sections=summarise(draft.answers), files=draft_evidence(draft))


def _session_or_address() -> str:
    """Count submissions per browser session, so claimants sharing one address do not share a limit
    (a session that sends claim after claim meets it; the per-address ceiling stops a flood that drops
    its cookies)."""
    form_session = session.get(FORM_SESSION_KEY)
    return f"form-session:{form_session}" if form_session else get_remote_address()


def _submitted(_response) -> bool:
    """Only a claim that went through counts; a declaration sent back with errors does not."""
    return bool(g.get("claim_submitted"))


@bp.route("/declaration", methods=["GET", "POST"])
@draft_required
@limiter.limit(lambda: current_app.config["CLAIM_SUBMIT_IP_RATE_LIMIT"], methods=["POST"], deduct_when=_submitted)
@limiter.limit(lambda: current_app.config["CLAIM_SUBMIT_RATE_LIMIT"], methods=["POST"], key_func=_session_or_address,
               deduct_when=_submitted)
def declaration(draft):
    if (missing := first_unanswered(draft.answers)) is not None:
        return redirect(url_for("intake.page", slug=missing.slug))
    form = DeclarationForm()
    if form.validate_on_submit():
        contact_email = draft.answers["about-you"]["email"]
        try:
            claim = submit_draft(draft, today=uk_today())
        except AlreadySubmitted:  # sent twice at once: the first went through; show its confirmation
            db.session.rollback()
            first = db.session.get(IntakeDraft, draft.id, populate_existing=True)
            return _confirm(db.session.get(Claim, first.claim_id))
        notices.send_acknowledgement(claim, contact_email)
        g.claim_submitted = True
        return _confirm(claim)
    return render_template("intake/declaration.html", form=form)


def _confirm(claim):
    session.pop(SESSION_KEY, None)
    session["submitted_reference"] = claim.reference
    return redirect(url_for("intake.confirmation"))


@bp.route("/confirmation")
def confirmation():
    reference = session.get("submitted_reference") or abort(404)
    return render_template("intake/confirmation.html", reference=reference, review_days=review_working_days())


@bp.route("/privacy")
def privacy():
    return render_template("intake/privacy.html")
