"""The "check your answers" view of a draft: each page's questions and answers as text."""
from __future__ import annotations

from dataclasses import dataclass, field

from claims.domain.money import format_pence
from claims.intake.steps import Step, applicable_steps, from_answers
from claims.web import uk_date


@dataclass
class Row:
    question: str
    answer: str
    anchor: str


@dataclass
class Section:
    step: Step
    rows: list[Row] = field(default_factory=list)


def summarise(answers: dict) -> list[Section]:
    """One section per applicable page, in order, with every answer as display text."""
    sections = []
    for step in applicable_steps(answers):
        form = step.form(data=from_answers(step, answers.get(step.slug, {})), meta={"csrf": False}, formdata=None)
        sections.append(Section(step, [_row(f) for f in form if _shown(f, step)]))
    return sections


def _shown(field, step: Step) -> bool:
    if field.type == "CSRFTokenField":
        return False
    if step.slug == "money":  # only the heads of loss the claimant filled in
        return bool(field.data)
    return True


def _row(field) -> Row:
    anchor = f"{field.id}-day" if field.type == "DatePartsField" else (
        f"{field.id}-0" if field.type in ("RadioField", "MultiCheckboxField") else field.id)
    return Row(field.label.text, display(field), anchor)


def display(field) -> str:
    """A field's answer as plain text."""
    data = field.data
    if field.type == "DatePartsField":
        return uk_date(data) if data else "Not given"
    if field.type == "PoundsField":
        return format_pence(data) if data else "Not given"
    if field.type == "RadioField":
        return dict(field.choices).get(data, "Not given")
    if field.type == "MultiCheckboxField":
        labels = dict(field.choices)
        return "\n".join(labels.get(code, code) for code in data or []) or "None"
    return data if data else "Not given"
