"""The firm's settings: read them (never written on a read) and show them.

Before an admin saves the settings page, the firm is described by its FIRM_* configuration:
``firm_settings`` then returns an unsaved row made from it, and the settings page's POST saves
it. So a GET never writes, and every page, email and letter reads the same figures.

``review_working_days`` is the one figure for how soon a solicitor reviews a new claim: the
confirmation page, the acknowledgement email and the acknowledgement letter all print it.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import inspect

from claims.extensions import db
from claims.models import FirmSettings

SETTINGS_ID = 1


def firm_settings() -> FirmSettings:
    """The saved settings row, or an unsaved one from the FIRM_* configuration if none is saved yet."""
    return db.session.get(FirmSettings, SETTINGS_ID) or _from_configuration()


def save_settings(row: FirmSettings) -> None:
    """Keep ``row`` (the first save adds the row made from configuration)."""
    if inspect(row).transient:
        db.session.add(row)


def review_working_days() -> int:
    """Working days within which a solicitor reviews a new claim."""
    return firm_settings().review_working_days


def _from_configuration() -> FirmSettings:
    config = current_app.config
    defaults = {column.key: column.default.arg for column in FirmSettings.__table__.columns
                if column.default is not None and column.default.is_scalar}
    return FirmSettings(**{**defaults, "id": SETTINGS_ID, "name": config["FIRM_NAME"],
                           "address": config["FIRM_ADDRESS"], "sra_number": config["FIRM_SRA_NUMBER"],
                           "phone": config["FIRM_PHONE"], "email": config["FIRM_EMAIL"],
                           "complaints_contact": config["FIRM_COMPLAINTS_CONTACT"], "signatory": config["FIRM_NAME"]})


def firm_context(row: FirmSettings) -> dict:
    return {"name": row.name, "address_lines": address_lines(row.address), "sra_number": row.sra_number,
            "phone": row.phone, "email": row.email, "complaints_contact": row.complaints_contact,
            "signatory": row.signatory, "review_working_days": row.review_working_days}


def address_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
