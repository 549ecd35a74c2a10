"""Settings from the environment fail closed: what each value parses to, what start-up refuses."""
from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims import config
from claims.app import create_app
from claims.config import PROJECT_ROOT

MB = 1024 * 1024
# Every variable the app reads; each test starts with none of them set but the database.
NAMES = (
    "SECRET_KEY", "SECRET_KEY_FALLBACKS", "BREACH_ENV", "FLASK_ENV_NAME", "EVIDENCE_DIR", "DOCUMENTS_DIR", "MAX_FILE_MB",
    "MAX_CLAIM_EVIDENCE_MB", "MAX_REQUEST_MB", "DRAFT_LIFETIME_DAYS", "RATELIMIT_ENABLED", "RATELIMIT_STORAGE_URI",
    "PUBLIC_FORM_RATE_LIMIT", "CLAIM_SUBMIT_RATE_LIMIT", "CLAIM_SUBMIT_IP_RATE_LIMIT", "LOGIN_RATE_LIMIT",
    "SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_STARTTLS", "MAIL_FROM", "PUBLIC_BASE_URL",
    "TRUSTED_HOSTS", "PROXY_HOPS", "FIRM_NAME", "FIRM_ADDRESS", "FIRM_SRA_NUMBER", "FIRM_PHONE", "FIRM_EMAIL",
    "FIRM_COMPLAINTS_CONTACT", "SOFFICE", "REDIS_URL", "HUEY_IMMEDIATE", "HUEY_SQLITE_PATH", "BACKUP_KEY",
    "MAX_FILES_PER_CLAIM", "MAX_FILES_PER_REQUEST", "CLAMAV_COMMAND", "CLAMAV_TIMEOUT_SECONDS",
)
PRODUCTION = {
    "BREACH_ENV": "production", "SECRET_KEY": "k" * 32, "REDIS_URL": "redis://127.0.0.1:6379/1",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "PUBLIC_BASE_URL": "https://claims.example.co.uk",
}


@pytest.fixture
def environment(monkeypatch):
    """Set the environment to exactly these variables (the database aside)."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)

    def set_to(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
    return set_to


def settings_from(environment, **values) -> dict:
    environment(**values)
    return config.from_environment(Path("/instance"))


@pytest.mark.parametrize("name, value, key, expected", [
    *[("SMTP_STARTTLS", word, "SMTP_STARTTLS", True) for word in ("true", "TRUE", "True", "1", "yes", "YES", "on")],
    *[("SMTP_STARTTLS", word, "SMTP_STARTTLS", False) for word in ("false", "False", "0", "no", "No", "off", "OFF")],
    *[("RATELIMIT_ENABLED", word, "RATELIMIT_ENABLED", True) for word in ("true", "1", "Yes", "ON")],
    *[("RATELIMIT_ENABLED", word, "RATELIMIT_ENABLED", False) for word in ("false", "0", "no", "Off")],
    ("SMTP_STARTTLS", "", "SMTP_STARTTLS", True),  # empty means "not set": the safe default
    ("MAX_FILE_MB", "12", "MAX_FILE_BYTES", 12 * MB),
    ("MAX_FILE_MB", " 7 ", "MAX_FILE_BYTES", 7 * MB),
    ("SMTP_PORT", "465", "SMTP_PORT", 465),
    ("PROXY_HOPS", "0", "PROXY_HOPS", 0),
    ("BREACH_ENV", "Development", "PRODUCTION", False),
    ("PUBLIC_BASE_URL", "https://claims.example.co.uk/", "PUBLIC_BASE_URL", "https://claims.example.co.uk"),
    ("TRUSTED_HOSTS", "Claims.Example.co.uk, .example.org", "TRUSTED_HOSTS", ["claims.example.co.uk", ".example.org"]),
    ("FIRM_ADDRESS", "1 High St\\nLeeds", "FIRM_ADDRESS", "1 High St\nLeeds"),
    ("CLAIM_SUBMIT_RATE_LIMIT", "5 per hour;20 per day", "CLAIM_SUBMIT_RATE_LIMIT", "5 per hour;20 per day"),
    ("DATABASE_URL", "postgres://u@db/breach", "SQLALCHEMY_DATABASE_URI", "postgresql+psycopg://u@db/breach"),
    ("SECRET_KEY_FALLBACKS", " old,key-1  older\tkey ", "SECRET_KEY_FALLBACKS", ["old,key-1", "older", "key"]),
])
def test_a_setting_parses_to(environment, name, value, key, expected):
    assert settings_from(environment, **{name: value})[key] == expected


def test_the_defaults_are_the_documented_ones(environment):
    settings = settings_from(environment)
    assert settings["SMTP_STARTTLS"] is True and settings["RATELIMIT_ENABLED"] is True
    assert settings["PRODUCTION"] is False and settings["SESSION_COOKIE_SECURE"] is False
    assert settings["TRUSTED_HOSTS"] is None  # any host on a developer's machine
    assert (settings["MAX_FILE_BYTES"], settings["DRAFT_LIFETIME_DAYS"], settings["SMTP_PORT"]) == (10 * MB, 30, 587)
    assert settings["CLAIM_SUBMIT_RATE_LIMIT"] == "10 per hour" and settings["RATELIMIT_STORAGE_URI"] == "memory://"
    assert settings["EVIDENCE_DIR"] == "/instance/evidence" and settings["FIRM_PHONE"] == "0161 000 0000"


def test_upload_limits_and_the_virus_scanner_parse(environment, monkeypatch, tmp_path):
    defaults = settings_from(environment)
    assert (defaults["MAX_FILES_PER_CLAIM"], defaults["MAX_FILES_PER_REQUEST"]) == (50, 20)
    assert defaults["CLAMAV_TIMEOUT_SECONDS"] == 120
    assert settings_from(environment, CLAMAV_COMMAND="off")["CLAMAV_COMMAND"] is None
    command = f"{sys.executable} -m scanner --stdin"
    assert settings_from(environment, CLAMAV_COMMAND=command)["CLAMAV_COMMAND"] == [sys.executable, "-m", "scanner",
                                                                                  "--stdin"]
    # Unset: ClamAV is used when it is installed (the daemon's client first), and nothing is scanned when it is not.
    monkeypatch.delenv("CLAMAV_COMMAND")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert settings_from(environment)["CLAMAV_COMMAND"] is None
    for program in ("clamscan", "clamdscan"):
        (tmp_path / program).write_text("#!/bin/sh\nexit 0\n")
        (tmp_path / program).chmod(0o755)
    assert settings_from(environment)["CLAMAV_COMMAND"] == [str(tmp_path / "clamdscan"), "--no-summary", "-"]


@pytest.mark.parametrize("name, value, message", [
    ("SMTP_STARTTLS", "maybe", "SMTP_STARTTLS: expected true/false, got 'maybe'"),
    ("SMTP_STARTTLS", "enabled", "SMTP_STARTTLS: expected true/false, got 'enabled'"),
    ("RATELIMIT_ENABLED", "y", "RATELIMIT_ENABLED: expected true/false, got 'y'"),
    ("BREACH_ENV", "prod", "BREACH_ENV: expected development or production, got 'prod'"),
    ("FLASK_ENV_NAME", "live", "FLASK_ENV_NAME: expected development or production, got 'live'"),
    ("MAX_FILE_MB", "1.5", "MAX_FILE_MB: expected a whole number, got '1.5'"),
    ("MAX_FILE_MB", "ten", "MAX_FILE_MB: expected a whole number, got 'ten'"),
    ("MAX_REQUEST_MB", "0", "MAX_REQUEST_MB: expected a whole number 1 or more, got 0"),
    ("DRAFT_LIFETIME_DAYS", "1e3", "DRAFT_LIFETIME_DAYS: expected a whole number, got '1e3'"),
    ("SMTP_PORT", "70000", "SMTP_PORT: expected a whole number from 1 to 65535, got 70000"),
    ("PROXY_HOPS", "-1", "PROXY_HOPS: expected a whole number, got '-1'"),
    ("HUEY_IMMEDIATE", "yes", "HUEY_IMMEDIATE: expected 0 or 1, got 'yes'"),
    ("PUBLIC_FORM_RATE_LIMIT", "lots", "PUBLIC_FORM_RATE_LIMIT: expected a rate such as '10 per hour', got 'lots'"),
    ("RATELIMIT_STORAGE_URI", "redis//host", "RATELIMIT_STORAGE_URI: expected memory:// or a storage such as"),
    ("REDIS_URL", "http://user:hunter2@host", "REDIS_URL: expected a redis://, rediss:// or unix:// address"),
    ("PUBLIC_BASE_URL", "claims.example.co.uk", "PUBLIC_BASE_URL: expected an address such as"),
    ("TRUSTED_HOSTS", "claims.example.co.uk/x", "TRUSTED_HOSTS: expected host names separated by commas"),
    ("MAX_FILES_PER_CLAIM", "0", "MAX_FILES_PER_CLAIM: expected a whole number from 1 to 1000, got 0"),
    ("CLAMAV_COMMAND", "no-such-scanner-here --stdin",
     "CLAMAV_COMMAND: the scanner 'no-such-scanner-here' is not installed or not on PATH"),
    ("CLAMAV_COMMAND", "clamdscan 'unclosed", "CLAMAV_COMMAND: expected a command such as 'clamdscan --no-summary -'"),
])
def test_start_up_refuses_a_value_it_cannot_read_and_names_the_variable(environment, name, value, message):
    with pytest.raises(config.SettingsError) as refused:
        settings_from(environment, **{name: value})
    assert message in str(refused.value)
    assert "hunter2" not in str(refused.value)  # a password in an address is never repeated


def test_every_wrong_variable_is_named_at_once(environment):
    with pytest.raises(config.SettingsError) as refused:
        settings_from(environment, SMTP_STARTTLS="maybe", MAX_FILE_MB="big")
    assert [p.split(":")[0] for p in refused.value.problems] == ["MAX_FILE_MB", "SMTP_STARTTLS"]


@pytest.mark.parametrize("env_name", ["production", "Production", "PRODUCTION"])
def test_production_in_any_case_makes_cookies_secure_and_trusts_only_the_public_host(environment, env_name):
    settings = settings_from(environment, **{**PRODUCTION, "BREACH_ENV": env_name})
    assert settings["PRODUCTION"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True and settings["REMEMBER_COOKIE_SECURE"] is True
    assert settings["TRUSTED_HOSTS"] == ["claims.example.co.uk"]


def test_production_without_redis_is_allowed_only_when_jobs_run_in_the_web_process(environment):
    production = {**PRODUCTION, "REDIS_URL": ""}
    assert settings_from(environment, **production, HUEY_IMMEDIATE="1")["PRODUCTION"] is True


@pytest.mark.parametrize("name, value, message", [
    ("REDIS_URL", "", "REDIS_URL: required in production"),
    ("RATELIMIT_STORAGE_URI", "memory://", "RATELIMIT_STORAGE_URI: memory:// is refused in production"),
    ("SECRET_KEY", "k" * 31, "SECRET_KEY: must be at least 32 characters in production"),
    ("SECRET_KEY", "", "SECRET_KEY: must be at least 32 characters in production"),
    ("PUBLIC_BASE_URL", "http://claims.example.co.uk", "PUBLIC_BASE_URL: must start with https:// in production"),
])
def test_production_refuses_settings_fit_only_for_one_machine(environment, monkeypatch, name, value, message):
    environment(**PRODUCTION)
    monkeypatch.setenv(name, value)
    with pytest.raises(config.SettingsError) as refused:
        config.from_environment(Path("/instance"))
    [problem] = refused.value.problems
    assert problem.startswith(message)


def test_the_app_refuses_to_start_with_a_misread_setting(environment, tmp_path):
    environment(SMTP_STARTTLS="maybe")
    with pytest.raises(config.SettingsError, match="SMTP_STARTTLS: expected true/false, got 'maybe'"):
        create_app({"SECRET_KEY": "test-secret", "EVIDENCE_DIR": str(tmp_path)})


def test_a_flask_command_with_a_refused_setting_prints_the_reason_not_a_traceback(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in NAMES}
    env.update(SECRET_KEY="x" * 40, SMTP_STARTTLS="maybe", DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "routes"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "SMTP_STARTTLS: expected true/false, got 'maybe'" in done.stderr
    assert "Traceback" not in done.stderr


def test_production_pages_carry_hsts_and_development_pages_do_not(environment, make_app, app):
    assert "Strict-Transport-Security" not in app.test_client().get("/claim/").headers
    environment(**PRODUCTION)
    production = make_app(RATELIMIT_STORAGE_URI="memory://", TRUSTED_HOSTS=None)
    response = production.test_client().get("/claim/", base_url="https://claims.example.co.uk")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("breach_env, flask_env_name", [("production", "development"), ("development", "production")])
def test_either_spelling_saying_production_makes_it_production(environment, breach_env, flask_env_name):
    """A leftover FLASK_ENV_NAME=development once switched production's checks and Secure cookies off."""
    settings = settings_from(environment, **{**PRODUCTION, "BREACH_ENV": breach_env, "FLASK_ENV_NAME": flask_env_name})
    assert settings["PRODUCTION"] is True and settings["SESSION_COOKIE_SECURE"] is True


def test_a_backup_key_is_32_bytes_in_url_safe_base64(environment):
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    assert settings_from(environment)["BACKUP_KEY"] is None  # only the backup commands need one
    assert settings_from(environment, BACKUP_KEY=f" {key} ")["BACKUP_KEY"] == base64.urlsafe_b64decode(key)


@pytest.mark.parametrize("value", [
    "c2hvcnQ=",  # 5 bytes
    "A" * 43,  # no padding: not what Fernet.generate_key() prints
    "+" * 43 + "=",  # standard base64, not URL-safe
    "A" * 42 + "B=",  # 44 characters whose last bits are not zero: not a canonical encoding of 32 bytes
    "correct horse battery staple correct horse!",
])
def test_a_backup_key_of_any_other_form_is_refused_without_repeating_it(environment, value):
    with pytest.raises(config.SettingsError) as refused:
        settings_from(environment, BACKUP_KEY=value)
    assert "BACKUP_KEY: expected 32 random bytes in URL-safe base64" in str(refused.value)
    assert value not in str(refused.value)
