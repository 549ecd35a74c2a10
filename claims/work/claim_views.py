"""A claim's tasks and notes: add a task, mark one done or open it again; record a file note, a phone call
or a document received; edit a note (keeping what it said) and read its earlier versions."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from claims import audit, evidence
from claims.claim.access import current_user_claim, permission_required
from claims.clock import UK
from claims.extensions import db
from claims.models import Claim, Note, Task, User
from claims.web import uk_datetime
from claims.work import notes, tasks
from claims.work.forms import CallForm, DocumentDetailsForm, DocumentForm, DoneForm, FileNoteForm, TaskForm
from claims.work.views import bp

EDIT_FORMS = {"file_note": FileNoteForm, "phone_call": CallForm, "document": DocumentDetailsForm}
BACK = {"my_day": ("work.my_day", {}), "claim": ("cases.detail", {"_anchor": "tasks"})}


def _owners() -> list[tuple[int, str]]:
    """Who a task can be given to: active solicitors and partners."""
    return list(db.session.execute(select(User.id, User.full_name).where(
        User.active.is_(True), User.role.in_(("solicitor", "partner"))).order_by(User.full_name, User.id)).all())


def _task_of(claim, task_id: int) -> Task:
    task = db.session.get(Task, task_id)
    if task is None or task.claim_id != claim.id:
        abort(404)
    return task


def _note_of(claim, note_id: int) -> Note:
    note = db.session.get(Note, note_id)
    if note is None or note.claim_id != claim.id:
        abort(404)
    return note


def _back(claim_id: int):
    endpoint, extra = BACK.get(request.args.get("back", ""), BACK["claim"])
    return redirect(url_for(endpoint, **({"claim_id": claim_id} if endpoint == "cases.detail" else {}), **extra))


@bp.route("/staff/claims/<id:claim_id>/tasks/new", methods=["GET", "POST"])
@permission_required("work_claims")
def new_task(claim_id: int):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    form = TaskForm(owners=_owners())
    if form.validate_on_submit():
        tasks.add(claim, title=form.title.data, due_on=form.due_on.data, details=form.details.data,
                  assigned_to_id=form.owner_id, by=current_user)
        flash("Task added.", "success")
        return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="tasks"))
    return render_template("work/task_form.html", claim=claim, form=form)


@bp.route("/staff/claims/<id:claim_id>/tasks/<id:task_id>/done", methods=["POST"])
@permission_required("work_claims")
def task_done(claim_id: int, task_id: int):
    claim = current_user_claim(claim_id, lock=True)
    task = _task_of(claim, task_id)
    if not DoneForm().validate_on_submit():
        abort(400)
    if task.completed_at is not None:
        who = task.completed_by.full_name if task.completed_by else "a rule"
        flash(f"“{task.title}” was already done: by {who} at {uk_datetime(task.completed_at)}.", "info")
    else:
        tasks.complete(task, by=current_user)
        flash(f"Done: {task.title} ({claim.reference}).", "success")
    return _back(claim.id)


@bp.route("/staff/claims/<id:claim_id>/tasks/<id:task_id>/reopen", methods=["POST"])
@permission_required("work_claims")
def task_reopen(claim_id: int, task_id: int):
    claim = current_user_claim(claim_id, lock=True)
    task = _task_of(claim, task_id)
    if not DoneForm().validate_on_submit():
        abort(400)
    if task.completed_at is not None:
        tasks.reopen(task, by=current_user)
        flash(f"Open again: {task.title}.", "success")
    return _back(claim.id)


@bp.route("/staff/claims/<id:claim_id>/notes/new", methods=["GET", "POST"])
@permission_required("work_claims")
def new_note(claim_id: int):
    return _record(claim_id, FileNoteForm, "file_note")


@bp.route("/staff/claims/<id:claim_id>/calls/new", methods=["GET", "POST"])
@permission_required("work_claims")
def new_call(claim_id: int):
    return _record(claim_id, CallForm, "phone_call")


@bp.route("/staff/claims/<id:claim_id>/received/new", methods=["GET", "POST"])
@permission_required("work_claims")
def new_document(claim_id: int):
    return _record(claim_id, DocumentForm, "document")


def _record(claim_id: int, form_class, kind: str):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    form = form_class()
    if form.validate_on_submit():
        file = _checked_file(claim, form) if kind == "document" else None
        if kind != "document" or file is not None:
            note = notes.add(claim, _entry(kind, form), by=current_user, file=file)
            flash(f"{_KIND_SAVED[kind]} saved.", "success")
            return redirect(url_for("cases.detail", claim_id=claim.id, _anchor=f"note-{note.id}"))
    return render_template("work/note_form.html", claim=claim, form=form, kind=kind, note=None, history=[])


_KIND_SAVED = {"file_note": "File note", "phone_call": "Phone call", "document": "Document"}


def _checked_file(claim: Claim, form: DocumentForm) -> evidence.CheckedFile | None:
    """The uploaded file checked by its content, or None with the reason on the form."""
    upload, limit = form.file.data, current_app.config["MAX_FILE_BYTES"]
    try:
        evidence.check_file_count(len(claim.evidence), 1)
        return evidence.check_upload(upload.filename, upload.read(limit + 1), max_bytes=limit,
                                     accept=evidence.CORRESPONDENCE)
    except evidence.RejectedFile as exc:
        form.file.errors.append(f"{exc}. Choose the file again.")
        return None


def _entry(kind: str, form) -> notes.Entry:
    if kind == "file_note":
        return notes.Entry(kind, form.body.data)
    common = dict(occurred_at=form.occurred_at, party=form.party.data, contact_name=form.contact_name.data)
    if kind == "phone_call":
        return notes.Entry(kind, form.body.data, direction=form.direction.data,
                           duration_minutes=form.duration_minutes.data, **common)
    return notes.Entry(kind, form.body.data, **common)


@bp.route("/staff/claims/<id:claim_id>/notes/<id:note_id>/edit", methods=["GET", "POST"])
@permission_required("work_claims")
def edit_note(claim_id: int, note_id: int):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    note = _note_of(claim, note_id)
    history = notes.revisions(note.id)
    form = EDIT_FORMS[note.kind](data=None if request.method == "POST" else _as_typed(note, len(history)))
    if form.validate_on_submit():
        if form.seen_revision != len(history):
            form.body.errors.append(_changed_meanwhile(note))
            form.revision.data = str(len(history))
        else:
            notes.edit(note, _entry(note.kind, form), by=current_user)
            flash("Saved. The earlier version is kept.", "success")
            return redirect(url_for("cases.detail", claim_id=claim.id, _anchor=f"note-{note.id}"))
    return render_template("work/note_form.html", claim=claim, form=form, kind=note.kind, note=note, history=history)


@bp.route("/staff/claims/<id:claim_id>/notes/<id:note_id>/versions")
@permission_required("see_claims")
def note_versions(claim_id: int, note_id: int):
    claim = current_user_claim(claim_id)
    note = _note_of(claim, note_id)
    audit.record("note.versions_viewed", entity_type="note", entity_id=note.id, claim_id=claim.id)
    return render_template("work/note_versions.html", claim=claim, note=note, history=notes.revisions(note.id))


def _as_typed(note: Note, revision: int) -> dict:
    """The note's fields as the edit form shows them."""
    when = note.occurred_at.astimezone(UK)
    return {"revision": str(revision), "body": note.body, "party": note.party, "contact_name": note.contact_name,
            "direction": note.direction, "duration_minutes": note.duration_minutes, "call_on": when.date(),
            "call_time": when.strftime("%H:%M"), "received_on": when.date()}


def _changed_meanwhile(note: Note) -> str:
    who = note.edited_by.full_name if note.edited_by else "Someone"
    return (f"{who} changed this note at {uk_datetime(note.edited_at)} while you were editing it. What is saved "
            "now is shown below; your text is kept in the box. Save again to replace it.")
