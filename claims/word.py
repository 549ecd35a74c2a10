"""Word documents: filling a docxtpl template from a plain dict, safely, and checking a template.

Every generated document (letters, the valuation report) goes through ``render``:

- the template runs in Jinja's sandbox, so an uploaded template cannot reach Python internals;
- every value is escaped as it is written (``docx_text``), so text a claimant typed (``&``,
  ``<``, quotes, ``{{ }}``, ``{_{``, XML fragments, control characters) appears exactly as
  typed and the file always opens;
- with ``strict=True`` a name the context does not have is an error, not a blank in a letter.

``check_template`` renders a template against a sample context and reports what is wrong by
name (syntax errors with the text around them, undefined variables), for template uploads.
``check_file`` says whether an upload is a Word document that is safe to open at all: the zip
passes ``claims.zipguard`` before python-docx or docxtpl unpacks any of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from claims import filecheck, zipguard

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def docx_text(value):
    """Text exactly as typed, safe in Word's XML (the Jinja ``finalize`` hook).

    Escaping makes ``<``, ``&`` and quotes plain text. Line endings become ``\\n`` (docxtpl turns
    it into a line break). Characters XML cannot hold are dropped (the forms refuse them anyway).
    docxtpl turns "{_{", "}_}", "{_%" and "%_}" in the rendered XML into Jinja delimiters, so an
    underscore beside a brace or percent sign is written as a character reference, which it
    does not touch and Word reads as the underscore typed.
    """
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    text = _NOT_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = str(escape(text)).replace("{_", "{&#95;").replace("_}", "&#95;}")
    return Markup(escaped.replace("%_", "%&#95;").replace("_%", "&#95;%"))


def environment(*, strict: bool = True) -> SandboxedEnvironment:
    """The Jinja environment templates render in: sandboxed, autoescaped, strict about names."""
    options = {"undefined": StrictUndefined} if strict else {}
    return SandboxedEnvironment(autoescape=True, finalize=docx_text, **options)


def render(template: bytes | str, context: dict, *, strict: bool = True, images: dict | None = None) -> bytes:
    """The filled document as .docx bytes. ``template`` is the .docx bytes or a file path.

    ``images`` maps a context name to PNG bytes and a width in millimetres, placed with
    docxtpl's InlineImage (the context must not be database objects; see module docstring).
    """
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    document = DocxTemplate(BytesIO(template) if isinstance(template, bytes) else template)
    extra = {name: InlineImage(document, BytesIO(png), width=Mm(width_mm))
             for name, (png, width_mm) in (images or {}).items()}
    document.render({**context, **extra}, jinja_env=environment(strict=strict), autoescape=True)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with a template, said so a solicitor can find it in Word."""

    kind: str  # "not_docx", "unsafe_file", "syntax", "undefined", "unsafe", "error"
    message: str
    near: str = ""  # the document text around the problem, when known


def check_template(data: bytes, sample: dict) -> list[TemplateProblem]:
    """What stops ``data`` (a .docx template) from rendering ``sample``; empty when it renders.

    Names the template uses that the sample does not have are all reported at once; then a
    trial render reports the first syntax error, unknown attribute or sandbox refusal.
    """
    from docxtpl import DocxTemplate

    if problems := check_file(data):
        return problems
    try:
        template = DocxTemplate(BytesIO(data))
        unknown = sorted(template.get_undeclared_template_variables(environment()) - set(sample))
    except TemplateSyntaxError as exc:
        return [_syntax_problem(exc)]
    except Exception:  # a .docx python-docx cannot read: corrupt parts, missing document.xml
        return [TemplateProblem("not_docx", "The Word document could not be read; save it again from Word.")]
    if unknown:
        return [TemplateProblem("undefined", f"The template uses “{name}”, which letters do not provide.")
                for name in unknown]
    try:
        render(data, sample)
    except TemplateSyntaxError as exc:
        return [_syntax_problem(exc)]
    except UndefinedError as exc:
        name = _undefined_name(exc)
        return [TemplateProblem("undefined", f"The template uses a name letters do not provide: “{name}”.",
                                _near(exc) or _paragraph_with(template, name))]
    except SecurityError as exc:
        return [TemplateProblem("unsafe", f"The template tries something templates may not do: {exc}.", _near(exc))]
    except TemplateError as exc:
        return [TemplateProblem("error", f"The template could not be filled in: {exc.message or exc}.", _near(exc))]
    return []


def check_file(data: bytes) -> list[TemplateProblem]:
    """Why ``data`` cannot be opened as a Word document (not one, or an unsafe zip); empty when it can."""
    not_docx = [TemplateProblem("not_docx", "The file is not a Word document (.docx).")]
    if not data.startswith(b"PK"):
        return not_docx
    try:
        names = {member.name for member in zipguard.check(data, "The file")}
    except zipguard.Unreadable:
        return not_docx
    except zipguard.Refused as exc:
        return [TemplateProblem("unsafe_file", f"{exc}.")]
    if "word/document.xml" not in names or "word/vbaProject.bin" in names:
        return not_docx
    try:
        filecheck.check_docx("The file", data)  # no macros, controls or links outside it, carried into letters
    except filecheck.Refused as exc:
        return [TemplateProblem("unsafe_file", f"{exc}.")]
    return []


def _syntax_problem(exc: TemplateSyntaxError) -> TemplateProblem:
    return TemplateProblem("syntax", f"A tag is not written correctly: {exc.message}.", _near(exc))


def _undefined_name(exc: UndefinedError) -> str:
    """The name from Jinja's message: "'dict object' has no attribute 'x'" or "'x' is undefined"."""
    found = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", exc.message or "")
    return (found.group(1) or found.group(2)) if found else str(exc.message)


def _paragraph_with(template, name: str) -> str:
    """The first paragraph of the template that mentions ``name``, to help find it in Word."""
    paragraphs = [p.text for p in template.get_docx().paragraphs]
    paragraphs += [c.text for t in template.get_docx().tables for r in t.rows for c in r.cells]
    return next((text.strip()[:300] for text in paragraphs if name in text), "")


def _near(exc: Exception) -> str:
    """The document text around a failing tag (docxtpl strips the XML tags for us)."""
    lines = [line.strip() for line in getattr(exc, "docx_context", None) or () if line.strip()]
    return " … ".join(lines)[:300]
