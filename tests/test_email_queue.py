"""Email through the job queue (cleaning_app/tasks): queued in the change's
own transaction, sent by the worker, retried while the mail server refuses."""

import logging
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from cleaning_app.extensions import db
from cleaning_app.tasks import defer
from cleaning_app.tasks.email import RETRY, defer_email
from cleaning_app.tasks.worker import HideJobArguments
from tests.builders import make_user
from tests.fake_smtp import FakeSMTP
from tests.queued import job_rows, run_queue

PASSPHRASE = "a long and unusual passphrase"


@pytest.fixture
def smtp(app, monkeypatch):
    """Point the app's mail at a fake server; the test gives its script."""

    def start(*script):
        server = FakeSMTP(list(script))
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
        monkeypatch.setitem(app.config, "MAIL_USERNAME", None)
        return server

    return start


def make_due(app):
    """What the retry's wait would do: the waiting jobs become due now."""
    with app.app_context():
        db.session.execute(
            text(
                "UPDATE procrastinate_jobs SET scheduled_at = now()"
                " WHERE status = 'todo'"
            )
        )
        db.session.commit()


def test_an_email_waits_for_its_commit_and_a_rollback_drops_it(app, outbox):
    with app.app_context():
        defer_email("kept@example.com", "Kept", "Sent once committed.")
        # Not committed yet: the worker (its own connection) sees nothing.
        assert outbox() == []
        db.session.commit()
        defer_email("dropped@example.com", "Dropped", "Never sent.")
        db.session.rollback()
    assert [m["To"] for m in outbox()] == ["kept@example.com"]
    assert job_rows(app) == []  # done jobs are deleted; the dropped one never was


def test_a_registration_refused_by_the_unique_index_queues_no_email(
    app, client, outbox, monkeypatch
):
    """The race: the availability check passes, the INSERT then meets the
    unique index. Nothing is committed, so no verification email either."""
    make_user(app, "taken")
    from cleaning_app.auth import services

    monkeypatch.setattr(services, "check_available", lambda email, username: None)
    response = client.post(
        "/auth/register",
        {"email": "taken@example.com", "username": "taken2", "password": PASSPHRASE},
    )
    assert response.status_code == 400
    assert outbox() == []
    assert job_rows(app) == []


def test_the_email_is_retried_until_the_server_takes_it(app, client, smtp):
    server = smtp("refuse", "refuse", "accept")
    with server:
        response = client.post(
            "/auth/register",
            {"email": "nia@example.com", "username": "nia", "password": PASSPHRASE},
        )
        assert response.status_code == 303
        run_queue(app)
        # Refused: the job waits for its retry, later, with one try counted.
        with app.app_context():
            status, attempts, later = db.session.execute(
                text(
                    "SELECT status, attempts, scheduled_at > now()"
                    " FROM procrastinate_jobs"
                )
            ).one()
            db.session.remove()
        assert (status, attempts, later) == ("todo", 1, True)
        assert server.messages == []
        make_due(app)
        run_queue(app)
        assert server.messages == []
        make_due(app)
        run_queue(app)
    [message] = server.messages
    assert message["To"] == "nia@example.com"
    assert message["Subject"] == "Confirm your email address for Phresh"
    assert "/auth/verify/" in message.get_content()
    assert server.connections == 3
    assert job_rows(app) == []


def test_a_permanent_refusal_is_not_retried(app, smtp):
    server = smtp("reject")
    with server:
        with app.app_context():
            defer_email("nobody@example.com", "Hello", "Body")
            db.session.commit()
        run_queue(app)
    assert [(name, status) for name, status, _ in job_rows(app)] == [
        ("send_email", "failed")
    ]
    assert server.messages == []


def retry_wait(attempts: int) -> int | None:
    """Seconds RETRY waits after a failure of a job tried `attempts` times
    before, or None when it gives up."""
    before = datetime.now(UTC)
    decision = RETRY.get_retry_decision(
        exception=OSError(), job=SimpleNamespace(attempts=attempts)
    )
    if decision is None:
        return None
    return round((decision.retry_at - before).total_seconds())


def test_the_retry_schedule_spans_about_a_day():
    waits = [retry_wait(attempts) for attempts in range(10)]
    assert waits == [3, 9, 27, 81, 243, 729, 2187, 6561, 19683, 59049]
    assert timedelta(hours=24) < timedelta(seconds=sum(waits)) < timedelta(hours=25)
    assert retry_wait(10) is None


def test_a_reset_for_an_unknown_address_queues_nothing(app, client, outbox):
    make_user(app, "known")
    for email in ("known@example.com", "stranger@example.com"):
        assert client.post("/auth/reset", {"email": email}).status_code == 303
    assert [(name, args["to"]) for name, _, args in job_rows(app)] == [
        ("send_email", "known@example.com")
    ]
    assert [m["To"] for m in outbox()] == ["known@example.com"]


def test_deferring_an_unknown_task_is_an_error(app):
    with app.app_context(), pytest.raises(ValueError):
        defer("no.such.task", x=1)


def test_a_queueing_lock_keeps_one_job_waiting_and_the_transaction_going(app):
    with app.app_context():
        first = defer(
            "send_email",
            queueing_lock="one",
            to="a@example.com",
            subject="s",
            body="b",
            headers=None,
        )
        second = defer(
            "send_email",
            queueing_lock="one",
            to="a@example.com",
            subject="s",
            body="b",
            headers=None,
        )
        db.session.execute(text("SELECT 1"))  # the transaction still works
        db.session.commit()
    assert isinstance(first, int) and second is None
    assert len(job_rows(app)) == 1


def test_the_worker_log_names_a_job_without_its_arguments():
    job = {"id": 7, "task_name": "send_email"}
    job["call_string"] = "send_email[7](to='a@example.com', body='/auth/reset/SECRET')"
    record = logging.LogRecord(
        "procrastinate.worker",
        logging.INFO,
        __file__,
        1,
        f"Job {job['call_string']} ended with status: Success, lasted 0.010 s",
        None,
        None,
    )
    record.job = job
    assert HideJobArguments().filter(record)
    message = record.getMessage()
    assert message == "Job send_email[7] ended with status: Success, lasted 0.010 s"
