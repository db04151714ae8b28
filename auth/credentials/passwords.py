"""Password hashing with argon2id (argon2-cffi), parameters from config.

Defaults are RFC 9106's second recommended option (t=3, 64 MiB, p=4), which
argon2-cffi also uses: about 50-100 ms a hash on a server core, deliberately.
Hashes made with older parameters are upgraded at the next sign-in.
"""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

MIN_LENGTH = 10
MAX_LENGTH = 256  # argon2 takes any length; this bounds the work a request can ask for.

_hashers: dict[tuple, PasswordHasher] = {}


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    params = (cfg.get("ARGON2_TIME_COST", 3), cfg.get("ARGON2_MEMORY_COST", 65536), cfg.get("ARGON2_PARALLELISM", 4))
    if params not in _hashers:
        _hashers[params] = PasswordHasher(time_cost=params[0], memory_cost=params[1], parallelism=params[2])
    return _hashers[params]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)


# A stand-in hash so that an unknown email costs the same time as a wrong password
# (otherwise timing tells which emails have accounts).
_DUMMY: dict[tuple, str] = {}


def burn_time(password: str) -> None:
    hasher = _hasher()
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMY:
        _DUMMY[key] = hasher.hash("not a real password")
    verify_password(_DUMMY[key], password)


def password_problems(password: str, email: str = "") -> list[str]:
    """What is wrong with a new password, in words a person can act on (NCSC: length, not rules)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Enter a password of at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Enter a password of at most {MAX_LENGTH} characters.")
    if email and password.strip().lower() == email.strip().lower():
        problems.append("Your password must not be your email address.")
    if password and len(set(password)) < 4:
        problems.append("Choose a password that is harder to guess.")
    return problems
