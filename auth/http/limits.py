"""Rate limits (Flask-Limiter) on the endpoints people and robots would hammer.

Limits come from config so that production can tune them; storage from
RATELIMIT_STORAGE_URI (memory:// by default; use Redis when several
processes serve). A refusal is 429 with Retry-After.
"""
from __future__ import annotations

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


def register_limit() -> str:
    return current_app.config["RATELIMIT_REGISTER"]


def password_reset_limit() -> str:
    return current_app.config["RATELIMIT_PASSWORD_RESET"]


def token_limit() -> str:
    return current_app.config["RATELIMIT_TOKEN"]


# Decorators for views: only the submissions count, not looking at the form.
limit_sign_in = limiter.limit(sign_in_limit, methods=["POST"])
limit_register = limiter.limit(register_limit, methods=["POST"])
limit_password_reset = limiter.limit(password_reset_limit, methods=["POST"])
