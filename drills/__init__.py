"""Reliability drills (`make drills`, issue 12): load, a database outage,
signals to gunicorn, slow clients and bounded waits, against `make run`'s
serving set-up on a throwaway seeded database. See drills/__main__.py and
docs/reliability.md for the last run's figures."""
