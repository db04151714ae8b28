"""Faults and hostile input over HTTP (issue 11): 503 not 500 when the database is away,
a committed write answered as committed, authentication before validation, and the
inputs that used to give 500. Every test runs on each database.
"""
from __future__ import annotations

import re
import socket
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from marketplace import create_app
from marketplace.models import Need, db
from tests.conftest import DATABASES, POSTGRES_URL, make_config
from tests.factories import auth, sign_in
from tests.support import assert_error, count, db_state, need_body, solution_body

API = "/api/v1"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture
def trust(factory):
    return factory.organisation(ref="trust-1")


@pytest.fixture
def innovator(factory):
    return factory.organisation(ref="innovator-1", kind="innovator")


@pytest.fixture
def spec(client) -> dict:
    return client.get(f"{API}/openapi.json").get_json()


def _concrete(rule: str) -> str:
    """A URL for a route, every parameter 1."""
    return re.sub(r"<(?:[^:<>]+:)?[^<>]+>", "1", rule)


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _api_writes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(API):
            for method in sorted(rule.methods & WRITES):
                yield method, rule.rule


# --- the database is unavailable: 503 with Retry-After ------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unreachable_url(kind: str, tmp_path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'no-such-directory' / 'marketplace.db'}"
    return sa.make_url(POSTGRES_URL).set(port=_free_port()).render_as_string(hide_password=False)


@pytest.mark.parametrize("kind", DATABASES)
def test_a_database_that_cannot_be_reached_answers_503_with_retry_after(kind, tmp_path):
    app = create_app(make_config(_unreachable_url(kind, tmp_path), tmp_path))
    client = app.test_client()
    for method, path, headers in (("get", f"{API}/needs/1", {}),
                                  ("post", f"{API}/needs", {"Authorization": "Bearer mkta_anything"}),
                                  ("get", f"{API}/organisations/1/members", {"Authorization": "Bearer x"})):
        r = getattr(client, method)(path, headers=headers, json={} if method == "post" else None)
        body = assert_error(r, 503)
        assert "database" in body["message"]
        assert r.headers["Retry-After"].isdigit(), (path, r.headers)
    page = client.get("/needs/1")
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert page.headers["Retry-After"].isdigit()
    assert "Sorry, the service is unavailable" in page.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


@pytest.mark.only_database("postgresql")
def test_connections_that_died_in_a_restart_are_replaced_not_failed(database, tmp_path, monkeypatch):
    """PostgreSQL ends every connection when it restarts; the pool must not hand a dead one out."""
    monkeypatch.setenv("PGAPPNAME", "httpfaults-restart-test")  # so that only this app's connections are ended
    app = create_app(make_config(POSTGRES_URL, tmp_path))
    client = app.test_client()
    assert client.get(f"{API}/needs/1").status_code == 404  # a pooled connection now exists
    admin = sa.create_engine(POSTGRES_URL)
    with admin.connect() as conn:
        ended = conn.execute(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'httpfaults-restart-test' AND pid <> pg_backend_pid()")).scalar_one()
    admin.dispose()
    assert ended >= 1
    for _ in range(3):
        assert client.get(f"{API}/needs/1").status_code == 404
    with app.app_context():
        db.engine.dispose()


@pytest.mark.only_database("postgresql")
def test_a_session_whose_connection_died_ends_without_raising(database, tmp_path, monkeypatch, caplog):
    """The end of a request rolls its session back; on a connection the database dropped
    mid-request that rollback fails, and must not turn the chosen answer into a bare 500."""
    monkeypatch.setenv("PGAPPNAME", "httpfaults-teardown-test")
    app = create_app(make_config(POSTGRES_URL, tmp_path))
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with app.app_context():  # its end is Flask-SQLAlchemy's teardown, as after a request
            db.session.execute(sa.text("SELECT 1"))  # a transaction open on a pooled connection
            with admin.connect() as conn:
                ended = conn.execute(sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = 'httpfaults-teardown-test' AND pid <> pg_backend_pid()")).scalar_one()
            assert ended >= 1
        assert "database was unavailable while ending" in caplog.text
        with app.app_context():  # and the next request gets a live connection
            assert db.session.execute(sa.text("SELECT 1")).scalar_one() == 1
    finally:
        admin.dispose()
        with app.app_context():
            db.engine.dispose()


def test_a_value_the_database_refuses_is_400_not_500(database, client):
    """PostgreSQL refuses NUL in text (SQLite stores it): either way the answer is not a 500."""
    for path in ("/oauth/revoke", "/oauth/token"):
        r = client.post(path, data={"client_id": "\x00", "client_secret": "0", "token": "x",
                                    "grant_type": "client_credentials"})
        assert r.status_code < 500, (path, r.get_data(as_text=True)[:300])
        if database["name"] == "postgresql":
            assert r.status_code in (400, 401), path


# --- a committed write is answered as committed --------------------------------------------------

@contextmanager
def database_gone_after_commit(app):
    """From the first commit on, every statement fails as if the connection had died."""
    state = {"committed": False}

    def committed(session):
        state["committed"] = True

    def execute(conn, cursor, statement, parameters, context, executemany):
        if state["committed"]:
            raise sa.exc.OperationalError(statement, parameters, ConnectionError(f"the database went away: {statement[:300]}"))

    saved = app.config["SEARCH_SYNC"]
    app.config["SEARCH_SYNC"] = "worker"  # inline indexing reads the database after a commit, on purpose
    sa.event.listen(db.session, "after_commit", committed)
    sa.event.listen(db.engine, "before_cursor_execute", execute)
    try:
        yield
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", execute)
        sa.event.remove(db.session, "after_commit", committed)
        app.config["SEARCH_SYNC"] = saved


def test_a_committed_write_is_answered_without_going_back_to_the_database(app, client, factory, trust, innovator):
    user, _ = factory.user(trust)
    from marketplace.models import Membership

    db.session.add(Membership(user_id=user.id, organisation_id=innovator.id, role="admin"))
    db.session.commit()
    csrf = sign_in(client, user)
    need_id = client.post(f"{API}/needs", json=need_body(trust.ref, ref="n-0"), headers=csrf).get_json()["id"]
    solution_id = client.post(f"{API}/solutions", json=solution_body(innovator.ref), headers=csrf).get_json()["id"]
    writes = [
        ("post", f"{API}/needs", need_body(trust.ref, ref="n-1"), 201),
        ("post", f"{API}/solutions", solution_body(innovator.ref, ref="s-1"), 201),
        ("patch", f"{API}/needs/{need_id}", {"title": "A clearer title", "version": 1}, 200),
        ("post", f"{API}/needs/{need_id}/publish", None, 200),
        ("post", f"{API}/solutions/{solution_id}/deployments", {"organisation": trust.ref, "since": "2024-03"}, 201),
        ("post", f"{API}/organisations", {"name": "Another Trust", "kind": "nhs-trust"}, 201),
    ]
    for method, path, body, status in writes:
        with database_gone_after_commit(app):
            r = getattr(client, method)(path, json=body, headers=csrf)
        assert r.status_code == status, (path, r.get_json())
        got = r.get_json()
        assert got["id"], got
        if "created_at" in got:
            assert RFC3339.match(got["created_at"]) and RFC3339.match(got["updated_at"]), got
    assert count(Need) == 2
    listing = client.get(f"{API}/needs/{need_id}", headers=csrf).get_json()
    assert listing["status"] == "published" and listing["title"] == "A clearer title"


# --- authentication before validation -------------------------------------------------------------

def test_every_api_write_authenticates_before_it_validates(app, client, spec):
    open_operations = []
    for method, rule in _api_writes(app):
        security = spec["paths"][_openapi_path(rule)][method.lower()].get("security")
        if security == [] or {} in (security or []):
            open_operations.append(rule)
            continue
        r = client.open(_concrete(rule), method=method, json={"incomplete": True})
        body = assert_error(r, 401)
        assert body["errors"] == {}, (method, rule, body)  # nothing about the fields
        assert r.headers["WWW-Authenticate"].startswith("Bearer"), (method, rule)
    # Only signing in and out, registering and resetting a password take no credential.
    assert open_operations and all(re.match(rf"{API}/(session|users$|password-reset)", r) for r in open_operations)


def test_an_anonymous_incomplete_need_is_401_not_422(client):
    r = client.post(f"{API}/needs/", json={"title": "x"})
    assert_error(r, 401)


def test_an_invalid_token_is_401_before_validation(client):
    r = client.post(f"{API}/needs/", json={}, headers={"Authorization": "Bearer mkta_not-a-token"})
    assert_error(r, 401)


# --- the five inputs that gave 500 ------------------------------------------------------------------

def test_a_json_integer_past_4300_digits_is_400_on_every_write(app, client, factory, spec):
    number = "9" * 4301
    admin, token = factory.user(platform_admin=True)
    with_body = []
    for method, rule in _api_writes(app):
        if "requestBody" not in spec["paths"][_openapi_path(rule)][method.lower()]:
            continue
        with_body.append(rule)
        for headers in ({}, auth(token)):  # anonymously and signed in
            before = db_state()
            r = client.open(_concrete(rule), method=method, data=f'{{"title": {number}}}',
                            headers={**headers, "Content-Type": "application/json"})
            assert r.status_code in (400, 401), (method, rule, r.status_code)
            body = assert_error(r, r.status_code)
            if r.status_code == 400:
                assert "4,300 digits" in body["message"], body
            assert db_state() == before
    assert f"{API}/users" in with_body  # an anonymous write parses the body: it must be 400 there


def test_a_json_integer_of_4300_digits_is_an_ordinary_validation_error(client, factory, trust):
    _, token = factory.user(trust)
    r = client.post(f"{API}/needs", json=need_body(trust.ref, budget_gbp=int("9" * 4300)), headers=auth(token))
    assert_error(r, 422, {"budget_gbp"})


def _get_rules(app):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and "static" not in rule.endpoint and "filename" not in rule.rule:
            yield rule.rule


@pytest.mark.parametrize("raw", [b"q=\xff", b"q=caf\xe9", b"\xc3\x28=1", b"page=1&q=\xed\xa0\x80"])
def test_a_query_string_that_is_not_utf8_is_400_everywhere(app, client, raw):
    rules = list(_get_rules(app))
    assert len(rules) > 20
    for rule in rules:
        r = client.get(_concrete(rule), environ_overrides={"QUERY_STRING": raw.decode("latin-1")})
        assert r.status_code == 400, (rule, r.status_code, r.get_data(as_text=True)[:300])
        if rule.startswith("/api/"):
            body = assert_error(r, 400, {"_request"})
            assert "UTF-8" in body["message"]
        elif rule not in ("/health", "/.well-known/openid-configuration", "/.well-known/jwks.json"):
            assert r.mimetype == "text/html", rule
            assert "The query string is not valid UTF-8" in r.get_data(as_text=True), rule


@settings(max_examples=40, deadline=None)
@given(raw=st.binary(min_size=1, max_size=40).filter(lambda b: not _is_utf8(b)))
def test_any_non_utf8_query_string_is_400_never_500(database, raw):
    app = database["app"]
    client = app.test_client()
    with app.app_context():
        for path in (f"{API}/solutions/", f"{API}/needs/", "/solutions"):
            r = client.get(path, environ_overrides={"QUERY_STRING": raw.decode("latin-1")})
            assert r.status_code == 400, (path, raw)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Form dates: a year or day that does not fit a C int used to raise OverflowError.
HUGE_DATES = [("31", "3", "2147483648"), ("99999999999", "3", "2027"), ("1", "99999999999", "2027"),
              ("1", "1", "-2147483649"), ("1", "1", "9999999999")]


def test_form_dates_past_a_c_int_are_form_errors(app):
    from marketplace.web.listings import NeedForm

    for day, month, year in HUGE_DATES:
        form = NeedForm.from_request(MultiDict({"title": "A title", "closes_on-day": day, "closes_on-month": month,
                                                "closes_on-year": year}))
        assert form.errors["closes_on"] == ["Closing date must be a real date, like 31 3 2027"], (day, month, year)


@settings(max_examples=100, deadline=None)
@given(day=st.integers(), month=st.integers(), year=st.integers())
def test_any_integers_in_a_date_or_month_are_a_value_or_a_form_error(database, day, month, year):
    from marketplace.web.deployments import DeploymentForm
    from marketplace.web.listings import NeedForm

    with database["app"].app_context():
        need = NeedForm.from_request(MultiDict({"closes_on-day": str(day), "closes_on-month": str(month),
                                                "closes_on-year": str(year)}))
        assert ("closes_on" in need.errors) != ("closes_on" in need.data)
        deployment = DeploymentForm.from_request(MultiDict({"since-month": str(month), "since-year": str(year)}))
        assert ("since" in deployment.errors) != ("since" in deployment.data)


def _csrf(client, path):
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match, path
    return match.group(1)


def _page_sign_in(client, user):
    from tests.factories import PASSWORD

    r = client.post("/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": _csrf(client, "/sign-in")})
    assert r.status_code == 302


@pytest.mark.parametrize("day, month, year", [("31", "3", "2147483648"), ("99999999999", "3", "2027")])
def test_the_need_form_shows_a_huge_date_in_its_error_summary(client, factory, trust, day, month, year):
    user, _ = factory.user(trust, role="admin")
    _page_sign_in(client, user)
    r = client.post("/needs/new", data={
        "title": "Falls at night", "problem": "Older patients fall at night.", "open_to_codesign": "no",
        "closes_on-day": day, "closes_on-month": month, "closes_on-year": year, "then": "save",
        "csrf_token": _csrf(client, "/needs/new")})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert 'href="#closes_on-day"' in page and "Closing date must be a real date" in page
    assert count(Need) == 0


@pytest.mark.parametrize("month, year", [("3", "2147483648"), ("99999999999", "2024")])
def test_the_deployment_form_shows_a_huge_month_in_its_error_summary(client, factory, trust, innovator, month, year):
    user, _ = factory.user(innovator, role="admin")
    solution = factory.solution(innovator)
    _page_sign_in(client, user)
    path = f"/solutions/{solution.id}/deployments"
    r = client.post(path, data={"organisation": trust.ref, "since-month": month, "since-year": year,
                                "csrf_token": _csrf(client, path)})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert 'href="#since-month"' in page and "In use since must be a real month and year" in page


# --- responses match the OpenAPI document --------------------------------------------------------

def test_timestamps_are_rfc3339_with_an_offset(client, factory, trust):
    _, token = factory.user(trust)
    created = client.post(f"{API}/needs", json=need_body(trust.ref), headers=auth(token)).get_json()
    published = client.post(f"{API}/needs/{created['id']}/publish", headers=auth(token)).get_json()
    for key in ("created_at", "updated_at", "published_at"):
        assert RFC3339.match(published[key]), (key, published[key])
    hits = client.get(f"{API}/needs/").get_json()["items"]
    assert hits and RFC3339.match(hits[0]["published_at"]), hits
    user = client.post(f"{API}/users", json={"email": "rosa@example.nhs.uk", "password": "a long enough password",
                                              "name": "Rosa"}).get_json()
    assert RFC3339.match(user["created_at"]), user


def test_timestamps_given_with_an_offset_are_compared_as_instants(client, factory, trust):
    _, writer = factory.user(trust)
    assert client.post(f"{API}/needs", json=need_body(trust.ref), headers=auth(writer)).status_code == 201
    _, token = factory.user(platform_admin=True)
    everything = client.get(f"{API}/audit", headers=auth(token)).get_json()["total"]
    assert everything > 0
    r = client.get(f"{API}/audit", query_string={"since": "2000-01-01T01:00:00+01:00"}, headers=auth(token))
    assert r.status_code == 200 and r.get_json()["total"] == everything
    r = client.get(f"{API}/audit", query_string={"until": "2000-01-01T00:00:00-05:00"}, headers=auth(token))
    assert r.status_code == 200 and r.get_json()["total"] == 0


def test_the_session_with_a_token_matches_its_schema(client, factory, trust, spec):
    _, token = factory.user(trust)
    body = client.get(f"{API}/session", headers=auth(token)).get_json()
    assert body["via"] == "token" and body["csrf_token"] is None
    schema = spec["components"]["schemas"]["SessionOut"]["properties"]["csrf_token"]
    assert schema.get("nullable") is True


# --- look-alike email addresses ---------------------------------------------------------------------

LOOK_ALIKES = ["\u0430dmin@example.nhs.uk", "admin@ex\u0430mple.nhs.uk", "r\u043esa.patel@nhs.net"]


@pytest.mark.parametrize("email", LOOK_ALIKES)
def test_registration_refuses_a_mixed_script_look_alike_email(client, email):
    r = client.post(f"{API}/users", json={"email": email, "password": "a long enough password", "name": "Mallory"})
    body = assert_error(r, 422, {"email"})
    assert "alphabet" in body["errors"]["email"][0]


def test_single_script_addresses_are_welcome(client):
    for email in ("jos\u00e9@example.nhs.uk", "\u0430\u043d\u043d\u0430@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444"):
        r = client.post(f"{API}/users", json={"email": email, "password": "a long enough password", "name": "Someone"})
        assert r.status_code == 201, r.get_json()


def test_invitations_refuse_a_look_alike_email(client, factory, trust):
    admin, _ = factory.user(trust, role="admin")
    csrf = sign_in(client, admin)
    r = client.post(f"{API}/organisations/{trust.id}/invitations", json={"email": LOOK_ALIKES[0]}, headers=csrf)
    assert_error(r, 422, {"email"})


def test_the_registration_page_refuses_a_look_alike_email(client):
    r = client.post("/register", data={"name": "Mallory", "email": LOOK_ALIKES[0], "password": "a long enough password",
                                       "csrf_token": _csrf(client, "/register")})
    assert r.status_code == 422
    assert "one alphabet" in r.get_data(as_text=True)
