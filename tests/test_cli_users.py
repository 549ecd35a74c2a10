"""`flask create-user`: staff accounts from the command line, hashed with argon2."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from claims.auth.passwords import verify_password
from claims.extensions import db
from claims.models import User


def _create(app, *args):
    return app.test_cli_runner().invoke(args=["create-user", *args])


def test_create_user_makes_an_account_that_can_sign_in(app, client):
    result = _create(app, "--email", " Partner@Firm.Example.com ", "--name", "Pat Partner", "--role", "partner",
                     "--password", "a long enough password")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.full_name, user.role) == ("partner@firm.example.com", "Pat Partner", "partner")
    assert user.password_hash.startswith("$argon2id$") and "a long enough password" not in user.password_hash
    assert verify_password(user.password_hash, "a long enough password")
    response = client.post("/staff/sign-in", data={"email": "partner@firm.example.com",
                                                   "password": "a long enough password"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/")  # "my day"


@pytest.mark.parametrize("args, message", [
    (["--role", "solicitor", "--password", "short"], "at least 12 characters"),
    (["--role", "overlord", "--password", "a long enough password"], "Invalid value for '--role'"),
])
def test_create_user_refuses_bad_input(app, args, message):
    result = _create(app, "--email", "new@firm.example.com", "--name", "New", *args)
    assert result.exit_code != 0 and message in result.output
    assert db.session.scalar(select(User)) is None


def test_create_user_refuses_a_duplicate_email(app, make_user):
    make_user("solicitor", email="taken@firm.example.com")
    result = _create(app, "--email", "TAKEN@firm.example.com", "--name", "Again", "--role", "admin",
                     "--password", "a long enough password")
    assert result.exit_code != 0 and "already exists" in result.output
    assert len(db.session.scalars(select(User)).all()) == 1


def _sign_in(client, email, password):
    return client.post("/staff/sign-in", data={"email": email, "password": password})


@pytest.mark.parametrize("password", ["x" * 200, "  twelve and spaces  ", "pässwörd ünïcode ✓"])
def test_every_password_create_user_takes_signs_in(app, client, password):
    result = _create(app, "--email", "new@firm.example.com", "--name", "New", "--role", "solicitor",
                     "--password", password)
    assert result.exit_code == 0, result.output
    assert _sign_in(client, "new@firm.example.com", password).status_code == 302


@pytest.mark.parametrize("password, message", [
    ("x" * 201, "200 characters or fewer"),  # the sign-in form stops at 200: it could never sign in
    (" " * 12, "something other than spaces"),  # the form reads spaces as no password
    ("twelve chars\nand a line", "line break"),  # a browser's password box drops line breaks
])
def test_create_user_refuses_a_password_the_sign_in_form_cannot_take(app, password, message):
    result = _create(app, "--email", "new@firm.example.com", "--name", "New", "--role", "solicitor",
                     "--password", password)
    assert result.exit_code != 0 and message in result.output
    assert db.session.scalar(select(User)) is None


@pytest.mark.parametrize("email", ["no-at-sign.example.com", "name@localhost", "name@example..com", "na me@example.com",
                                   "name@-example.com", "x" * 245 + "@example.com", "name@exa_mple.com"])
def test_create_user_refuses_the_addresses_the_sign_in_form_refuses(app, client, email):
    form = _sign_in(client, email, "a long enough password")
    assert form.status_code == 200
    assert "correct format" in form.get_data(as_text=True) or "254 characters" in form.get_data(as_text=True)
    result = _create(app, "--email", email, "--name", "New", "--role", "solicitor",
                     "--password", "a long enough password")
    assert result.exit_code != 0 and "Invalid value for email" in result.output
    assert db.session.scalar(select(User)) is None
