"""The pages of the claim form, in order, and how a draft's answers are read and written.

A draft keeps each page's answers under the page's slug, so changing one page never
touches another. Values are stored as JSON primitives: dates as ISO strings, money in pence.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_wtf import FlaskForm

from claims.intake import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[FlaskForm]
    applies_when_child_claim: bool | None = None  # None: always shown

    def applies(self, answers: dict) -> bool:
        """Whether this page is part of the form for these answers."""
        if self.applies_when_child_claim is None:
            return True
        return is_child_claim(answers) == self.applies_when_child_claim


STEPS: tuple[Step, ...] = (
    Step("about-you", "About you", forms.AboutYouForm),
    Step("about-the-child", "About the child", forms.AboutChildForm, applies_when_child_claim=True),
    Step("organisation", "The organisation", forms.OrganisationForm),
    Step("what-happened", "What happened", forms.WhatHappenedForm),
    Step("what-data", "What information was involved", forms.WhatDataForm),
    Step("who-saw-it", "Who saw it", forms.WhoSawItForm),
    Step("effects", "How it affected you", forms.EffectsForm),
    Step("money", "Money you lost or spent", forms.MoneyForm),
    Step("what-done", "What has been done so far", forms.WhatDoneForm),
)
BY_SLUG = {step.slug: step for step in STEPS}
EVIDENCE_SLUG = "evidence"


def is_child_claim(answers: dict) -> bool:
    """True when the person filling in the form is claiming for a child."""
    return answers.get("about-you", {}).get("claiming_for") == "child"


def applicable_steps(answers: dict) -> list[Step]:
    """The question pages that apply to these answers, in order."""
    return [step for step in STEPS if step.applies(answers)]


def first_unanswered(answers: dict) -> Step | None:
    """The first applicable page with no saved answers, or None when all are done."""
    return next((step for step in applicable_steps(answers) if step.slug not in answers), None)


def next_step(slug: str, answers: dict) -> Step | None:
    """The applicable page after ``slug``, or None after the last question page."""
    pages = applicable_steps(answers)
    slugs = [step.slug for step in pages]
    index = slugs.index(slug) if slug in slugs else -1
    return pages[index + 1] if index + 1 < len(pages) else None


def previous_slug(slug: str, answers: dict) -> str | None:
    """The slug of the page before ``slug`` (for the back link)."""
    slugs = [step.slug for step in applicable_steps(answers)] + [EVIDENCE_SLUG]
    index = slugs.index(slug) if slug in slugs else 0
    return slugs[index - 1] if index > 0 else None


def progress(slug: str, answers: dict) -> tuple[int, int]:
    """(this page's number, number of pages) counting the evidence page."""
    slugs = [step.slug for step in applicable_steps(answers)] + [EVIDENCE_SLUG]
    return (slugs.index(slug) + 1 if slug in slugs else len(slugs), len(slugs))


def to_answers(form: FlaskForm) -> dict:
    """A page's validated data as JSON primitives."""
    data = {name: value for name, value in form.data.items() if name not in ("csrf_token", "files")}
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in data.items()}


def from_answers(step: Step, saved: dict) -> dict:
    """Saved answers back into form data (ISO strings to dates for date fields)."""
    form_fields = step.form._unbound_fields if hasattr(step.form, "_unbound_fields") and step.form._unbound_fields else []
    date_fields = {name for name, unbound in form_fields if unbound.field_class.__name__ == "DatePartsField"}
    return {name: date.fromisoformat(value) if name in date_fields and value else value
            for name, value in saved.items()}
