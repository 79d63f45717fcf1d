"""`python -m cleaning_app.tasks.worker`: one queue worker.

It needs only what the web needs (DATABASE_URL, SECRET_KEY, MAIL_*): run
as many as you like, on any hosts; PostgreSQL hands each job to exactly
one of them. SIGINT/SIGTERM stop it gracefully: running jobs finish (up to
SHUTDOWN_SECONDS), waiting ones stay queued for the next worker."""

import logging
import os

from procrastinate.periodic import PeriodicRegistry

from .. import create_app
from . import queue

SHUTDOWN_SECONDS = 25


def run(flask_app=None, periodic: bool = True, **options) -> None:
    """Run a worker for `flask_app` (create_app() by default); `options` go
    to procrastinate's run_worker. The tests pass wait=False (run what is
    due, then return) and periodic=False: a periodic task deferred by
    whichever test happens to start a worker would run in the middle of it."""
    flask_app = flask_app or create_app()
    queue.bind(flask_app)
    queue.load_task_modules()
    concurrency = int(os.environ.get("WORKER_CONCURRENCY", "2"))
    options = {
        "concurrency": concurrency,
        # Done jobs go; failed ones stay to be looked at.
        "delete_jobs": "successful",
        "shutdown_graceful_timeout": SHUTDOWN_SECONDS,
        **options,
    }
    connector = queue.connector_for(flask_app, pool_size=concurrency + 2)
    registry = queue.app.periodic_registry
    if not periodic:
        queue.app.periodic_registry = PeriodicRegistry()
    try:
        with queue.app.replace_connector(connector):
            queue.app.run_worker(**options)
    finally:
        queue.app.periodic_registry = registry


class HideJobArguments(logging.Filter):
    """procrastinate names a job in its log lines with its arguments
    (`send_email[7](to=..., body=...)`): an email's body holds one-time
    links, and its address is personal. The lines keep `send_email[7]`."""

    def filter(self, record: logging.LogRecord) -> bool:
        job = getattr(record, "job", None)
        if isinstance(job, dict) and job.get("call_string"):
            short = f"{job.get('task_name')}[{job.get('id')}]"
            message = record.getMessage().replace(job["call_string"], short)
            record.msg, record.args = message, None
        return True


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s [worker] %(levelname)s %(message)s"
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(HideJobArguments())
    run()
    # After a graceful stop: the line make run's output (and its test) ends on.
    print("Queue worker stopped.", flush=True)


if __name__ == "__main__":
    main()
