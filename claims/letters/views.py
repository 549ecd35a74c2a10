"""Staff routes for letters: accept or decline a claim, prepare the letter of claim, generate letters,
read and download them, resend the signing link, manage letter templates and the firm's settings."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from claims import audit, web, word
from claims.claim.access import current_user_claim, may, permission_required
from claims.claim.moves import already_done
from claims.claim.limitation import dates_for
from claims.clock import uk_today
from claims.domain.deadlines import deemed_receipt
from claims.domain.fees import success_fee_from_prospects
from claims.domain.letters import LETTER_KINDS
from claims.domain.status import TRANSITIONS, TransitionError
from claims.extensions import db
from claims.ids import id_arg
from claims.letters import agreements, bulk, documents, pdf, preview, sending, service, templates
from claims.letters.context import DEFAULT_PROSPECTS, agreement_terms, claim_forum, facts_draft
from claims.firm import firm_settings, save_settings
from claims.letters.forms import (
    AcceptForm, ActivateTemplateForm, BulkForm, BulkIncidentForm, DeclineForm, DefendantAddressForm, FactsForm,
    FirmSettingsForm, ForumForm, GenerateForm, ResendForm, SendForm, TemplateUploadForm,
)
from claims.letters.sample import sample_context
from claims.models import BulkLetterJob, ClaimDocument, Incident
from claims.models._types import utcnow

bp = Blueprint("letters", __name__)


@bp.route("/staff/claims/<id:claim_id>/accept", methods=["GET", "POST"])
@permission_required("work_claims")
def accept(claim_id: int):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    if "accepted" not in TRANSITIONS[claim.status]:
        flash(f"This claim cannot be accepted now. {already_done(claim)}", "error")
        return redirect(url_for("cases.detail", claim_id=claim.id))
    form = AcceptForm()
    if form.validate_on_submit():
        decision = service.Acceptance(
            reason=form.reason.data, prospects_percent=form.prospects_percent.data,
            success_fee_percent=form.success_fee_percent.data, success_fee_reason=form.success_fee_reason.data or None,
            ate_premium_pence=form.ate_premium.data, ate_recoverable=form.ate_recoverable.data)
        service.accept(claim, decision, by=current_user, today=uk_today())
        flash("Claim accepted. The client care letter and CFA are made and the signing link is emailed to the client.",
              "success")
        return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="letters"))
    if not form.is_submitted():
        form.prospects_percent.data = DEFAULT_PROSPECTS
    reckoner = [(p, success_fee_from_prospects(p)) for p in (50, 55, 60, 65, 70, 75, 80, 90)]
    return render_template("letters/accept.html", claim=claim, form=form, firm=firm_settings(), reckoner=reckoner)


@bp.route("/staff/claims/<id:claim_id>/decline", methods=["GET", "POST"])
@permission_required("work_claims")
def decline(claim_id: int):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    if "declined" not in TRANSITIONS[claim.status]:
        flash(f"This claim cannot be declined now. {already_done(claim)}", "error")
        return redirect(url_for("cases.detail", claim_id=claim.id))
    form = DeclineForm()
    if form.validate_on_submit():
        document = service.decline(claim, form.reason.data, by=current_user, today=uk_today())
        flash("Claim declined. The decline letter, with the limitation warning, is ready to send.", "success")
        return redirect(url_for("letters.document", claim_id=claim.id, document_id=document.id))
    return render_template("letters/decline.html", claim=claim, form=form, dates=dates_for(claim), today=uk_today())


@bp.route("/staff/claims/<id:claim_id>/letters/new", methods=["GET", "POST"])
@permission_required("work_claims")
def generate(claim_id: int):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    form = GenerateForm()
    signed = agreements.signed_agreement(claim.id) is not None
    if form.validate_on_submit():
        override = form.override_reason.data if may(current_user, "override_cfa_rule") else None
        if form.override_reason.data and not may(current_user, "override_cfa_rule"):
            form.override_reason.errors.append("Only a partner can override the CFA rule")
        else:
            try:
                today = uk_today()
                delivery = (deemed_receipt(form.delivery.data, today, before_cutoff=form.before_cutoff.data)
                            if form.delivery.data else None)
                document = service.generate(claim, form.kind.data, by=current_user, today=today,
                                            override_reason=override, delivery=delivery)
            except (service.LetterRefused, TransitionError) as exc:
                db.session.rollback()  # nothing of a refused letter is kept
                form.kind.errors.append(str(exc))
            else:
                flash(f"{document.title} version {document.version} generated.", "success")
                return redirect(url_for("letters.document", claim_id=claim.id, document_id=document.id))
    return render_template("letters/generate.html", claim=claim, form=form, cfa_signed=signed)


# -- preparing the letter of claim: the defendant's address, the approved facts, the forum ---------------

@bp.route("/staff/claims/<id:claim_id>/letter-of-claim", methods=["GET", "POST"])
@permission_required("work_claims")
def prepare(claim_id: int):
    """One page, three forms (each posts its own button): the defendant's address, the facts, the forum."""
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    register = claim.defendant
    defendant = DefendantAddressForm(prefix="defendant", address=register.address if register else "",
                                     dpo_email=register.dpo_email if register else "")
    facts = FactsForm(prefix="facts", summary=claim.facts_summary or facts_draft(claim))
    forum = ForumForm(prefix="forum")
    done = None
    if defendant.submit.data and defendant.validate_on_submit():
        service.set_defendant_address(claim, defendant.address.data, defendant.dpo_email.data)
        done = f"Address saved for {claim.defendant.name}: every claim against it uses it."
    elif (facts.save.data or facts.confirm.data) and facts.validate_on_submit():
        done = _save_facts(claim, facts)
    elif forum.submit.data and forum.validate_on_submit():
        service.confirm_forum(claim, forum.reason.data, by=current_user)
        done = "Forum confirmed."
    if done:
        flash(done, "success")
        return redirect(url_for("letters.prepare", claim_id=claim.id))
    return render_template("letters/prepare.html", claim=claim, facts=facts, forum=forum, defendant=defendant,
                           place=claim_forum(claim))


def _save_facts(claim, form: FactsForm) -> str | None:
    """Save (and perhaps confirm) the summary; None, with the reason on the form, if it cannot be confirmed."""
    try:
        service.save_facts(claim, form.summary.data, by=current_user, confirm=form.confirm.data)
    except service.FactsNotReady as exc:
        form.summary.errors.append(str(exc))
        return None
    return ("Summary confirmed for the letter of claim." if form.confirm.data
            else "Summary saved. It must be confirmed before the letter of claim is made.")


@bp.route("/staff/claims/<id:claim_id>/agreement/resend", methods=["POST"])
@permission_required("work_claims")
def resend_agreement(claim_id: int):
    """Send a fresh signing link for the latest unsigned CFA (the old link stops working)."""
    claim = current_user_claim(claim_id, lock=True)
    latest = agreements.latest_agreement(claim.id)
    if not ResendForm().validate_on_submit():
        abort(400)
    if latest is None or latest.signed_at is not None or claim.status != "cfa_sent":
        flash("There is no unsigned CFA to send again.", "error")
    else:
        service.send_agreement(claim, agreement_terms(latest), prospects=latest.prospects_percent,
                               success_fee_reason=latest.success_fee_reason, by=current_user, today=uk_today())
        flash("A new signing link has been emailed to the client; the old link no longer works.", "success")
    return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="letters"))


def _claim_document(claim_id: int, document_id: int):
    claim = current_user_claim(claim_id)
    document = db.session.get(ClaimDocument, document_id)
    if document is None or document.claim_id != claim.id:
        abort(404)
    return claim, document


@bp.route("/staff/claims/<id:claim_id>/documents/<id:document_id>")
@permission_required("see_claims")
def document(claim_id: int, document_id: int):
    claim, item = _claim_document(claim_id, document_id)
    audit.record("document.viewed", entity_type="claim_document", entity_id=item.id, claim_id=claim.id)
    return render_template("letters/document.html", claim=claim, document=item,
                           body=documents.html_of(item), pdf_available=pdf.available())


@bp.route("/staff/claims/<id:claim_id>/documents/<id:document_id>/send", methods=["GET", "POST"])
@permission_required("work_claims")
def send(claim_id: int, document_id: int):
    """Email the document (attached as stored) or record it as posted or delivered, after confirming the address."""
    if request.method == "POST":
        current_user_claim(claim_id, lock=True)
    claim, item = _claim_document(claim_id, document_id)
    to_defendant = sending.rules.to_defendant(item.kind)
    form = SendForm()
    if not form.is_submitted():
        form.channel.data = "email"
        form.to_email.data = sending.suggested_address(claim, item, "email")
        form.address.data = sending.suggested_address(claim, item, "first_class_post")
    if form.validate_on_submit():
        try:
            if form.channel.data == "email":
                row = sending.send_by_email(claim, item, to_address=form.to_email.data, by=current_user, now=utcnow())
            else:
                row = sending.record_posted(claim, item, channel=form.channel.data, address=form.address.data,
                                            posted_on=form.posted_on.data, before_cutoff=form.before_cutoff.data,
                                            by=current_user, today=uk_today())
        except sending.SendingRefused as exc:
            db.session.rollback()
            (form.to_email if form.channel.data == "email" else form.posted_on).errors.append(str(exc))
        else:
            done = "queued to email" if row.channel == "email" else "recorded as sent"
            received = (f" It is taken as received on {row.deemed_received_on:%d/%m/%Y}; the reply date runs from then."
                        if row.deemed_received_on else "")
            flash(f"{item.title} version {item.version} {done} to {row.to_address.splitlines()[0]}.{received}",
                  "success")
            return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="letters"))
    return render_template("letters/send.html", claim=claim, document=item, form=form, to_defendant=to_defendant,
                           client=sending.client_of(claim))


@bp.route("/staff/claims/<id:claim_id>/documents/<id:document_id>/download")
@permission_required("see_claims")
def download(claim_id: int, document_id: int):
    claim, item = _claim_document(claim_id, document_id)
    data = documents.read(item)
    audit.record("document.downloaded", entity_type="claim_document", entity_id=item.id, claim_id=claim.id)
    return web.download(data, word.DOCX_MEDIA_TYPE, documents.download_name(claim, item))


@bp.route("/staff/claims/<id:claim_id>/documents/<id:document_id>/pdf")
@permission_required("see_claims")
def download_pdf(claim_id: int, document_id: int):
    claim, item = _claim_document(claim_id, document_id)
    try:
        data = pdf.docx_to_pdf(documents.read(item))
    except pdf.PdfUnavailable:
        return render_template("letters/pdf_unavailable.html", claim=claim, document=item), 503
    audit.record("document.downloaded", entity_type="claim_document", entity_id=item.id, claim_id=claim.id,
                 details={"format": "pdf"})
    return web.download(data, "application/pdf", documents.download_name(claim, item, "pdf"))


# -- templates ---------------------------------------------------------------------------------------

@bp.route("/staff/letters/templates")
@permission_required("keep_templates")
def template_list():
    rows = [(kind, label, templates.active(kind)) for kind, label in LETTER_KINDS.choices()]
    return render_template("letters/templates.html", rows=rows)


@bp.route("/staff/letters/templates/<kind>", methods=["GET", "POST"])
@permission_required("keep_templates")
def template_detail(kind: str):
    if kind not in LETTER_KINDS:
        abort(404)
    form, problems = TemplateUploadForm(), []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            row = templates.upload(kind, upload.filename or "template.docx", upload.read(templates.MAX_TEMPLATE_BYTES + 1),
                                   note=form.note.data, by=current_user)
        except templates.TemplateRejected as exc:
            problems = exc.problems
            db.session.rollback()
        else:
            flash(f"Version {row.version} checked against the sample claim and now in use.", "success")
            return redirect(url_for("letters.template_detail", kind=kind))
    return render_template("letters/template_detail.html", kind=kind, label=LETTER_KINDS[kind], form=form,
                           problems=problems, current=templates.active(kind), versions=templates.versions(kind),
                           activate_form=ActivateTemplateForm())


@bp.route("/staff/letters/templates/<kind>/activate", methods=["POST"])
@permission_required("keep_templates")
def template_activate(kind: str):
    if kind not in LETTER_KINDS:
        abort(404)
    form = ActivateTemplateForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        templates.activate(kind, form.version.data)
    except LookupError:
        abort(404)
    flash("The shipped template is in use again." if form.version.data is None
          else f"Version {form.version.data} is in use again.", "success")
    return redirect(url_for("letters.template_detail", kind=kind))


@bp.route("/staff/letters/templates/<kind>/download")
@permission_required("keep_templates")
def template_download(kind: str):
    if kind not in LETTER_KINDS:
        abort(404)
    version = id_arg("version")
    template = templates.active(kind) if version is None else next(
        (templates.Template(kind, row.content, row.sha256, row.version)
         for row in templates.versions(kind) if row.version == version), None)
    if template is None:
        abort(404)
    return web.download(template.content, word.DOCX_MEDIA_TYPE, f"{kind}-{template.label.replace(' ', '-')}.docx")


@bp.route("/staff/letters/templates/<kind>/sample")
@permission_required("keep_templates")
def template_sample(kind: str):
    """The active template filled with the sample claim, as a preview."""
    if kind not in LETTER_KINDS:
        abort(404)
    template = templates.active(kind)
    body = preview.docx_to_html(word.render(template.content, sample_context()))
    return render_template("letters/template_sample.html", kind=kind, label=LETTER_KINDS[kind], body=body,
                           template=template)


# -- firm settings -----------------------------------------------------------------------------------

@bp.route("/staff/admin/firm", methods=["GET", "POST"])
@permission_required("run_firm")
def firm():
    row = firm_settings()
    form = FirmSettingsForm(obj=row)
    if not form.is_submitted():
        form.base_costs.data, form.ate_premium.data = row.base_costs_pence, row.ate_premium_pence
    if form.validate_on_submit():
        for name in ("name", "address", "sra_number", "phone", "email", "complaints_contact", "signatory",
                     "cap_percent", "vat_percent", "signing_link_days", "review_working_days"):
            setattr(row, name, getattr(form, name).data)
        row.base_costs_pence, row.ate_premium_pence = form.base_costs.data, form.ate_premium.data
        row.updated_by_id = current_user.id
        save_settings(row)
        audit.record("firm_settings.changed", entity_type="firm_settings", entity_id=row.id)
        flash("Firm settings saved. New letters use them.", "success")
        return redirect(url_for("letters.firm"))
    return render_template("letters/firm.html", form=form)


# -- bulk letters of claim ---------------------------------------------------------------------------

@bp.route("/staff/letters/bulk", methods=["GET", "POST"])
@permission_required("work_claims")
def bulk_start():
    ready = bulk.defendants_ready(current_user)
    form = BulkForm()
    form.defendant.choices = [(name, f"{name} ({count} claim{'s' if count != 1 else ''} ready)") for name, count in ready]
    if form.validate_on_submit():
        try:
            job = bulk.start(form.defendant.data, by=current_user)
        except bulk.JobAlreadyOpen as exc:
            form.defendant.errors.append(str(exc))
            job = False
        if job is None:
            form.defendant.errors.append("No claims against this defendant are ready for a letter of claim")
        elif job:
            return redirect(url_for("letters.bulk_job", job_id=job.id))
    recent = bulk.visible_jobs(db.session.scalars(
        select(BulkLetterJob).order_by(BulkLetterJob.id.desc()).limit(20)).all(), current_user)
    return render_template("letters/bulk.html", form=form, ready=ready, recent=recent)


@bp.route("/staff/letters/bulk/incident/<id:incident_id>", methods=["POST"])
@permission_required("work_claims")
def bulk_incident(incident_id: int):
    """Letters of claim for every ready claim of one incident (from the incident's page)."""
    incident = db.session.get(Incident, incident_id) or abort(404)
    back = redirect(url_for("register.incident", incident_id=incident.id))
    if not BulkIncidentForm().validate_on_submit():
        return back
    try:
        job = bulk.start("", by=current_user, incident=incident)
    except bulk.JobAlreadyOpen as exc:
        flash(f"{exc}.", "error")
        return back
    if job is None:
        flash("None of this incident's claims that you may see is ready for a letter of claim (a signed CFA and no "
              "letter of claim yet).", "info")
        return back
    return redirect(url_for("letters.bulk_job", job_id=job.id))


@bp.route("/staff/letters/bulk/<id:job_id>")
@permission_required("work_claims")
def bulk_job(job_id: int):
    job = _bulk_job(job_id)
    return render_template("letters/bulk_job.html", job=job, failures=bulk.failures(job))


@bp.route("/staff/letters/bulk/<id:job_id>/download")
@permission_required("work_claims")
def bulk_download(job_id: int):
    job = _bulk_job(job_id)
    if not job.zip_name:
        abort(404)
    audit.record("bulk_letters.downloaded", entity_type="bulk_letter_job", entity_id=job.id)
    return send_file(documents.documents_dir() / job.zip_name, mimetype="application/zip", as_attachment=True,
                     download_name=f"letters-of-claim-job-{job.id}.zip")


def _bulk_job(job_id: int) -> BulkLetterJob:
    """The job, or 404: also when it holds a claim the user may not see (its page and zip hold the letters)."""
    job = db.session.get(BulkLetterJob, job_id)
    if job is None or not bulk.visible_jobs([job], current_user):
        abort(404)
    return job
