"""`make bench`: every page of issue 13 under `wrk -t2 -c16`, as a ratio of
/readyz in the same run, written to bench/report.md and bench/report.json.

    make bench                                  # this checkout -> bench/report.*
    .venv/bin/python -m bench.pages --app /tmp/before --out bench/report-before

The second line is the BEFORE run (the code at ef6f577, checked out with
`git worktree add /tmp/before ef6f577`); the AFTER run is plain `make bench`.
Options: --seconds per page (10), --reseed, --app DIR (serve another
checkout with this venv), --out PREFIX, --only KEY,KEY (those pages only,
e.g. `--only cleaners,cleaners_filtered --out /tmp/cleaners`).

Steps: a dedicated database (BENCH_DATABASE_URL's, or `bench_<migration
head>` on a scratch embedded PostgreSQL under /tmp/bench-scratch, kept
between runs) migrated by the checkout under test and seeded once by
bench/seed.py (a checkout with newer migrations starts from a copy of an
older seeded database); gunicorn with cleaning_app.gunicorn_conf and the
access log as `make run` has them, rate limits off; logins made with
Python, their cookies (and the login form's CSRF token) handed to
bench/page.lua; 1,000 warm-up requests over every page (bench/mix.lua);
then each page for --seconds, right after /readyz for half of that; then
the page login and the API's token login, taking turns, three runs each,
a verification timed between runs (each run's ceiling is the mean of the
ones just before and just after it; the report takes the median run). The
ratios are to the median of these /readyz runs (and the ones at the start
and the end): on a shared machine the load drifts within a run, and
/readyz, the lightest request, swings most. The report adds the CPU
gunicorn and PostgreSQL spent a request, which other work disturbs least.
Anonymous pages are served from the app's page cache when it has one;
FLASK_PAGE_CACHE_SECONDS=0 make bench measures them without it. Worker
memory is read after the warm-up and after each page, with the count of
requests served so far. Asserts nothing about speed and exits 0 when
targets are missed; a page that answers anything but 2xx/3xx is reported
loudly.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import psutil

from bench import report, seed, server, wrk
from bench.server import Browser

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = Path(tempfile.gettempdir()) / "bench-scratch"
WARM_UP = 1_000
FEED_DEPTH = 1_000


# Runs of each login, taking turns (bench.pages.measure).
LOGIN_ROUNDS = 3


@dataclass
class Page:
    key: str
    label: str
    path: str
    logged_in: bool = False
    target: str = "page"  # page, search, reference, deep, login
    bearer: bool = False  # sends the API client's token instead


def api_pages() -> list[Page]:
    """Issue 14's endpoints, to compare with the original JSON backend on
    the same data; only for a checkout that has the API."""
    return [
        Page("api_job", "API: a job", "/api/cleanings/1/", bearer=True),
        Page(
            "api_stats",
            "API: stats of the cleaner with 1,000+ reviews",
            f"/api/users/{seed.CLEANER}/evaluations/stats/",
            bearer=True,
        ),
        Page(
            "api_offers",
            "API: a job's offers, owner, 10 offers",
            "/api/cleanings/1/offers/",
            bearer=True,
        ),
        Page("api_feed", "API: the feed", "/api/feed/cleanings/", bearer=True),
    ]


def pages(deep_cursor: str, with_api: bool = False) -> list[Page]:
    return [
        Page("healthz", "/healthz", "/healthz"),
        Page("readyz", "/readyz", "/readyz", target="reference"),
        Page("landing", "/", "/"),
        Page("listing", "/cleanings", "/cleanings"),
        Page(
            "filtered",
            "filtered listing",
            "/cleanings?q=kitchen&type=full_clean&min_price=20&max_price=80",
            target="search",
        ),
        Page(
            "search_rare",
            f"search, rare word ({seed.RARE_WORD})",
            f"/cleanings?q={seed.RARE_WORD}",
            target="search",
        ),
        Page(
            "search_common",
            f"search, common word ({seed.COMMON_WORD})",
            f"/cleanings?q={seed.COMMON_WORD}",
            target="search",
        ),
        Page("cleaners", "/cleaners", "/cleaners"),
        Page(
            "cleaners_filtered",
            "cleaners by area, type and rating",
            f"/cleaners?area={seed.CLEANER_AREA}&type=full_clean&min_rating=4",
            target="search",
        ),
        Page("job", "job page, anonymous", "/cleanings/1"),
        Page("job_owner", "job page, owner, 10 offers", "/cleanings/1", True),
        Page(
            "profile",
            "profile, cleaner with 1,000+ reviews",
            f"/profiles/{seed.CLEANER}",
        ),
        Page("feed", "/feed page 1", "/feed", True),
        Page(
            "feed_deep",
            f"/feed page {FEED_DEPTH:,}",
            f"/feed?before={deep_cursor}",
            True,
            target="deep",
        ),
        Page("mine", "/cleanings/mine, 50 jobs", "/cleanings/mine", True),
        *(api_pages() if with_api else []),
        Page("readyz_end", "/readyz again", "/readyz", target="reference"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", type=Path, default=ROOT, help="checkout to serve")
    parser.add_argument("--seconds", type=int, default=10, help="per page")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "bench" / "report"))
    parser.add_argument(
        "--only",
        help="comma-separated page keys to measure (with the /readyz runs)",
    )
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("make bench needs wrk: `make wrk` (apt-get install wrk)")
        return 1
    app_dir = args.app.resolve()
    env = {**os.environ, "FLASK_APP": "wsgi", "PYTHONPATH": str(app_dir)}
    env["FLASK_RATELIMIT_ENABLED"] = "false"
    env.pop("DATABASE_URL", None)  # make run's, never the benchmark's
    login = probe(app_dir, env)
    load_at_start = os.getloadavg()[0]
    scratch = None
    try:
        url, scratch = server.database(app_dir, SCRATCH, env)
        env["DATABASE_URL"] = url
        counts = seed.seeded(url)
        if counts is None or args.reseed:
            counts = seed.seed(url, login["hash"], bar=sys.stdout.isatty())
            print(f"seeded: {json.dumps(counts)}", flush=True)
        server.forget_logins(url)
        cursor = deep_cursor(url, app_dir, env, login["feed_limit"])
        with_api = (app_dir / "cleaning_app" / "api").is_dir()
        todo = pages(cursor, with_api)
        if args.only:
            keep = {*args.only.split(","), "readyz", "readyz_end"}
            todo = [page for page in todo if page.key in keep]
        figures = measure(app_dir, env, todo, args.seconds, url)
    finally:
        if scratch is not None:
            scratch.cleanup()
    figures.update(
        app=str(app_dir),
        commit=git_commit(app_dir),
        seconds=args.seconds,
        seed=counts,
        cores=os.cpu_count(),
        verify_seconds=login["verify_seconds"],
        # Other work on the machine weighs on every figure; the ratios less.
        load_average=[load_at_start, os.getloadavg()[0]],
    )
    table = report.write(figures, Path(args.out))
    print(table)
    return 0


def probe(app_dir: Path, env: dict, *args: str) -> dict:
    """bench/probe.py run on the checkout under test."""
    command = [sys.executable, str(ROOT / "bench" / "probe.py"), *args]
    done = subprocess.run(
        command, cwd=app_dir, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def deep_cursor(url: str, app_dir: Path, env: dict, limit: int) -> str:
    """The "Load more" cursor that leads to page FEED_DEPTH: the last event
    of the page before it, in the feed's order."""
    import psycopg2

    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT created_at, id FROM activities WHERE created_at <= now()"
            " ORDER BY created_at DESC, id DESC OFFSET %s LIMIT 1",
            ((FEED_DEPTH - 1) * limit - 1,),
        )
        created_at, activity_id = cursor.fetchone()
    connection.close()
    return probe(app_dir, env, created_at.isoformat(), str(activity_id))["cursor"]


def measure(app_dir: Path, env: dict, todo: list[Page], seconds: int, url) -> dict:
    gunicorn, port = server.start(app_dir, env, SCRATCH / "access.log")
    try:
        base = f"http://127.0.0.1:{port}"
        roots = [gunicorn.pid, *filter(None, [server.postmaster_pid(SCRATCH)])]

        def run(path, seconds, run_env, script="page.lua"):
            time.sleep(1)  # the last run's answers drain first
            return wrk.run(base + path, seconds, run_env, script, cpu=cpu)

        def cpu():
            return server.cpu_snapshot(*roots)

        owner = Browser(port)
        status = owner.log_in(seed.OWNER, seed.PASSWORD)
        if status != 303:
            raise SystemExit(f"logging in as {seed.OWNER} answered {status}, not 303")
        api = any(p.bearer for p in todo)
        token = owner.api_token(seed.OWNER, seed.PASSWORD) if api else None
        checks = {
            p.key: owner.status(p.path, p.logged_in, token if p.bearer else None)
            for p in todo
        }
        served, memory = 0, []
        mix_env = {
            **env,
            "BENCH_COOKIE": owner.cookie_header(),
            "BENCH_AUTH": token or "",
            "BENCH_PER_THREAD": str(WARM_UP // 2),
            "BENCH_MIX": "\n".join(mix_line(p) for p in todo),
        }
        warm = run("/", 120, mix_env, "mix.lua")
        served += warm.requests
        memory.append(rss(gunicorn.pid, served, "warm-up"))
        runs, nearby = {}, {}
        for page in todo:
            if page.target != "reference":
                # The load drifts: /readyz sampled all along the run.
                ready = run("/readyz", reference_seconds(seconds), env)
                served += ready.requests
                nearby[page.key] = ready.as_dict()
            page_env = {**env, "BENCH_METHOD": "GET"}
            if page.logged_in:
                page_env["BENCH_COOKIE"] = owner.cookie_header()
            if page.bearer:
                page_env["BENCH_AUTH"] = token
            runs[page.key] = run(page.path, seconds, page_env)
            served += runs[page.key].requests
            memory.append(rss(gunicorn.pid, served, page.key))
            print(report.progress_line(page.label, runs[page.key]), flush=True)
        # The logins, the page's and the API's taking turns, LOGIN_ROUNDS
        # runs each. A verification is timed between runs, so each run's
        # ceiling is from just before and just after it: the machine's
        # speed drifts. The report takes each login's median run.
        kinds = [False, True] if api else [False]
        rounds = {kind: [] for kind in kinds}
        timed = probe(app_dir, env)
        for _ in range(LOGIN_ROUNDS):
            for kind in kinds:
                done = login_run(port, run, env, seconds, url, api=kind)
                after = probe(app_dir, env)
                done.update(verifications(timed, after))
                timed = after
                rounds[kind].append(done)
                served += done["run"].requests
        memory.append(rss(gunicorn.pid, served, "login"))
    finally:
        server.stop(gunicorn)
    return {
        "pages": [
            {
                **p.__dict__,
                "status": checks[p.key],
                **runs[p.key].as_dict(),
                "readyz_before": nearby.get(p.key),
            }
            for p in todo
        ],
        "warm_up": warm.as_dict(),
        "login": median_run(rounds[False]),
        **({"api_login": median_run(rounds[True])} if api else {}),
        "memory": memory,
    }


def median_run(runs: list[dict]) -> dict:
    """The run whose rate is the median share of its own ceiling, with
    every run's figures beside it."""
    everyone = [{**r, "run": r["run"].as_dict()} for r in runs]
    cores = os.cpu_count() or 1
    ordered = sorted(
        everyone,
        key=lambda r: report.of_ceiling(r["run"]["rate"], r["verify_seconds"], cores),
    )
    return {**ordered[len(ordered) // 2], "runs": everyone}


def verifications(before: dict, after: dict) -> dict:
    """The probe's verification times around a run: their means."""
    keys = [key for key in before if key.startswith("verify_") and key in after]
    return {key: (before[key] + after[key]) / 2 for key in keys}


def mix_line(page: Page) -> str:
    """A path for bench/mix.lua, marked with what it sends."""
    return ("!" if page.bearer else "@" if page.logged_in else "") + page.path


def reference_seconds(seconds: int) -> int:
    return max(2, seconds // 2)


def login_run(port, run, env: dict, seconds: int, url: str, api=False) -> dict:
    """The login POST, replayed by wrk with one browser's CSRF cookie and
    token and no submission key, so each is a real login (checked: a new
    server-side session for each 303). With `api`, the API's token login
    (a form without CSRF; a new token for each 200)."""
    browser = Browser(port)
    path, table = "/auth/login", "user_sessions"
    if api:
        path, table = server.API_LOGIN, "api_tokens"
        body = urlencode({"username": seed.OWNER, "password": seed.PASSWORD})
    else:
        token = browser.csrf_token(path)
        body = urlencode({"csrf_token": token, "login": seed.OWNER})
        body += "&" + urlencode({"password": seed.PASSWORD})
    first = Browser(port, dict(browser.cookies)).post(path, body)
    before = server.count_sessions(url, table)
    post_env = {**env, "BENCH_METHOD": "POST", "BENCH_BODY": body}
    post_env["BENCH_COOKIE"] = "" if api else browser.cookie_header()
    figures = run(path, seconds, post_env)
    after = server.count_sessions(url, table)
    label = "API token login POST" if api else "login POST"
    print(report.progress_line(label, figures), flush=True)
    return {"check_status": first, "run": figures, "new_sessions": after - before}


def rss(master_pid: int, served: int, after: str) -> dict:
    workers = psutil.Process(master_pid).children()
    sizes = []
    for worker in workers:
        try:
            sizes.append(worker.memory_info().rss)
        except psutil.NoSuchProcess:
            continue
    return {"after": after, "requests": served, "workers_rss": sizes}


def git_commit(app_dir: Path) -> str:
    done = subprocess.run(
        [
            shutil.which("git") or "git",
            "-C",
            str(app_dir),
            "log",
            "-1",
            "--format=%h %s",
        ],
        capture_output=True,
        text=True,
    )
    return re.sub(r"\s+", " ", done.stdout.strip())[:100]


if __name__ == "__main__":
    sys.exit(main())
