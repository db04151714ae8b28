"""Random credentials, and the one way they are stored: a SHA-256 hash.

These secrets are long and random, so a fast hash is enough (unlike
passwords, which people choose and which get argon2).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets


def new_secret(prefix: str = "", nbytes: int = 32) -> str:
    return prefix + secrets.token_urlsafe(nbytes)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
