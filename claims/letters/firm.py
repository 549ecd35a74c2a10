"""The firm's settings row: read it (made from the configuration the first time) and show it.

``review_working_days`` is the one figure for how soon a solicitor reviews a new claim: the
confirmation page, the acknowledgement email and the acknowledgement letter all print it.
"""
from __future__ import annotations

from flask import current_app

from claims.extensions import db
from claims.models import FirmSettings


def firm_settings() -> FirmSettings:
    """The one settings row, created from FIRM_* configuration if the firm has not saved any yet."""
    row = db.session.get(FirmSettings, 1)
    if row is None:
        config = current_app.config
        row = FirmSettings(
            id=1, name=config["FIRM_NAME"], address=config["FIRM_ADDRESS"], sra_number=config["FIRM_SRA_NUMBER"],
            phone=config["FIRM_PHONE"], email=config["FIRM_EMAIL"],
            complaints_contact=config["FIRM_COMPLAINTS_CONTACT"], signatory=config["FIRM_NAME"])
        db.session.add(row)
        db.session.flush()
    return row


def review_working_days() -> int:
    """Working days within which a solicitor reviews a new claim; reads only (safe on a GET)."""
    row = db.session.get(FirmSettings, 1)
    return row.review_working_days if row is not None else FirmSettings.review_working_days.default.arg


def firm_context(row: FirmSettings) -> dict:
    return {"name": row.name, "address_lines": address_lines(row.address), "sra_number": row.sra_number,
            "phone": row.phone, "email": row.email, "complaints_contact": row.complaints_contact,
            "signatory": row.signatory, "review_working_days": row.review_working_days}


def address_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
