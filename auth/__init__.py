"""Identity and access: who is asking (identity), and what they may do (permissions).

init_auth() wires sessions, CSRF, rate limits and the OAuth2 server into the app.
"""
from __future__ import annotations


def init_auth(app) -> None:
    import os

    from auth.csrf import init_csrf
    from auth.limits import limiter
    from auth.oauth_server import init_oauth_server
    from auth.sessions import login_manager

    if app.config.get("OAUTH2_ALLOW_HTTP"):
        # authlib refuses plain http unless told; only for local runs and tests.
        os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    login_manager.init_app(app)
    init_csrf(app)
    limiter.init_app(app)
    init_oauth_server(app)

    from auth.oidc import init_sso

    init_sso(app)
