"""Identity and access, by role:

- ``auth.policy``: who is asking (``identity``: the Actor) and what they may do (``permissions``); no HTTP.
- ``auth.credentials``: secrets, passwords and bearer tokens: how they are made, stored and checked.
- ``auth.services``: the use cases (accounts, API clients, single sign-on linking).
- ``auth.http``: the request's Actor, sessions, CSRF, rate limits, the OIDC blueprint, the OAuth2 server.
- ``auth.mail``: the one way mail is sent.

Each role imports only the roles listed after it (pyproject.toml, import-linter).
init_auth() wires sessions, CSRF, rate limits and the OAuth2 server into the app.
"""
from __future__ import annotations


def init_auth(app) -> None:
    import os

    from auth.http.csrf import init_csrf
    from auth.http.limits import limiter
    from auth.http.oauth_server import init_oauth_server
    from auth.http.sessions import login_manager

    if app.config.get("OAUTH2_ALLOW_HTTP"):
        # authlib refuses plain http unless told; only for local runs and tests.
        os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    login_manager.init_app(app)
    init_csrf(app)
    limiter.init_app(app)
    init_oauth_server(app)

    from auth.http.oidc import init_sso

    init_sso(app)
