"""The queue worker outlives a database outage: while the database is
gone it waits and tries again, and once it is back an email queued then
is sent. (make run would otherwise see its worker die and stop.)"""

import os
import subprocess
import sys
import threading
import time

from cleaning_app.extensions import db
from cleaning_app.tasks.email import defer_email

from .make_run import ROOT
from .test_database_outage import Outage


# A bound on liveness, not a speed: the worker's pauses grow to 30 s, and
# a full `make test` on two cores slows everything down.
def wait_until(check, seconds: float = 180, expected: bool = True):
    """Poll `check` for `seconds`; with expected=False, assert it never
    became true."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            assert expected, "it happened"
            return
        time.sleep(0.2)
    assert not expected, f"not within {seconds} s"


def test_the_worker_waits_out_an_outage_then_sends(app, database_url, tmp_path):
    outage = Outage(database_url)
    outage.up()
    url = outage.app.config["SQLALCHEMY_DATABASE_URI"]
    env = {**os.environ, "DATABASE_URL": url, "FLASK_MAIL_OUTBOX": str(tmp_path)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "cleaning_app.tasks.worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(worker.stdout), daemon=True)
    reader.start()
    try:
        wait_until(lambda: any("Starting worker" in line for line in lines))
        outage.down()
        # It notices (its LISTEN connection dies), and doesn't exit.
        wait_until(lambda: any("starting again" in line for line in lines))
        wait_until(lambda: worker.poll() is not None, seconds=3, expected=False)
        outage.up()
        with app.app_context():
            defer_email("back@example.com", "Back", "The database is back.")
            db.session.commit()
        wait_until(lambda: list(tmp_path.glob("*.eml")))
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        reader.join(timeout=10)
        worker.stdout.close()
        outage.close()
    assert "Queue worker stopped." in "".join(lines), "".join(lines)
