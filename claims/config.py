"""Configuration read from the environment, with safe defaults for local use."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    return normalise_database_url(url) if url else f"sqlite:///{instance_path / 'breach-claims.db'}"


def normalise_database_url(url: str) -> str:
    """Accept the common postgres:// and postgresql:// spellings; we use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def from_environment(instance_path: Path) -> dict:
    """Build the Flask config mapping from environment variables."""
    production = os.environ.get("FLASK_ENV_NAME", os.environ.get("BREACH_ENV", "development")) == "production"
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "PRODUCTION": production,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # hide_parameters: SQL logging and database errors must never carry what a claimant typed.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "EVIDENCE_DIR": os.environ.get("EVIDENCE_DIR", str(instance_path / "evidence")),
        "MAX_FILE_BYTES": int(os.environ.get("MAX_FILE_MB", "10")) * MB,
        "MAX_CLAIM_EVIDENCE_BYTES": int(os.environ.get("MAX_CLAIM_EVIDENCE_MB", "40")) * MB,
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_REQUEST_MB", "45")) * MB,
        "DRAFT_LIFETIME_DAYS": int(os.environ.get("DRAFT_LIFETIME_DAYS", "30")),
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1") == "1",
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "PUBLIC_FORM_RATE_LIMIT": os.environ.get("PUBLIC_FORM_RATE_LIMIT", "60 per minute"),
        "CLAIM_SUBMIT_RATE_LIMIT": os.environ.get("CLAIM_SUBMIT_RATE_LIMIT", "10 per hour"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "587")),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": os.environ.get("SMTP_STARTTLS", "1") == "1",
        "MAIL_FROM": os.environ.get("MAIL_FROM", "claims@breach-claims.example"),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0")),
        "FIRM_NAME": os.environ.get("FIRM_NAME", "Breach Claims Solicitors LLP"),
        # The firm's details for letters, used until an admin saves them on the firm settings page.
        "FIRM_ADDRESS": os.environ.get("FIRM_ADDRESS", "1 Example Street\nManchester\nM1 1AA").replace("\\n", "\n"),
        "FIRM_SRA_NUMBER": os.environ.get("FIRM_SRA_NUMBER", "000000"),
        "FIRM_PHONE": os.environ.get("FIRM_PHONE", "0161 000 0000"),
        "FIRM_EMAIL": os.environ.get("FIRM_EMAIL", "claims@breach-claims.example"),
        "FIRM_COMPLAINTS_CONTACT": os.environ.get(
            "FIRM_COMPLAINTS_CONTACT", "Our Complaints Partner, complaints@breach-claims.example"),
        "DOCUMENTS_DIR": os.environ.get("DOCUMENTS_DIR", str(instance_path / "documents")),
        "SOFFICE": os.environ.get("SOFFICE", ""),  # LibreOffice for PDF copies; found on PATH if unset
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 8,
        "WTF_CSRF_TIME_LIMIT": None,  # the session bounds it; a slow claimant must not lose a step
    }
