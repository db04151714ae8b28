"""The JSON API under /api/v1 (flask-smorest): thin views over the services."""
from __future__ import annotations

from flask import Blueprint, send_from_directory
from flask_smorest import Api
from sqlalchemy.exc import DataError
from werkzeug.routing import IntegerConverter

from auth.policy.identity import InvalidCredentials
from marketplace.services.errors import ServiceError
from search.backend import SearchUnavailable

from . import access, bundles, claims, codesign, demand, errors, interests, listings, matches, organisations, shortlists, taxonomy  # noqa: F401 (matches adds routes)
from . import saved_searches

PREFIX = "/api/v1"


class MarketplaceApi(Api):
    ERROR_SCHEMA = errors.ErrorSchema

    def handle_http_exception(self, error):
        return errors.handle_http_exception(error)


class IdConverter(IntegerConverter):
    """``<int:...>`` in our routes: a record id, 0 to 2**31 - 1."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def init_api(app) -> Api:
    # api.md names collections without a trailing slash (GET /needs, POST /needs):
    # answer both spellings instead of redirecting (a 308 loses POST bodies in some clients).
    app.url_map.strict_slashes = False
    # Ids are INTEGER columns: a larger number in a URL names nothing, and the databases
    # refuse to compare with it (OverflowError, "integer out of range"): 404, not 500.
    app.url_map.converters["int"] = IdConverter
    from .guards import init_guards
    from .security import SecurityPlugin
    from .transactions import IdempotencyPlugin
    from .transactions import install as install_transactions

    init_guards(app)

    api = MarketplaceApi(app, spec_kwargs={
        "info": {"description": "Where the NHS and innovators find each other."},
        "extra_plugins": [SecurityPlugin(), IdempotencyPlugin()],
    })
    for blp in (taxonomy.blp, organisations.blp, listings.needs_blp, listings.solutions_blp, bundles.blp, access.blp,
                interests.blp, interests.notifications_blp, interests.dashboard_blp, demand.blp, shortlists.blp,
                codesign.offers_blp, codesign.requests_blp,
                claims.blp, claims.verify_blp, claims.confirm_blp, saved_searches.blp):
        api.register_blueprint(blp, url_prefix=PREFIX + blp.url_prefix)
    app.register_blueprint(_swagger_static())
    install_transactions(app, api)
    app.register_error_handler(ServiceError, errors.handle_service_error)
    app.register_error_handler(InvalidCredentials, errors.handle_invalid_credentials)
    app.register_error_handler(RecursionError, errors.handle_recursion_error)
    app.register_error_handler(SearchUnavailable, errors.handle_search_unavailable)
    app.register_error_handler(ValueError, errors.handle_value_error)
    app.register_error_handler(DataError, errors.handle_data_refused)
    for exc_class in errors.DATABASE_UNAVAILABLE:
        app.register_error_handler(exc_class, errors.handle_database_unavailable)
    return api


def _swagger_static() -> Blueprint:
    import swagger_ui_bundle

    folder = swagger_ui_bundle.swagger_ui_path
    blp = Blueprint("swagger_static", __name__)

    @blp.route(f"{PREFIX}/docs/static/<path:filename>")
    def swagger_file(filename):
        return send_from_directory(folder, filename)

    return blp


__all__ = ["init_api", "PREFIX"]
