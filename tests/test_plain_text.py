"""Hidden formatting characters (right-to-left overrides, zero-width spaces, the BOM, soft hyphens) are
refused in every text field of every form, with a message naming the field and the text kept as typed."""
from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField, FieldList, Form as WTForm, FormField, IntegerField, MultipleFileField, RadioField, SelectField,
    StringField, SubmitField,
)

import claims
from claims.extensions import db
from claims.forms import takes_text
from claims.forms.fields import DatePartsField, MultiCheckboxField
from claims.domain.text import BIDI_CONTROLS, hidden_formatting
from claims.forms.validators import PlainText
from claims.models import Agreement, Claim, FirmSettings
from tests.claimant import Claimant
from tests.pages import parse

HIDDEN = {
    "right-to-left override": "\u202e", "left-to-right embedding": "\u202a", "pop directional formatting": "\u202c",
    "left-to-right isolate": "\u2066", "pop directional isolate": "\u2069", "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f", "Arabic letter mark": "\u061c", "zero-width space": "\u200b",
    "zero-width joiner between Latin letters": "\u200d", "zero-width non-joiner between Latin letters": "\u200c",
    "byte-order mark": "\ufeff", "soft hyphen": "\u00ad", "word joiner": "\u2060",
}
REFUSED = " must not contain hidden formatting characters such as right-to-left marks"


@pytest.mark.parametrize("character", sorted(BIDI_CONTROLS), ids=[f"U+{ord(c):04X}" for c in sorted(BIDI_CONTROLS)])
def test_every_bidi_control_is_hidden_formatting(character):
    assert hidden_formatting(f"Mar{character}yam") == [character]


@pytest.mark.parametrize("text", [
    "Zoë 😀 👨\u200d👩\u200d👧",  # a family emoji is three emoji joined by zero-width joiners
    "👩🏽\u200d💻 ❤️\u200d🔥",  # with a skin tone and a variation selector before the joiner
    "می\u200cخواهم",  # Persian writes a zero-width non-joiner inside words
    "क्\u200dष",  # Devanagari uses the joiner to choose a conjunct's form
    "مرحبا بالعالم", "Z̷a̶l̵g̸o", "tab\tand\nnew line",
])
def test_writing_that_needs_invisible_characters_is_kept(text):
    assert hidden_formatting(text) == []


@pytest.mark.parametrize("character", ["\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u034f"],
                         ids=["U+115F", "U+1160", "U+3164", "U+FFA0", "U+2800", "U+034F"])
def test_letters_that_print_as_nothing_are_hidden_formatting(character):
    assert hidden_formatting(f"Alex{character}") == [character]


@pytest.mark.parametrize("character", ["\x85", "\x9b", "\x80", "\u2028", "\u2029", "\x00", "\x7f"],
                         ids=["NEL", "CSI", "U+0080", "LINE SEPARATOR", "PARAGRAPH SEPARATOR", "NUL", "DEL"])
def test_control_characters_are_refused_by_name_and_kept_in_the_box(client, character):
    journey = Claimant(client)
    journey.start()
    page = parse(journey.answer("about-you", first_name=f"Al{character}ex"))
    assert ("#first_name", "First name contains characters we cannot accept") in page.error_summary()
    assert page.by_id("first_name").attrs["value"] == f"Al{character}ex"


@pytest.mark.parametrize("text", ["tab\tand\nnew line\r\n", "Zoë Ångström", "€100"])
def test_ordinary_text_has_no_control_characters(text):
    from claims.domain.text import CONTROL

    assert CONTROL.search(text) is None


@pytest.mark.parametrize("text, found", [
    ("Mar\u202eyam Kh\u202ean", ["\u202e", "\u202e"]),
    ("\u200dAlex", ["\u200d"]), ("Alex\u200d", ["\u200d"]), ("😀\u200dA", ["\u200d"]),
    ("🏴\U000e0067\U000e0062\U000e007f", ["\U000e0067", "\U000e0062", "\U000e007f"]),  # tag characters are refused
])
def test_joiners_outside_writing_that_needs_them_are_refused(text, found):
    assert hidden_formatting(text) == found


# Every field type in the app that cannot hold free text, so needs no check. A new kind of field that
# takes text must either be a StringField (and gets the check) or be added here on purpose.
NOT_TEXT = (BooleanField, RadioField, SelectField, MultiCheckboxField, IntegerField, FileField, MultipleFileField,
            SubmitField, DatePartsField)


def _all_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(claims.__path__, "claims."):
        if module.name != "claims.worker":  # the worker process builds its app when imported
            importlib.import_module(module.name)
    found, queue = set(), [WTForm]
    while queue:
        for subclass in queue.pop().__subclasses__():
            if subclass.__module__.startswith("claims.") and subclass not in found:
                found.add(subclass)
            queue.append(subclass)
    return sorted(found, key=lambda cls: (cls.__module__, cls.__name__))


def _unchecked_fields(form_class) -> list[str]:
    form = form_class(meta={"csrf": False})
    unchecked = []
    for field in form:
        if takes_text(field):
            if not (field.validators and isinstance(field.validators[0], PlainText)):
                unchecked.append(field.name)
        elif isinstance(field, FieldList) and field.unbound_field.field_class is FormField:
            continue  # rows that are forms of their own: the walk finds their class and checks it field by field
        elif not isinstance(field, NOT_TEXT + (StringField,)):
            unchecked.append(f"{field.name} ({type(field).__name__}: is it text?)")
    return unchecked


def test_every_text_field_of_every_form_carries_the_check(app):
    classes = _all_form_classes()
    names = {cls.__name__ for cls in classes}
    assert {"AboutYouForm", "WhatHappenedForm", "LoginForm", "SignForm", "AcceptForm", "FirmSettingsForm",
            "AdjustForm", "UploadForm"} <= names  # the walk found the app's forms
    with app.test_request_context():
        assert {cls.__name__: _unchecked_fields(cls) for cls in classes if _unchecked_fields(cls)} == {}


def test_a_form_that_forgets_the_base_class_is_caught(app):
    class Forgetful(FlaskForm):
        nickname = StringField("Nickname")

    with app.test_request_context():
        assert _unchecked_fields(Forgetful) == ["nickname"]


# (page, field, what the message calls it, a good value to hide a character in)
INTAKE_FIELDS = [
    ("about-you", "first_name", "First name", "Maryam"),
    ("about-you", "last_name", "Last name", "Khan"),
    ("about-you", "email", "Email address", "maryam@example.com"),
    ("about-you", "address_line_1", "Address line 1", "1 High Street"),
    ("about-you", "postcode", "Postcode", "PL1 2AB"),
    ("organisation", "organisation_name", "Name of the organisation", "Plymouth City Council"),
    ("what-happened", "account", "Your account of what happened", "A letter about me went to a neighbour."),
    ("effects", "diagnosis_details", "The diagnosis", "Anxiety"),
    ("money", "therapy_details", None, "Four counselling sessions"),
]


def _hide(character: str, value: str) -> str:
    return value[:3] + character + value[3:]


def _refusal(response, field: str) -> tuple[str, str | None]:
    page = parse(response)
    return dict(page.error_summary()).get(f"#{field}", ""), page.value(field)


@pytest.mark.parametrize("page, field, name, good", INTAKE_FIELDS, ids=[f"{p}:{f}" for p, f, _, _ in INTAKE_FIELDS])
def test_the_claim_form_refuses_hidden_characters_by_field_and_keeps_the_text(client, page, field, name, good):
    claimant = Claimant(client)
    claimant.start()
    for kind, character in HIDDEN.items():
        typed = _hide(character, good)
        response = claimant.answer(page, **{field: typed})
        message, kept = _refusal(response, field)
        assert response.status_code == 200 and message.endswith(REFUSED), (kind, message)
        assert name is None or message == name + REFUSED
        assert kept == typed, kind
    assert claimant.answer(page, **{field: good}).status_code == 302


def test_sign_in_refuses_a_hidden_character_in_the_email_address(client, make_user):
    user = make_user("solicitor")
    for kind, character in HIDDEN.items():
        typed = _hide(character, user.email)
        response = client.post("/staff/sign-in", data={"email": typed, "password": "whatever it is"})
        assert _refusal(response, "email") == ("Email address" + REFUSED, typed), kind


@pytest.mark.parametrize("action, name", [("accept", "Why the firm is taking the claim"),
                                          ("decline", "Why the firm cannot act")])
def test_accept_and_decline_refuse_hidden_characters_in_the_reason(client, login_as, make_claim, action, name):
    login_as("solicitor")
    claim = make_claim()
    for kind, character in HIDDEN.items():
        typed = _hide(character, "Sensitive records sent to a neighbour.")
        response = client.post(f"/staff/claims/{claim.id}/{action}", data={"reason": typed, "prospects_percent": "60"})
        assert response.status_code == 200
        assert _refusal(response, "reason") == (name + REFUSED, typed), kind
    assert db.session.get(Claim, claim.id).status == "submitted"


def test_firm_settings_refuse_hidden_characters(client, login_as):
    from tests.letters.test_firm_settings import GOOD

    login_as("admin")
    for kind, character in HIDDEN.items():
        typed = _hide(character, GOOD["name"])
        response = client.post("/staff/admin/firm", data={**GOOD, "name": typed})
        assert _refusal(response, "name") == ("The firm's name" + REFUSED, typed), kind
    assert db.session.get(FirmSettings, 1) is None or db.session.get(FirmSettings, 1).name != GOOD["name"]


def test_signing_refuses_a_reversed_name_and_keeps_it(client, login_as, make_claim):
    from tests.letters.test_flow import ACCEPT, signing_link

    login_as("solicitor")
    claim = make_claim()
    assert client.post(f"/staff/claims/{claim.id}/accept", data=ACCEPT).status_code == 302
    link = signing_link(claim)
    shown = parse(client.get(link)).by_id("shown_sha256").attrs["value"]
    for kind, character in HIDDEN.items():
        typed = _hide(character, "Alex Morgan")
        response = client.post(link, data={"typed_name": typed, "agree": "y", "shown_sha256": shown})
        assert response.status_code in (200, 400)
        assert _refusal(response, "typed_name") == ("Your name" + REFUSED, typed), kind
    assert db.session.scalars(select(Agreement.signed_at).where(Agreement.claim_id == claim.id)).all() == [None]
