"""Files the app keeps outside the web root (claimants' evidence, generated letters, bulk zips).

Each kind has a folder named by a configuration key, made on first use and readable by the
app's own user only; files are written under random names, so a name reveals nothing and
cannot be guessed. The rows that point at them live with their feature.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app


def folder(config_key: str) -> Path:
    """The folder for ``config_key`` (e.g. "EVIDENCE_DIR"), created on first use."""
    directory = Path(current_app.config[config_key])
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def write(config_key: str, data: bytes, *, prefix: str = "", suffix: str = "") -> str:
    """Write ``data`` under a new random name in the folder; returns the name."""
    name = f"{prefix}{secrets.token_hex(16)}{suffix}"
    (folder(config_key) / name).write_bytes(data)
    return name
