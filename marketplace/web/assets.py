"""The NHS.UK design system's compiled CSS, JavaScript and images, served by the app itself.

They come from the ``nhsuk-frontend`` npm package (marketplace/web/assets/package.json,
installed by ``make install`` with ``npm ci``). No page needs any host but ours: the
design system's stylesheet loads its Frutiger fonts from an NHS host, so those
@font-face rules are taken out and the pages use the stylesheet's own fallbacks
(Arial, then the system's sans-serif).
"""
from __future__ import annotations

import json
import logging
import re
from functools import cache
from pathlib import Path

from flask import Response, abort, send_from_directory, url_for

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
PACKAGE_DIR = HERE / "assets" / "node_modules" / "nhsuk-frontend"
DIST_DIR = PACKAGE_DIR / "dist" / "nhsuk"
OUR_STATIC = HERE / "static"
# A year: every URL below carries a version, so a new release gets new URLs.
MAX_AGE = 365 * 24 * 3600
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S+")


@cache
def frontend_version() -> str:
    try:
        return json.loads((PACKAGE_DIR / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "missing"


@cache
def _stylesheet() -> bytes:
    css = (DIST_DIR / "nhsuk-frontend.min.css").read_text(encoding="utf-8")
    css = _FONT_FACE.sub("", css)
    return _SOURCE_MAP.sub("", css).encode("utf-8")


@cache
def _script() -> bytes:
    js = (DIST_DIR / "nhsuk-frontend.min.js").read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("", js).encode("utf-8")


def _cached(body: bytes, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


def _frontend_file(read, mimetype: str) -> Response:
    """The design system's file that ``read()`` gives, or 404 when it is not installed."""
    try:
        return _cached(read(), mimetype)
    except OSError:
        abort(404)


def register(app) -> None:
    if not DIST_DIR.is_dir():
        log.warning("nhsuk-frontend is not installed in %s: pages will have no styles. Run `make install`.",
                    PACKAGE_DIR)

    @app.get("/assets/nhsuk-frontend-<version>.min.css", endpoint="asset_stylesheet")
    def stylesheet(version):
        return _frontend_file(_stylesheet, "text/css")

    @app.get("/assets/nhsuk-frontend-<version>.min.js", endpoint="asset_script")
    def script(version):
        return _frontend_file(_script, "text/javascript")

    @app.get("/assets/marketplace/<path:filename>", endpoint="asset_ours")
    def ours(filename):
        return send_from_directory(OUR_STATIC, filename, max_age=3600)

    @app.get("/assets/<path:filename>", endpoint="asset_file")
    def asset_file(filename):
        return send_from_directory(DIST_DIR / "assets", filename, max_age=MAX_AGE)

    @app.context_processor
    def _asset_urls():
        version = frontend_version()
        return {
            "assetPath": "/assets",
            "stylesheet_url": url_for("asset_stylesheet", version=version),
            "script_url": url_for("asset_script", version=version),
        }
