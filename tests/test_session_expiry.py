"""Sessions end on the server: a remember-me login lasts 30 days, any other
14 days without a visit (and never more than 30), and `flask cleanup`
(which `make run` runs at start) deletes the rows that have ended.

Time passes by moving every timestamp of the session rows into the past:
to the server that is exactly what a later day looks like."""

import os
import signal
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from cleaning_app.extensions import db
from cleaning_app.models import ApiToken, FormSubmission, UserSession

from .builders import PASSWORD, make_user
from .make_run import free_port, start_make_run

PAGE = "/cleanings/mine"  # login-only


@pytest.fixture
def rita(app):
    return make_user(app, "rita")


def log_in(client, remember=False):
    data = {"login": "rita", "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/login", data).status_code == 303


def time_passes(app, **ago):
    """Every session row moves `ago` into the past, as if that much time had
    gone by since."""
    with app.app_context():
        columns = db.session.scalars(
            text(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema()"
                " AND table_name = 'user_sessions' AND column_name <> 'updated_at'"
                " AND data_type = 'timestamp with time zone'"
            )
        ).all()
        moves = ", ".join(f"{c} = {c} - :ago" for c in columns)
        db.session.execute(
            text(f"UPDATE user_sessions SET {moves}"),
            {"ago": timedelta(**ago)},
        )
        db.session.commit()


def logged_in(client) -> bool:
    response = client.get(PAGE)
    if response.status_code == 200:
        return True
    assert response.status_code == 302, response.status_code
    assert response.headers["Location"] == f"/auth/login?next={PAGE}"
    return False


def session_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(UserSession))


@pytest.mark.parametrize("remember", [False, True])
def test_a_session_400_days_old_lands_on_the_login_page(app, client, rita, remember):
    log_in(client, remember)
    assert logged_in(client)
    time_passes(app, days=400)
    response = client.get(PAGE, follow_redirects=True)
    assert response.request.path == "/auth/login"
    page = response.get_data(as_text=True)
    assert 'name="login"' in page and "@rita" not in page


def test_remember_me_lasts_30_days_from_login_without_any_visit(
    app, client, make_client, rita
):
    log_in(client, remember=True)
    remembered = client.raw.get_cookie("remember_token").value
    time_passes(app, days=29)
    assert logged_in(client)  # no idle limit for "Keep me logged in"
    time_passes(app, days=1, hours=1)
    assert not logged_in(client)
    # Nor does the remember-me cookie alone, as after a browser restart.
    restarted = make_client()
    restarted.raw.set_cookie("remember_token", remembered)
    assert not logged_in(restarted)


def test_the_remember_me_cookie_expires_with_its_session(client, rita):
    log_in(client, remember=True)
    expires = client.raw.get_cookie("remember_token").expires
    assert expires is not None
    expires = expires.replace(tzinfo=expires.tzinfo or UTC)
    days = (expires - datetime.now(UTC)) / timedelta(days=1)
    assert 29.9 < days <= 30


def test_without_remember_me_14_idle_days_end_the_session(app, client, rita):
    log_in(client)
    time_passes(app, days=15)
    assert not logged_in(client)


def test_without_remember_me_visits_keep_it_alive_up_to_30_days(app, client, rita):
    log_in(client)
    time_passes(app, days=13)
    assert logged_in(client)
    time_passes(app, days=13)
    assert logged_in(client)  # 26 days since login, 13 since the last visit
    time_passes(app, days=4, hours=1)
    assert not logged_in(client)  # used 4 days ago, but logged in 30 days ago


def test_last_seen_is_written_at_most_once_an_hour(app, client, rita, query_counter):
    log_in(client)
    time_passes(app, minutes=50)
    with query_counter as counter:
        assert logged_in(client)
    assert not [s for s in counter.statements if s.startswith("UPDATE")]
    time_passes(app, minutes=20)
    with query_counter as counter:
        assert logged_in(client)
        assert logged_in(client)
    updates = [s for s in counter.statements if s.startswith("UPDATE")]
    assert len(updates) == 1 and "user_sessions" in updates[0]
    # The visit counts: 14 days after it, not after login, the session ends.
    time_passes(app, days=13, hours=23)
    assert logged_in(client)


def test_an_ended_session_leaves_the_users_others_alone(app, client, make_client, rita):
    old, new = make_client(), client
    log_in(old)
    time_passes(app, days=20)
    log_in(new)
    assert logged_in(new) and not logged_in(old)


def add_submission_key(app, key_hash: str, age: timedelta) -> None:
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO form_submissions (key_hash, location, created_at)"
                " VALUES (:key_hash, '/cleanings', now() - :age)"
            ),
            {"key_hash": key_hash, "age": age},
        )
        db.session.commit()


def sessions_of_every_age(app, make_client):
    """Four browsers: two whose sessions have ended, two still logged in."""
    browsers = {name: make_client() for name in ("old", "idle", "kept", "live")}
    log_in(browsers["old"], remember=True)
    time_passes(app, days=16)
    log_in(browsers["idle"])
    log_in(browsers["kept"], remember=True)
    # old: remember-me, 31 days ago; idle: 15 days without a visit;
    # kept: remember-me, 15 days ago; live: just now.
    time_passes(app, days=15)
    log_in(browsers["live"])
    assert session_rows(app) == 4
    return browsers


def test_flask_cleanup_deletes_ended_sessions_and_old_submission_keys(
    app, make_client, rita
):
    browsers = sessions_of_every_age(app, make_client)
    add_submission_key(app, "a" * 64, timedelta(days=2))
    add_submission_key(app, "b" * 64, timedelta(hours=1))
    with app.app_context():
        for name, expires in (("expired", "-1 hour"), ("live", "1 day")):
            db.session.add(
                ApiToken(
                    token_hash=name,
                    user_id=rita.id,
                    expires_at=func.now() + text(f"interval '{expires}'"),
                )
            )
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["cleanup"])
    assert result.exit_code == 0, result.output
    assert "2 ended login sessions" in result.output
    assert "1 expired API tokens" in result.output
    assert "1 used form key" in result.output
    with app.app_context():
        assert db.session.scalars(select(ApiToken.token_hash)).all() == ["live"]
    assert session_rows(app) == 2
    assert logged_in(browsers["live"]) and logged_in(browsers["kept"])
    with app.app_context():
        assert db.session.scalars(select(FormSubmission.key_hash)).all() == ["b" * 64]


def test_make_run_cleans_up_at_start(app, make_client, database_url, rita):
    """`make run` against this database: the ended sessions are gone once it
    serves, before anyone could use them."""
    sessions_of_every_age(app, make_client)
    env = {**os.environ, "DATABASE_URL": database_url, "WEB_CONCURRENCY": "1"}
    env["PORT"] = str(free_port())
    process = start_make_run(env)
    seen = []
    try:
        for line in process.stdout:
            seen.append(line)
            if "Phresh is at" in line or "gunicorn exited" in line:
                break
    finally:
        process.send_signal(signal.SIGTERM)
        seen.append(process.communicate(timeout=60)[0])
    output = "".join(seen)
    assert "Phresh is at" in output, output
    assert "2 ended login sessions" in output
    assert session_rows(app) == 2
