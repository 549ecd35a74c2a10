"""Argon2 password hashing, and the rules a staff password and email address must meet.

The rules are the sign-in form's (``claims.auth.forms``) and are read by it, by the set-password
form and by ``flask create-user``: an account made on the command line can always sign in.
"""
from __future__ import annotations

from argon2 import PasswordHasher
from email_validator import EmailNotValidError, validate_email
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a miss costs as long as a hit.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

MIN_LENGTH = 12
MAX_LENGTH = 200  # the sign-in form takes no more
EMAIL_MAX_LENGTH = 254
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; constant work whether or not the user exists."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older parameters."""
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str) -> str | None:
    """A message if the password is too weak, else None."""
    if len(password) < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    if not password.strip():  # the sign-in form reads a password of spaces as none
        return "Password must have something other than spaces"
    if "\r" in password or "\n" in password:  # a browser drops line breaks from a password box
        return "Password must not have a line break"
    return None


def email_problem(address: str) -> str | None:
    """A message if the sign-in form would refuse this address, else None."""
    if len(address) > EMAIL_MAX_LENGTH:
        return f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer"
    try:  # as WTForms' Email() with its defaults calls it
        validate_email(address, check_deliverability=False, allow_smtputf8=True, allow_empty_local=False)
    except EmailNotValidError:
        return EMAIL_FORMAT
    return None
