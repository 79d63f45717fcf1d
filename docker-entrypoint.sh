#!/bin/sh
# The image's one entry: `web` (the default) serves Phresh with gunicorn,
# `worker` runs one job-queue worker (cleaning_app/tasks/worker.py: emails,
# reminders); anything else runs as given (`flask db upgrade`, `sh -c ...`).
set -e
case "${1:-web}" in
  web)
    # gevent workers, as `make run` (cleaning_app/gunicorn_conf.py, which
    # reads WEB_CONCURRENCY).
    exec gunicorn wsgi:app --config python:cleaning_app.gunicorn_conf \
      --bind "0.0.0.0:${PORT}" --forwarded-allow-ips='*' --access-logfile -
    ;;
  worker)
    exec python -m cleaning_app.tasks.worker
    ;;
  *)
    exec "$@"
    ;;
esac
