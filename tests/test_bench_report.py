"""make bench's report (bench/report.py, bench/wrk.py) from figures made up
here: no server, no wrk."""

import pytest

from bench import pages, report, wrk

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/cleanings
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    80.12ms   10.01ms 300.00ms   90.00%
  Latency Distribution
     50%   75.50ms
     75%   85.00ms
     90%   95.00ms
     99%    1.20s
  1990 requests in 10.00s, 20.00MB read
  Socket errors: connect 0, read 0, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:    199.00
Transfer/sec:      2.00MB
"""


def test_wrk_output_is_read_with_its_units_and_failures():
    run = wrk.parse(WRK_OUTPUT)
    assert (run.requests, run.rate) == (1990, 199.0)
    assert (run.p50_ms, run.p99_ms) == (75.5, 1200.0)
    assert (run.bad_responses, run.socket_errors) == (7, 2)


def page(key, rate, target="page", status=200, bad=0, ready=200.0):
    return {
        "key": key,
        "label": key,
        "path": f"/{key}",
        "logged_in": False,
        "target": target,
        "status": status,
        "requests": int(rate * 10),
        "rate": rate,
        "p50_ms": 10.0,
        "p99_ms": 20.0,
        "bad_responses": bad,
        "socket_errors": 0,
        "cpu_ms": 1000 / rate,
        "readyz_before": None
        if target == "reference"
        else {"rate": ready, "cpu_ms": 5.0},
    }


def figures(*pages):
    memory = [
        {"after": "warm-up", "requests": 1000, "workers_rss": [100, 100]},
        {"after": "feed", "requests": 20500, "workers_rss": [104, 104]},
    ]
    login = {"rate": 20.0, "requests": 200, "bad_responses": 0, "socket_errors": 0}
    login.update(p50_ms=1.0, p99_ms=2.0, cpu_ms=50.0)
    return {
        "pages": [page("readyz", 200.0, "reference"), *pages],
        "login": {"check_status": 303, "run": login, "new_sessions": 200},
        "memory": memory,
        "cores": 2,
        "verify_seconds": 0.05,
    }


def test_targets_are_ratios_to_the_median_readyz_of_the_run():
    rows, problems = report.rows(
        figures(
            page("landing", 120.0),
            page("filtered", 40.0, "search", ready=20.0),
            page("feed", 120.0, ready=20.0),
            page("feed_deep", 110.0, "deep", ready=500.0),
        )
    )
    results = {row["key"]: row["result"] for row in rows}
    assert problems == []
    assert results["landing"] == "met"
    assert results["filtered"].startswith("missed by 0.20 (needs 2.0x")
    # /readyz ran at 200, 200, 20, 20 and 500 requests a second: 200 is
    # the reference, and page 1,000 is 0.92 of page 1 and 0.55 of /readyz.
    assert results["feed_deep"] == "met"
    assert {row["key"]: round(row["ratio"], 2) for row in rows[:3]} == {
        "readyz": 1.0,
        "landing": 0.6,
        "filtered": 0.2,
    }
    # 20 logins a second against 2 cores / 50 ms = 40: half the ceiling.
    assert results["login"].startswith("missed by 0.30")
    assert results["memory"] == "met"


def test_a_page_that_fails_is_reported_loudly_not_measured():
    _, problems = report.rows(figures(page("job", 150.0, status=500, bad=1500)))
    assert len(problems) == 1 and "answered 500" in problems[0]
    rows, _ = report.rows(figures(page("job", 150.0, bad=3)))
    job = next(row for row in rows if row["key"] == "job")
    assert job["result"].startswith("NOT MEASURED")


def test_the_api_token_login_gets_its_own_row_judged_by_its_own_answers():
    measured = figures(page("landing", 120.0))
    api_login = {**measured["login"]["run"], "rate": 8.0}
    # A token login answers 200; these 200 answers made only 50 tokens.
    measured["api_login"] = {"check_status": 200, "run": api_login, "new_sessions": 50}
    rows, problems = report.rows(measured)
    row = next(row for row in rows if row["key"] == "api_login")
    # Ceiling: 2 cores / 0.05 s = 40 a second; 8 is 0.2 of it.
    assert round(row["ratio"], 2) == 0.2
    assert row["result"].startswith("missed by 0.60")
    assert problems == [
        "API token login POST: 200 answers but only 50 new tokens: "
        "not every POST logged in"
    ]
    assert "| API token login POST" in report.table(rows)


def test_each_missed_target_says_by_how_much_and_why():
    mine = {**page("mine", 20.0), "logged_in": True}
    rows, _ = report.rows(figures(page("landing", 120.0), mine))
    why = report.misses(rows)
    assert why == [
        "- mine: missed by 0.40 (needs 5.0x the req/s); 50.0 ms of server CPU a "
        "request against /readyz's 5.0 ms: " + report.REASONS["logged_in"] + ".",
        "- login POST (ratio to its ceiling; CPU column: the hash's share): missed "
        "by 0.30 (needs 1.6x the req/s); 50.0 ms of server CPU a request: "
        + report.REASONS["login"]
        + ".",
    ]


def test_a_missed_login_says_what_one_verification_takes_of_it():
    measured = figures(page("landing", 120.0))
    measured["login"].update(verify_cpu_seconds=0.04, verify_all_cores_seconds=0.045)
    rows, _ = report.rows(measured)
    login = next(row for row in rows if row["key"] == "login")
    assert round(login["cpu_ratio"], 2) == 0.8  # 40 ms of the login's 50
    assert report.misses(rows) == [
        "- login POST (ratio to its ceiling; CPU column: the hash's share): missed "
        "by 0.30 (needs 1.6x the req/s); 50.0 ms of server CPU a request, 40.0 ms "
        "of it one verification's alone (45.0 ms with every core verifying): "
        + report.REASONS["login"]
        + ".",
    ]


def test_a_login_runs_ceiling_is_timed_around_it():
    before = {"verify_seconds": 0.020, "verify_cpu_seconds": 0.018, "hash": "x"}
    after = {"verify_seconds": 0.030, "verify_cpu_seconds": 0.028, "hash": "x"}
    timed = pages.verifications(before, after)
    assert timed == pytest.approx(
        {"verify_seconds": 0.025, "verify_cpu_seconds": 0.023}
    )


def test_a_login_is_its_median_run_and_every_run_is_checked():
    def login_run(rate, verify, new_sessions=None):
        run = wrk.Run(int(rate * 10), rate, 1.0, 2.0, 0, 0, 40.0)
        made = run.requests if new_sessions is None else new_sessions
        return {
            "check_status": 303,
            "run": run,
            "new_sessions": made,
            "verify_seconds": verify,
        }

    # Shares of each run's own ceiling (2 cores): 0.70, 0.90 and 0.80.
    runs = [login_run(28.0, 0.05), login_run(30.0, 0.06), login_run(40.0, 0.04, 5)]
    measured = figures(page("landing", 120.0))
    measured["login"] = pages.median_run(runs)
    assert measured["login"]["run"]["rate"] == 40.0
    rows, problems = report.rows(measured)
    login = next(row for row in rows if row["key"] == "login")
    assert login["result"] == "met (median of 3 runs: 0.70, 0.90, 0.80)"
    assert problems == [
        "login POST: 400 answers but only 5 new sessions: not every POST logged in"
    ]
