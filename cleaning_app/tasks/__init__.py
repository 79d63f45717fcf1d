"""The job queue: procrastinate, in the app's own PostgreSQL.

Bottom layer: imports no feature (tests/test_layers.py). What the others use:

* `defer(task_or_name, *, schedule_in=None, schedule_at=None,
  queueing_lock=None, lock=None, priority=None, **kwargs) -> int | None`
  enqueues `task(**kwargs)` (JSON values only) through the request's own
  `db.session` connection: the job commits or rolls back with the change
  that caused it, and the worker sees it only after the commit (the view's
  commit; services never commit). `schedule_in` is a timedelta. With a
  `queueing_lock` still held by a waiting job it returns None and the
  transaction goes on.
* `cleaning_app.tasks.email.defer_email(to, subject, body, headers=None)`
  queues the `send_email` task the same way (retry schedule: email.py).
* Registering a task: in `cleaning_app/<feature>/tasks.py` (the worker
  imports every such module, see queue.load_task_modules):

      from cleaning_app.tasks import app

      @app.task(name="notifications.send_reminders", retry=3)
      def send_reminders(timestamp: int) -> None:
          ...  # runs in an app context: db.session, config; commit here

  A periodic task stacks `@app.periodic(cron="*/15 * * * *")` on top; the
  worker defers it on schedule (at most once per cron tick across all
  workers: procrastinate_periodic_defers) and passes the tick's Unix
  `timestamp`. Tasks are plain `def`s: each runs in its own Flask app
  context (queue.in_app_context), so it must `db.session.commit()` itself.
* The worker: `python -m cleaning_app.tasks.worker` (make run starts one;
  any number may run on any host with the same DATABASE_URL).
* Tests: `tests.queued.run_queue(app)` runs the due jobs in-process until
  the queue is empty (the `outbox` fixture does so before reading), without
  periodic tasks; `tests.queued.job_rows(app)` lists what is queued.
"""

from .defer import defer
from .queue import app

__all__ = ["app", "defer"]
