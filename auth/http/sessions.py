"""Browser sessions (Flask-Login over Flask's signed cookie).

The session holds "<user id>:<session epoch>". The person is re-read on every
request, so a suspension or a new password (both bump the epoch) ends every
live session at once (auth.services.accounts.end_all_sessions). Signing in and
out here is audited.
"""
from __future__ import annotations

import logging

from flask import session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from auth.policy.identity import Actor
from marketplace.models import User, db, utcnow
from marketplace.services import audit
from marketplace.services.common import commit

log = logging.getLogger(__name__)

login_manager = LoginManager()
# Pages send people to sign in; the API answers 401 instead (see marketplace.web).
login_manager.login_view = "web.sign_in"
login_manager.login_message = "Sign in to continue."
login_manager.login_message_category = "info"
# Flask's cookie is signed, HttpOnly, SameSite=Lax; "basic" marks a session
# non-fresh if its browser changes instead of throwing it away.
login_manager.session_protection = "basic"


class SessionUser(UserMixin):
    def __init__(self, user: User):
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_epoch}"


@login_manager.user_loader
def _load(session_id: str):
    user_id, _, epoch = session_id.partition(":")
    if not user_id.isdigit() or not epoch.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_epoch != int(epoch):
        return None
    if user.is_suspended:
        log.info("Refused the session of suspended user %s", user.id)
        return None
    return SessionUser(user)


def session_user() -> User | None:
    if current_user and current_user.is_authenticated:
        return current_user.user
    return None


def start_session(user: User) -> None:
    """Sign ``user`` in on this browser: a fresh session, so nothing from before carries over."""
    session.clear()
    session.permanent = True
    login_user(SessionUser(user))
    user.last_sign_in_at = utcnow()


def end_session() -> None:
    logout_user()
    session.clear()


def sign_in(user: User, method: str, remote_addr: str | None = None) -> None:
    """Start a browser session for ``user`` (checked already) and record it."""
    start_session(user)
    audit.record(Actor(user=user, label=f"user:{user.id}", remote_addr=remote_addr), "user.sign_in", user, method=method)
    commit()


def sign_out(actor: Actor) -> None:
    if actor.user is not None:
        audit.record(actor, "user.sign_out", actor.user)
        commit()
    end_session()
