"""The benchmark's database and gunicorn, and a small browser that logs in."""

import http.client
import json
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import psutil
import psycopg2
from psycopg2 import sql

# The input's attributes in any order.
TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE = re.compile(r'value="([^"]+)"')
# What one run's logins leave behind, emptied before each run.
API_LOGIN = "/api/users/login/token/"
SCRATCH_TABLES = ("user_sessions", "api_tokens", "form_submissions", "rate_limits")


def migration_head(app_dir: Path) -> str:
    """The newest revision of the checkout's migrations."""
    revisions, parents = set(), set()
    for path in (app_dir / "migrations" / "versions").glob("*.py"):
        text = path.read_text()
        found = re.search(r'^revision\s*=\s*"([^"]+)"', text, re.M)
        if found:
            revisions.add(found.group(1))
        parents.update(re.findall(r'^down_revision\s*=\s*"([^"]+)"', text, re.M))
    heads = sorted(revisions - parents)
    return "_".join(heads) or "none"


def database(app_dir: Path, scratch: Path, env: dict):
    """The URL of the benchmark's database, migrated by the checkout under
    test, and the embedded server to stop after (None with
    BENCH_DATABASE_URL)."""
    if env.get("BENCH_DATABASE_URL"):
        url, embedded = env["BENCH_DATABASE_URL"], None
    else:
        from cleaning_app.localdb import start_server

        embedded = start_server(scratch / "data", cleanup_mode="stop")
        url = _database_for(embedded, f"bench_{migration_head(app_dir)}")
    upgrade = [sys.executable, "-m", "flask", "db", "upgrade"]
    done = subprocess.run(
        upgrade, cwd=app_dir, env={**env, "DATABASE_URL": url}, capture_output=True
    )
    if done.returncode != 0 and embedded is not None:
        # A copy of another checkout's seed it can't migrate: start afresh.
        name = f"bench_{migration_head(app_dir)}"
        url = _database_for(embedded, name, fresh=True)
        done = subprocess.run(upgrade, cwd=app_dir, env={**env, "DATABASE_URL": url})
    if done.returncode != 0:
        raise SystemExit(f"flask db upgrade failed in {app_dir}")
    return url, embedded


def _database_for(embedded, name: str, fresh: bool = False) -> str:
    """Database `name`, made (when missing) as a copy of another seeded
    benchmark database so a newer checkout's migrations only add to it."""
    connection = psycopg2.connect(embedded.get_uri())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            if fresh:
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(name)
                    )
                )
            cursor.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%%'"
                " ORDER BY datname DESC"
            )
            existing = [row[0] for row in cursor.fetchall()]
            if name not in existing:
                template = next(iter(existing), None) if not fresh else None
                create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                if template:
                    create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
                cursor.execute(create)
    finally:
        connection.close()
    return embedded.get_uri(name)


def forget_logins(url: str) -> None:
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        for table in SCRATCH_TABLES:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", (table,))
            if cursor.fetchone()[0]:
                cursor.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
    connection.close()


def count_sessions(url: str, table: str = "user_sessions") -> int:
    """Logins so far: the pages' sessions, or the API's tokens."""
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        count = cursor.fetchone()[0]
    connection.close()
    return count


def cpu_snapshot(*roots: int) -> dict:
    """User and system CPU seconds so far of these processes and their
    children, by process (PostgreSQL's backends and autovacuum workers come
    and go: a difference counts only the ones alive at its end)."""
    snapshot = {}
    for root in roots:
        try:
            process = psutil.Process(root)
            family = [process, *process.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for member in family:
            try:
                times = member.cpu_times()
                snapshot[(member.pid, member.create_time())] = times.user + times.system
            except psutil.NoSuchProcess:
                continue
    return snapshot


def postmaster_pid(scratch: Path) -> int | None:
    """The embedded PostgreSQL's main process, whose children serve us."""
    try:
        return int((scratch / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(app_dir: Path, env: dict, log: Path) -> tuple[subprocess.Popen, int]:
    """gunicorn as `make run` starts it (cleaning_app/run.py), on a free
    port, its access log in `log`."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "wsgi:app"]
    command += ["--config", "python:cleaning_app.gunicorn_conf"]
    command += ["--bind", f"127.0.0.1:{port}"]
    command += ["--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1"]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as output:
        gunicorn = subprocess.Popen(
            command, cwd=app_dir, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    browser = Browser(port)
    for _ in range(600):
        try:
            if browser.status("/healthz") == 200:
                return gunicorn, port
        except OSError:
            pass
        if gunicorn.poll() is not None:
            break
        time.sleep(0.1)
    stop(gunicorn)
    raise SystemExit(f"gunicorn never answered; its log: {log}")


def stop(gunicorn: subprocess.Popen) -> None:
    gunicorn.send_signal(signal.SIGTERM)
    try:
        gunicorn.wait(timeout=40)
    except subprocess.TimeoutExpired:
        gunicorn.kill()
        gunicorn.wait()


class Browser:
    """Cookies kept, redirects not followed: enough to log in and hand the
    cookies to wrk. http.client, so no proxy setting applies."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port = port
        self.cookies = dict(cookies or {})

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(
        self, method: str, path: str, body: str | None = None, cookie=True, auth=None
    ):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Authorization": auth} if auth else {}
        if cookie and self.cookies:
            headers["Cookie"] = self.cookie_header()
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            # What a page sent without our cookies sets is not ours to keep.
            for header in (response.msg.get_all("Set-Cookie") or []) if cookie else []:
                name, _, value = header.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()
            return response.status, text
        finally:
            connection.close()

    def status(self, path: str, cookie: bool = True, auth: str | None = None) -> int:
        return self.request("GET", path, cookie=cookie, auth=auth)[0]

    def post(self, path: str, body: str) -> int:
        return self.request("POST", path, body)[0]

    def csrf_token(self, path: str) -> str:
        status, text = self.request("GET", path)
        field = TOKEN.search(text)
        if status != 200 or not field or not VALUE.search(field.group(0)):
            raise SystemExit(f"no CSRF token on {path} (status {status})")
        return VALUE.search(field.group(0)).group(1)

    def api_token(self, login: str, password: str) -> str:
        """The Authorization header of a token from the API's login."""
        form = urlencode({"username": login, "password": password})
        status, text = self.request("POST", API_LOGIN, form, cookie=False)
        if status != 200:
            raise SystemExit(f"the API's login answered {status}, not 200")
        return f"Bearer {json.loads(text)['access_token']}"

    def log_in(self, login: str, password: str) -> int:
        token = self.csrf_token("/auth/login")
        form = {"csrf_token": token, "login": login, "password": password}
        return self.post("/auth/login", urlencode(form))
