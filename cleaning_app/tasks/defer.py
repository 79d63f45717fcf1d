"""Deferring a job in the caller's transaction.

The job row is inserted by procrastinate's own SQL function
(`procrastinate_defer_jobs_v1`, what `Task.defer` runs) but on the
connection of the request's `db.session`: it is committed with the change
that caused it, and a rollback takes it away too. The worker only sees
committed jobs (its LISTEN/NOTIFY fires on commit)."""

import json
from datetime import UTC, datetime, timedelta

import procrastinate
from procrastinate.jobs import DEFAULT_PRIORITY, DEFAULT_QUEUE
from procrastinate.manager import QUEUEING_LOCK_CONSTRAINT
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .queue import app, load_task_modules

DEFER = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW("
    ":queue, :task_name, :priority, :lock, :queueing_lock,"
    " CAST(:args AS jsonb), :scheduled_at"
    ")::procrastinate_job_to_defer_v1]))"
)


def registered(
    task_or_name: procrastinate.tasks.Task | str,
) -> procrastinate.tasks.Task:
    """The registered task; a name no task has is a bug, not a job that
    would sit in the queue until someone notices."""
    if isinstance(task_or_name, procrastinate.tasks.Task):
        return task_or_name
    if task_or_name not in app.tasks:
        load_task_modules()
    try:
        return app.tasks[task_or_name]
    except KeyError:
        raise ValueError(f"No task is registered as {task_or_name!r}") from None


def defer(
    task_or_name: procrastinate.tasks.Task | str,
    *,
    schedule_in: timedelta | None = None,
    schedule_at: datetime | None = None,
    queueing_lock: str | None = None,
    lock: str | None = None,
    priority: int | None = None,
    **kwargs,
) -> int | None:
    """Enqueue `task(**kwargs)` in the current transaction; the job's id, or
    None when `queueing_lock` is given and a job holding it still waits
    (the transaction goes on unharmed). kwargs must be JSON values."""
    task = registered(task_or_name)
    if schedule_in is not None and schedule_at is not None:
        raise ValueError("Give schedule_in or schedule_at, not both")
    if schedule_in is not None:
        schedule_at = datetime.now(UTC) + schedule_in
    params = {
        "queue": task.queue or DEFAULT_QUEUE,
        "task_name": task.name,
        "priority": DEFAULT_PRIORITY if priority is None else priority,
        "lock": lock or task.lock,
        "queueing_lock": queueing_lock or task.queueing_lock,
        "args": json.dumps(kwargs),
        "scheduled_at": schedule_at,
    }
    if params["queueing_lock"] is None:
        return db.session.execute(DEFER, params).scalar_one()
    # A duplicate queueing lock fails the INSERT: a savepoint keeps that
    # failure from aborting the caller's transaction.
    try:
        with db.session.begin_nested():
            return db.session.execute(DEFER, params).scalar_one()
    except IntegrityError as error:
        diag = getattr(error.orig, "diag", None)
        if getattr(diag, "constraint_name", None) == QUEUEING_LOCK_CONSTRAINT:
            return None
        raise
