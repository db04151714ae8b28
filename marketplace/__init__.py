"""The NHS innovation marketplace: create_app() wires the parts together."""
from __future__ import annotations

import logging

from flask import Flask, jsonify
from flask_migrate import Migrate

from config import ROOT, Config

migrate = Migrate()


def create_app(config: Config | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(ROOT / "instance"), instance_relative_config=False)
    app.config.from_object(config or Config())
    logging.basicConfig(level=app.config.get("LOG_LEVEL", "INFO"))
    # The client logs every failed attempt with a traceback; our own code says what matters.
    logging.getLogger("elastic_transport").setLevel(logging.ERROR)

    from marketplace.models import db

    db.init_app(app)
    from marketplace.services import outbox

    outbox.listen()  # every flush that changes an indexed record writes its outbox rows
    from marketplace import notification_email

    notification_email.listen()  # members who asked are emailed once a notification's change commits
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))

    if app.config.get("TRUST_PROXY_HEADERS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    from auth import init_auth

    init_auth(app)

    from search import init_search

    init_search(app)

    from marketplace.api import init_api

    init_api(app)

    _register_errors_and_health(app)

    from marketplace import cli

    cli.register(app)

    # The pages (and HTML error pages for every path outside the API): last, so that they
    # wrap every error handler registered above.
    from marketplace.web import init_web

    init_web(app)
    return app


def _register_errors_and_health(app: Flask) -> None:
    """One error shape for every failure, and /health. (A request that failed half-way
    leaves no transaction open: Flask-SQLAlchemy's teardown removes the session, which
    rolls it back; marketplace.models.base makes that safe on a dead connection.)"""
    from marketplace.api import errors as api_errors

    @app.errorhandler(Exception)
    def _unexpected(exc):  # never a bare 500 page: always the one error shape
        from werkzeug.exceptions import HTTPException

        if isinstance(exc, HTTPException):
            return api_errors.handle_http_exception(exc)
        return api_errors.handle_unexpected(exc)

    @app.get("/health")
    def health():
        from marketplace.health import report

        body, status = report(app)
        return jsonify(body), status
