"""Where to send someone after signing in: only back into this site (no open redirects)."""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default``.

    Refuses absolute URLs, scheme-relative ``//host`` and ``/\\host`` (browsers
    read a backslash as a slash), and anything with control characters.
    """
    if not target or len(target) > 2000:
        return default
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
