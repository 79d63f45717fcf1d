"""The job queue in tests: run what is due, in this process, until the
queue is empty (procrastinate's worker with wait=False), as `make run`'s
worker would."""

import threading

from cleaning_app.extensions import db
from cleaning_app.tasks import worker


def run_queue(app) -> None:
    """The worker sees committed jobs only, as in production: a job the
    test's own open transaction deferred waits for its commit. In a thread
    of its own: the worker runs an event loop, and Playwright's sync API
    (the browser tests) already runs one in this thread."""
    failures = []

    def work():
        try:
            worker.run(
                app,
                periodic=False,
                wait=False,
                install_signal_handlers=False,
                listen_notify=False,
            )
        except BaseException as failure:  # handed to the test's thread
            failures.append(failure)

    thread = threading.Thread(target=work, name="queue-worker")
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def job_rows(app) -> list[tuple[str, str, dict]]:
    """(task name, status, args) of every job in the queue, oldest first."""
    from sqlalchemy import text

    with app.app_context():
        rows = db.session.execute(
            text("SELECT task_name, status, args FROM procrastinate_jobs ORDER BY id")
        ).all()
        db.session.remove()
    return [tuple(row) for row in rows]
