"""gunicorn's settings for `make run` and the Docker image
(`gunicorn --config python:cleaning_app.gunicorn_conf`); the address and the
logs are given on each command line.

gevent workers: a connection waiting for its client costs a greenlet, not a
worker, so slow clients can't take the site down (two sync workers were
stalled by two of them), and `keepalive` also bounds how long a request's
headers may take to arrive. Figures in the README ("Serving").
"""

import os
import signal

worker_class = "gevent"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Per worker. A connection is cheap; the database pool is what bounds the
# requests that run at once (config.py).
worker_connections = 1000
# Seconds a kept-alive connection may idle, and a request's headers may take
# to arrive before the connection is dropped. gunicorn's default, 2 s, drops
# and re-admits every slow client each 2 s, all at once (about 0.6 ms of CPU
# a connection); 5 s is less than half that churn and still ample for a
# client that is really sending.
keepalive = 5
timeout = 30
# gunicornc's control socket is not used, and every gunicorn on a machine
# would share its one default path.
control_socket_disable = True


def post_fork(server, worker):
    """psycopg2 waits for the database through gevent, so a query lets the
    worker's other requests run instead of blocking them all."""
    from psycogreen.gevent import patch_psycopg

    patch_psycopg()


# --- SIGHUP without a gap --------------------------------------------------
# gunicorn's reload starts the new workers and stops the old ones at once, so
# until a new worker has imported the app (seconds on a busy machine) nobody
# accepts: the drill saw requests wait 24 s. Instead the old workers stay
# until their replacements serve: the master is told to keep them (one worker
# more per old one), and each new worker, once it has loaded the app, asks the
# master for one worker fewer with SIGTTOU (gunicorn's own signal for that),
# which gracefully stops the oldest. The master handles those signals after
# reload's wait for the old workers, which lasts `graceful_timeout`.
_to_retire = [0]


def on_reload(server):
    _to_retire[0] = len(server.WORKERS)
    server.num_workers += len(server.WORKERS)


def pre_fork(server, worker):
    """Runs in the master: the first new workers after a reload each stand in
    for one old worker."""
    worker.retires_one = _to_retire[0] > 0
    _to_retire[0] = max(_to_retire[0] - 1, 0)


def post_worker_init(worker):
    """Runs in the new worker once the app is loaded, just before it serves."""
    if getattr(worker, "retires_one", False):
        os.kill(worker.ppid, signal.SIGTTOU)
