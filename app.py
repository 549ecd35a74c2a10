"""Entry point: `flask --app app run` or `gunicorn 'app:create_app()'`.

Settings the app refuses stop the command with a message naming each variable, not a traceback.
"""
from claims.app import create_app as _create_app
from claims.config import SettingsError


def create_app(test_config: dict | None = None):
    """The app from the environment; exits with the reason if the settings are refused."""
    try:
        return _create_app(test_config)
    except SettingsError as error:
        raise SystemExit(str(error)) from None


__all__ = ["create_app"]
