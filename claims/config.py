"""Settings read from the environment, checked once, and turned into the Flask config mapping.

pydantic-settings reads every variable. A value it cannot read stops start-up with the
variable's name (``SMTP_STARTTLS: expected true/false, got 'maybe'``), never a silent
default: a misspelt "true" once turned encryption and rate limiting off. Production
(``BREACH_ENV=production``) also refuses settings that are only safe on one machine.
"""
from __future__ import annotations

import base64
import re
import shlex
import shutil
from enum import Enum
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BeforeValidator, ValidationError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
MIN_PRODUCTION_SECRET_KEY = 32
TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})


class SettingsError(RuntimeError):
    """The environment holds settings the app will not start with; the message names each one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The app cannot start with these settings:\n  " + "\n  ".join(problems))


def _flag(value):
    """true/false, 1/0, yes/no, on/off in any case; nothing else."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise ValueError(f"expected true/false, got {value!r}")


def _zero_or_one(value):
    """The job queue (claims/jobs.py) reads only 0 and 1; refuse spellings it would misread."""
    text = str(int(value) if isinstance(value, bool) else value).strip()
    if text not in ("0", "1"):
        raise ValueError(f"expected 0 or 1, got {value!r}")
    return text == "1"


def _whole_number(minimum: int, maximum: int | None = None):
    def check(value):
        text = str(value).strip()
        if isinstance(value, bool) or not re.fullmatch(r"[0-9]{1,9}", text):
            raise ValueError(f"expected a whole number, got {value!r}")
        number = int(text)
        if number < minimum or (maximum is not None and number > maximum):
            limits = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
            raise ValueError(f"expected a whole number {limits}, got {number}")
        return number
    return BeforeValidator(check)


def _rate_limit(value):
    """A Flask-Limiter limit such as "10 per hour" (several separated by ";")."""
    from limits import parse_many

    try:
        parse_many(str(value))
    except ValueError:
        raise ValueError(f"expected a rate such as '10 per hour', got {value!r}") from None
    return str(value)


def _limiter_storage(value):
    from limits.storage import SCHEMES

    scheme = urlsplit(str(value)).scheme
    if scheme not in SCHEMES or scheme.startswith("async+"):
        raise ValueError(f"expected memory:// or a storage such as redis://host:6379/0, not a {scheme or 'bare'}: address")
    return str(value)


def _redis_url(value):
    """Huey's Redis queue; the address may hold a password, so it is never repeated in a message."""
    text = str(value).strip()
    if text and urlsplit(text).scheme not in ("redis", "rediss", "unix"):
        raise ValueError("expected a redis://, rediss:// or unix:// address")
    return text


def _web_address(value):
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"expected an address such as https://claims.example.co.uk, got {value!r}")
    return str(value).strip().rstrip("/")


def _host_list(value):
    if value is None or isinstance(value, list):
        return value
    hosts = [host.strip().lower() for host in str(value).split(",") if host.strip()]
    if not hosts or any(not re.fullmatch(r"\.?[a-z0-9.-]+(:[0-9]+)?|\[[0-9a-f:]+\](:[0-9]+)?", h) for h in hosts):
        raise ValueError(f"expected host names separated by commas, such as claims.example.co.uk, got {value!r}")
    return hosts


def _scanner_command(value):
    """A virus scanner that reads the file on standard input and exits 0 clean, 1 infected (ClamAV's
    ``clamdscan --no-summary -``), or "off". Its program must be installed: a missing scanner stops start-up."""
    text = str(value).strip()
    if not text:
        return ""  # not set: ClamAV if it is installed
    if text.lower() in FALSE_WORDS | {"none"}:
        return "off"
    try:
        words = shlex.split(text)
    except ValueError:
        raise ValueError(f"expected a command such as 'clamdscan --no-summary -', got {value!r}") from None
    if not words or shutil.which(words[0]) is None:
        raise ValueError(f"the scanner {words[0] if words else text!r} is not installed or not on PATH")
    return text


def scanner_argv(setting: str) -> list[str] | None:
    """CLAMAV_COMMAND as the words to run: unset looks for ClamAV on PATH, "off" scans nothing."""
    if setting == "off":
        return None
    if not setting:
        for program in ("clamdscan", "clamscan"):  # the daemon's client first: it does not load the signatures
            found = shutil.which(program)
            if found:
                return [found, "--no-summary", "-"]
        return None
    return shlex.split(setting)


def _key_list(value):
    """Earlier SECRET_KEYs, separated by whitespace (a key may hold any other character)."""
    if value is None or isinstance(value, list):
        return value or []
    return str(value).split()


BACKUP_KEY_BYTES = 32


def _backup_key(value):
    """32 random bytes in URL-safe base64 (a Fernet key's form); the value is a secret, never repeated."""
    if value is None or isinstance(value, bytes):
        return value
    text = str(value).strip()
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii")) if re.fullmatch(r"[A-Za-z0-9_-]{43}=", text) else b""
    except (ValueError, UnicodeEncodeError):
        key = b""
    if len(key) != BACKUP_KEY_BYTES or base64.urlsafe_b64encode(key).decode() != text:  # one spelling per key
        raise ValueError(f"expected {BACKUP_KEY_BYTES} random bytes in URL-safe base64, 44 characters ending in = "
                         "(make one with: python -c 'from cryptography.fernet import Fernet; "
                         "print(Fernet.generate_key().decode())')")
    return key


class Environment(str, Enum):
    development = "development"
    production = "production"


def _environment(value):
    if isinstance(value, Environment):
        return value
    word = str(value).strip().lower()
    if word not in Environment.__members__:
        raise ValueError(f"expected development or production, got {value!r}")
    return Environment(word)


Flag = Annotated[bool, BeforeValidator(_flag)]
RateLimit = Annotated[str, BeforeValidator(_rate_limit)]
EnvironmentName = Annotated[Environment, BeforeValidator(_environment)]


class Settings(BaseSettings):
    """Every variable the app reads, named as in the environment (README, "Configuration")."""

    model_config = SettingsConfigDict(case_sensitive=True, env_ignore_empty=True, extra="ignore")

    SECRET_KEY: str | None = None
    # Earlier keys, kept while mail sealed under them waits in the outbox (README, "Mail").
    SECRET_KEY_FALLBACKS: Annotated[list[str], NoDecode, BeforeValidator(_key_list)] = []
    DATABASE_URL: str = ""
    BREACH_ENV: EnvironmentName = Environment.development
    FLASK_ENV_NAME: EnvironmentName | None = None  # older spelling of BREACH_ENV; either one can say production
    EVIDENCE_DIR: str | None = None
    DOCUMENTS_DIR: str | None = None
    MAX_FILE_MB: Annotated[int, _whole_number(1)] = 10
    MAX_CLAIM_EVIDENCE_MB: Annotated[int, _whole_number(1)] = 40
    MAX_REQUEST_MB: Annotated[int, _whole_number(1)] = 45
    MAX_FILES_PER_CLAIM: Annotated[int, _whole_number(1, 1000)] = 50
    MAX_FILES_PER_REQUEST: Annotated[int, _whole_number(1, 1000)] = 20
    # Virus scanning of uploads (claims/filecheck.py): unset finds clamdscan or clamscan on PATH; "off" scans nothing.
    CLAMAV_COMMAND: Annotated[str, BeforeValidator(_scanner_command)] = ""
    CLAMAV_TIMEOUT_SECONDS: Annotated[int, _whole_number(1, 600)] = 120
    DRAFT_LIFETIME_DAYS: Annotated[int, _whole_number(1)] = 30
    RATELIMIT_ENABLED: Flag = True
    RATELIMIT_STORAGE_URI: Annotated[str, BeforeValidator(_limiter_storage)] = "memory://"
    PUBLIC_FORM_RATE_LIMIT: RateLimit = "60 per minute"
    CLAIM_SUBMIT_RATE_LIMIT: RateLimit = "10 per hour"
    CLAIM_SUBMIT_IP_RATE_LIMIT: RateLimit = "200 per hour"
    LOGIN_RATE_LIMIT: RateLimit = "10 per minute"
    SMTP_HOST: str = ""
    SMTP_PORT: Annotated[int, _whole_number(1, 65535)] = 587
    SMTP_USERNAME: str = ""
    SMTP_PASSWORD: str = ""
    SMTP_STARTTLS: Flag = True
    MAIL_FROM: str = "claims@breach-claims.example"
    PUBLIC_BASE_URL: Annotated[str, BeforeValidator(_web_address)] = "http://127.0.0.1:5000"
    TRUSTED_HOSTS: Annotated[list[str] | None, NoDecode, BeforeValidator(_host_list)] = None
    PROXY_HOPS: Annotated[int, _whole_number(0, 10)] = 0
    FIRM_NAME: str = "Breach Claims Solicitors LLP"
    FIRM_ADDRESS: str = "1 Example Street\nManchester\nM1 1AA"
    FIRM_SRA_NUMBER: str = "000000"
    FIRM_PHONE: str = "0161 000 0000"
    FIRM_EMAIL: str = "claims@breach-claims.example"
    FIRM_COMPLAINTS_CONTACT: str = "Our Complaints Partner, complaints@breach-claims.example"
    SOFFICE: str = ""  # LibreOffice for PDF copies; found on PATH if unset
    # The job queue (claims/jobs.py, configured by the app factory).
    REDIS_URL: Annotated[str, BeforeValidator(_redis_url)] = ""
    HUEY_IMMEDIATE: Annotated[bool, BeforeValidator(_zero_or_one)] = False
    HUEY_SQLITE_PATH: str | None = None
    # Seals `flask backup` archives (claims/backup.py); only the backup commands need it.
    BACKUP_KEY: Annotated[bytes | None, BeforeValidator(_backup_key)] = None

    @property
    def production(self) -> bool:
        # Fail closed: a leftover FLASK_ENV_NAME=development must not switch a production setting off.
        return Environment.production in (self.FLASK_ENV_NAME, self.BREACH_ENV)

    @property
    def trusted_hosts(self) -> list[str] | None:
        """The hosts requests may name: TRUSTED_HOSTS, else in production PUBLIC_BASE_URL's host."""
        if self.TRUSTED_HOSTS is not None:
            return self.TRUSTED_HOSTS
        return [urlsplit(self.PUBLIC_BASE_URL).hostname] if self.production else None


def production_problems(settings: Settings) -> list[str]:
    """What production refuses: settings fit only for one developer's machine."""
    problems = []
    if not settings.REDIS_URL and not settings.HUEY_IMMEDIATE:
        problems.append("REDIS_URL: required in production (the SQLite job queue serves one machine only), "
                        "unless HUEY_IMMEDIATE=1 runs jobs inside the web process")
    if urlsplit(settings.RATELIMIT_STORAGE_URI).scheme == "memory":
        problems.append("RATELIMIT_STORAGE_URI: memory:// is refused in production (each worker would count "
                        "separately and forget on restart); use redis://…")
    if len(settings.SECRET_KEY or "") < MIN_PRODUCTION_SECRET_KEY:
        problems.append(f"SECRET_KEY: must be at least {MIN_PRODUCTION_SECRET_KEY} characters in production")
    if urlsplit(settings.PUBLIC_BASE_URL).scheme != "https":
        problems.append("PUBLIC_BASE_URL: must start with https:// in production")
    return problems


def read_settings() -> Settings:
    """The settings in the environment now; SettingsError names every variable that is wrong."""
    try:
        settings = Settings()
    except ValidationError as error:
        raise SettingsError([_describe(problem) for problem in error.errors()]) from None
    problems = production_problems(settings) if settings.production else []
    if problems:
        raise SettingsError(problems)
    return settings


def _describe(problem: dict) -> str:
    name = ".".join(str(part) for part in problem["loc"]) or "settings"
    reason = problem.get("ctx", {}).get("error") or problem["msg"]
    return f"{name}: {reason}"


def normalise_database_url(url: str) -> str:
    """Accept the common postgres:// and postgresql:// spellings; we use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def from_environment(instance_path: Path) -> dict:
    """Build the Flask config mapping from environment variables."""
    settings = read_settings()
    return {**_core(settings, instance_path), **_rate_limits(settings), **_mail(settings), **_firm(settings),
            **_cookies(settings.production)}


def _core(settings: Settings, instance_path: Path) -> dict:
    database_url = settings.DATABASE_URL.strip()
    return {
        "SECRET_KEY": settings.SECRET_KEY,
        "SECRET_KEY_FALLBACKS": settings.SECRET_KEY_FALLBACKS,
        "PRODUCTION": settings.production,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url) if database_url
        else f"sqlite:///{instance_path / 'breach-claims.db'}",
        # hide_parameters: SQL logging and database errors must never carry what a claimant typed.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "EVIDENCE_DIR": settings.EVIDENCE_DIR or str(instance_path / "evidence"),
        "DOCUMENTS_DIR": settings.DOCUMENTS_DIR or str(instance_path / "documents"),
        "MAX_FILE_BYTES": settings.MAX_FILE_MB * MB,
        "MAX_CLAIM_EVIDENCE_BYTES": settings.MAX_CLAIM_EVIDENCE_MB * MB,
        "MAX_CONTENT_LENGTH": settings.MAX_REQUEST_MB * MB,
        "MAX_FILES_PER_CLAIM": settings.MAX_FILES_PER_CLAIM,
        "MAX_FILES_PER_REQUEST": settings.MAX_FILES_PER_REQUEST,
        "CLAMAV_COMMAND": scanner_argv(settings.CLAMAV_COMMAND),
        "CLAMAV_TIMEOUT_SECONDS": settings.CLAMAV_TIMEOUT_SECONDS,
        "DRAFT_LIFETIME_DAYS": settings.DRAFT_LIFETIME_DAYS,
        "PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL,
        "TRUSTED_HOSTS": settings.trusted_hosts,  # Flask answers 400 to any other Host header
        "PROXY_HOPS": settings.PROXY_HOPS,
        "SOFFICE": settings.SOFFICE,
        "REDIS_URL": settings.REDIS_URL,
        "HUEY_IMMEDIATE": settings.HUEY_IMMEDIATE,
        "HUEY_SQLITE_PATH": settings.HUEY_SQLITE_PATH or str(instance_path / "jobs.db"),
        "BACKUP_KEY": settings.BACKUP_KEY,
    }


def _rate_limits(settings: Settings) -> dict:
    return {name: getattr(settings, name) for name in (
        "RATELIMIT_ENABLED", "RATELIMIT_STORAGE_URI", "PUBLIC_FORM_RATE_LIMIT", "CLAIM_SUBMIT_RATE_LIMIT",
        "CLAIM_SUBMIT_IP_RATE_LIMIT", "LOGIN_RATE_LIMIT")}


def _mail(settings: Settings) -> dict:
    return {name: getattr(settings, name) for name in (
        "SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_STARTTLS", "MAIL_FROM")}


def _firm(settings: Settings) -> dict:
    """The firm's details for letters, used until an admin saves them on the firm settings page."""
    return {
        "FIRM_NAME": settings.FIRM_NAME,
        "FIRM_ADDRESS": settings.FIRM_ADDRESS.replace("\\n", "\n"),
        "FIRM_SRA_NUMBER": settings.FIRM_SRA_NUMBER,
        "FIRM_PHONE": settings.FIRM_PHONE,
        "FIRM_EMAIL": settings.FIRM_EMAIL,
        "FIRM_COMPLAINTS_CONTACT": settings.FIRM_COMPLAINTS_CONTACT,
    }


def _cookies(production: bool) -> dict:
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 8,
        "WTF_CSRF_TIME_LIMIT": None,  # the session bounds it; a slow claimant must not lose a step
    }
