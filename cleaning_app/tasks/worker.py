"""`python -m cleaning_app.tasks.worker`: one queue worker.

It needs only what the web needs (DATABASE_URL, SECRET_KEY, MAIL_*): run
as many as you like, on any hosts; PostgreSQL hands each job to exactly
one of them. SIGINT/SIGTERM stop it gracefully: running jobs finish (up to
SHUTDOWN_SECONDS), waiting ones stay queued for the next worker. A worker
that loses its database (procrastinate stops when its LISTEN connection
fails) starts again after a pause, so an outage doesn't end it."""

import asyncio
import contextlib
import logging
import os
import signal
import time

from procrastinate.periodic import PeriodicRegistry
from procrastinate.worker import Worker

from .. import create_app
from . import queue

SHUTDOWN_SECONDS = 25
# Pauses between restarts after losing the database: doubling, at most this.
RESTART_PAUSE_MAX_SECONDS = 30
logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _worker_app(flask_app, periodic: bool):
    """procrastinate's app on `flask_app`'s database, its tasks loaded
    (and its periodic ones left out when `periodic` is False)."""
    queue.bind(flask_app)
    queue.load_task_modules()
    pool_size = _concurrency() + 2
    registry = queue.app.periodic_registry
    if not periodic:
        queue.app.periodic_registry = PeriodicRegistry()
    try:
        connector = queue.connector_for(flask_app, pool_size=pool_size)
        with queue.app.replace_connector(connector):
            yield queue.app
    finally:
        queue.app.periodic_registry = registry


def _concurrency() -> int:
    return int(os.environ.get("WORKER_CONCURRENCY", "2"))


def _options(**options) -> dict:
    return {
        "concurrency": _concurrency(),
        # Done jobs go; failed ones stay to be looked at.
        "delete_jobs": "successful",
        "shutdown_graceful_timeout": SHUTDOWN_SECONDS,
        **options,
    }


def run(flask_app=None, periodic: bool = True, **options) -> None:
    """Run one worker for `flask_app` (create_app() by default) until it
    stops; `options` go to procrastinate's run_worker. The tests pass
    wait=False (run what is due, then return) and periodic=False: a
    periodic task deferred by whichever test starts a worker would run in
    the middle of it."""
    with _worker_app(flask_app or create_app(), periodic) as app:
        app.run_worker(**_options(**options))


async def serve(flask_app) -> None:
    """Run workers until SIGINT/SIGTERM: one that stops for any other
    reason (a lost database) is replaced after a pause."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    current: list[Worker] = []

    def on_signal():
        stopping.set()
        for worker in current:
            worker.stop()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal)
    pause = 1
    with _worker_app(flask_app, periodic=True) as app:
        while not stopping.is_set():
            started = time.monotonic()
            try:
                async with app.open_async():
                    options = _options(install_signal_handlers=False)
                    current[:] = [Worker(app=app, **{**app.worker_defaults, **options})]
                    if not stopping.is_set():
                        await current[0].run()
            except Exception:
                logger.exception("The queue worker failed")
            if stopping.is_set():
                break
            if time.monotonic() - started > 60:
                pause = 1  # it ran well for a while: a fresh problem
            logger.warning("The queue worker stopped; starting again in %s s", pause)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=pause)
            pause = min(pause * 2, RESTART_PAUSE_MAX_SECONDS)


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
    asyncio.run(serve(create_app()))
    # After a graceful stop: the line make run's output (and its test) ends on.
    print("Queue worker stopped.", flush=True)


if __name__ == "__main__":
    main()
