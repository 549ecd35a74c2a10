"""The app factory: ``create_app()`` reads like a table of contents: config, extensions, the job
queue, the unit of work, blueprints, CLI."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing claims.domain must not load Flask
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask application; ``test_config`` overrides the environment."""
    from flask import Flask

    from claims import config as config_module
    from claims.config import PROJECT_ROOT

    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(config_module.from_environment(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(mode=0o700, exist_ok=True)  # SQLite file and evidence live here
    _check_secrets(app)
    _trust_proxy(app)
    _init_extensions(app)
    _init_platform(app)
    _register_blueprints(app)
    _register_cli(app)
    from claims import web
    web.init_app(app)
    return app


def _check_secrets(app: Flask) -> None:
    from claims.config import SettingsError

    if not app.config.get("SECRET_KEY"):
        raise SettingsError(["SECRET_KEY: not set. Set it in the environment (scripts/run.sh makes one for local use)."])


def _trust_proxy(app: Flask) -> None:
    """Behind a reverse proxy, take the client address and scheme from its headers."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _init_extensions(app: Flask) -> None:
    from claims.config import PROJECT_ROOT
    from claims import models  # noqa: F401  (register the models with the metadata)
    from claims.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)


def _init_platform(app: Flask) -> None:
    """The job queue from the settings, one commit per request, the access rules for templates; the audit
    trail's chaining at every commit (importing claims.audit registers it)."""
    from claims import audit as _audit  # noqa: F401
    from claims import jobs, unit_of_work
    from claims.claim import access

    jobs.init_app(app)
    unit_of_work.init_app(app)
    access.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from claims.claim import triage as _triage  # noqa: F401  (puts a submitted claim in a team, to a handler)
    from claims.ids import IdConverter
    from claims.auth import admin as _auth_admin  # noqa: F401  (staff accounts and teams: auth's routes)
    from claims.audit_log.views import bp as audit_log_bp
    from claims.auth.views import bp as auth_bp
    from claims.cases.edit_views import bp as claim_edits_bp
    from claims.cases import assignment as _cases_assignment  # noqa: F401  (the claim page's handler form)
    from claims.cases.views import bp as cases_bp
    from claims.intake.views import bp as intake_bp
    from claims.letters import tasks as _letters_tasks  # noqa: F401  (answers claim_submitted)
    from claims.letters import updates as _letters_updates  # noqa: F401  (tells the client when their claim moves)
    from claims.letters.portal import bp as portal_bp
    from claims.letters.views import bp as letters_bp
    from claims.outcomes.portal import bp as client_offers_bp
    from claims.outcomes.views import bp as outcomes_bp
    from claims.register import on_submission as _register_checks  # noqa: F401  (matches and flags a new claim)
    from claims.register import triage_views as _register_triage  # noqa: F401  (the claim page's match and flags)
    from claims.register.views import bp as register_bp
    from claims.valuation.views import bp as valuation_bp
    from claims.work import automatic as _work_automatic  # noqa: F401  (makes and closes tasks on claim events)
    from claims.work import claim_views as _work_claim_views  # noqa: F401  (a claim's tasks and notes: work's routes)
    from claims.work.views import bp as work_bp

    app.url_map.converters["id"] = IdConverter  # before any route uses <id:...>
    app.register_blueprint(auth_bp)
    app.register_blueprint(intake_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(claim_edits_bp)
    app.register_blueprint(valuation_bp)
    app.register_blueprint(letters_bp)
    app.register_blueprint(portal_bp)
    app.register_blueprint(outcomes_bp)
    app.register_blueprint(client_offers_bp)
    app.register_blueprint(work_bp)
    app.register_blueprint(register_bp)
    app.register_blueprint(audit_log_bp)


def _register_cli(app: Flask) -> None:
    from claims import cli

    cli.init_app(app)
