"""The pages people use: server-rendered Jinja on the NHS.UK design system.

Views are thin, like the API's: they parse a form (``forms``), ask the same
services and the same permission module as the API, and render a template
built from the design system's own component macros (nhsuk-frontend-jinja).
Nothing here queries the database itself.

init_web(app) registers the blueprint ``web``, the design system's assets
(``assets``), the Jinja set-up the component macros need, and HTML error
pages for every path outside the API (``errors``).
"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="templates")

# Forms anyone may send; every other form needs a signed-in person, checked before anything
# is read or looked up (as on the API: authentication comes first on every write).
ANONYMOUS_FORMS = frozenset({"web.sign_in", "web.sign_out", "web.register", "web.request_reset",
                             "web.reset_password", "web.accept_invitation"})


@bp.before_request
def _sign_in_before_writing():
    from flask import request

    from auth.http.actor import actor_from_request
    from marketplace.services.errors import Unauthenticated

    if request.method == "POST" and request.endpoint not in ANONYMOUS_FORMS \
            and not actor_from_request().is_authenticated:
        raise Unauthenticated("Sign in to do this.")


# Importing the view modules adds their routes to ``bp``.
from . import account, admin, claims, codesign, deployments, home, interests, listings, organisations  # noqa: E402,F401
from . import saved_searches  # noqa: E402,F401


def init_web(app) -> None:
    from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader

    from . import assets, errors, helpers

    # The component macros read optional parameters as chains (params.hint.text):
    # nhsuk-frontend-jinja asks for ChainableUndefined so an absent one is simply empty.
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, PackageLoader("nhsuk_frontend_jinja")])
    app.jinja_env.trim_blocks = False
    helpers.register(app)
    assets.register(app)
    app.register_blueprint(bp)
    errors.register(app)
