"""bench/report.md and bench/report.json from one run's figures: each page's
requests a second, p50 and p99, its ratio to /readyz in the same run (the
median of its runs: one before each page, one at the start and the end),
the CPU the server spent a request and /readyz's CPU over it, the target
and by how much it is missed."""

import json
import statistics
from datetime import UTC, datetime
from pathlib import Path

MIB = 1024 * 1024
TARGETS = {"page": 0.5, "search": 0.4, "deep": 0.9, "login": 0.8}
MEMORY_GROWTH = 0.10
MEMORY_AT = (1_000, 20_000)


def progress_line(label: str, run) -> str:
    bad = run.bad_responses + run.socket_errors
    warning = f"  !! {bad} non-2xx/3xx or failed" if bad else ""
    return (
        f"  {label}: {run.rate:.1f} req/s, p50 {run.p50_ms:.1f} ms, "
        f"p99 {run.p99_ms:.1f} ms{warning}"
    )


def verdict(ratio: float, target: float) -> str:
    if ratio >= target:
        return "met"
    return f"missed by {target - ratio:.2f} (needs {target / ratio:.1f}x the req/s)"


def reference_runs(pages: list[dict]) -> list[dict]:
    """Every /readyz run: its rows at the start and the end, and the one
    before each page. Their median is the run's reference, steadier than
    any one of them on a machine whose load drifts."""
    runs = [p for p in pages if p["target"] == "reference"]
    return runs + [p["readyz_before"] for p in pages if p.get("readyz_before")]


def rows(figures: dict) -> tuple[list[dict], list[str]]:
    """One row a page, the login and memory; and what went wrong, loudly."""
    pages = {p["key"]: p for p in figures["pages"]}
    readyz = reference_runs(figures["pages"])
    reference = statistics.median(r["rate"] for r in readyz)
    reference_cpu = statistics.median(r["cpu_ms"] for r in readyz)
    problems, out = [], []
    for page in figures["pages"]:
        ratio = page["rate"] / reference
        row = {**page, "ratio": ratio, "target_text": "-", "result": ""}
        if page["cpu_ms"] > 0 and reference_cpu > 0:
            row["cpu_ratio"] = reference_cpu / page["cpu_ms"]
        goal = TARGETS.get(page["target"])
        if page["target"] == "deep":
            # The two run one after the other: compared directly.
            of_first = page["rate"] / pages["feed"]["rate"]
            row["target_text"] = "≥ 0.9 of /feed page 1; ≥ 0.5"
            row["ratio_to_page_1"] = of_first
            results = [verdict(of_first, goal), verdict(ratio, TARGETS["page"])]
            row["result"] = (
                "met"
                if results == ["met", "met"]
                else f"{of_first:.2f} of page 1: {results[0]}; vs /readyz: {results[1]}"
            )
        elif goal is not None:
            row["target_text"] = f"≥ {goal}"
            row["result"] = verdict(ratio, goal)
        failed = page["bad_responses"] + page["socket_errors"]
        if failed or not 200 <= page["status"] < 400:
            problems.append(
                f"{page['label']} ({page['path']}): answered {page['status']} to a "
                f"check; {page['bad_responses']} non-2xx/3xx and "
                f"{page['socket_errors']} socket errors under wrk"
            )
            row["result"] = f"NOT MEASURED: {failed} failed, status {page['status']}"
        out.append(row)
    out.append(login_row(figures, problems))
    if "api_login" in figures:
        out.append(login_row(figures, problems, "api_login"))
    out.append(memory_row(figures["memory"]))
    return out, problems


# The pages' login and the API's: label, success status, what each makes.
LOGINS = {
    "login": ("login POST", 303, "sessions"),
    "api_login": ("API token login POST", 200, "tokens"),
}


def of_ceiling(rate: float, verify_seconds: float, cores: int) -> float:
    """A login run's rate as a share of its ceiling: cores ÷ one verification."""
    return rate * verify_seconds / cores


def login_row(figures: dict, problems: list[str], key: str = "login") -> dict:
    name, success, made = LOGINS[key]
    login, run = figures[key], figures[key]["run"]
    verify = login.get("verify_seconds") or figures["verify_seconds"]
    ceiling = figures["cores"] / verify
    ratio = of_ceiling(run["rate"], verify, figures["cores"])
    row = {
        "key": key,
        "label": f"{name} (ratio to its ceiling; CPU column: the hash's share)",
        **run,
        "ceiling": ceiling,
        "ratio": ratio,
        "target_text": f"≥ 0.8 of {figures['cores']} cores ÷ "
        f"{verify * 1000:.0f} ms = {ceiling:.0f}/s",
        "result": verdict(ratio, TARGETS["login"]),
    }
    if login.get("verify_cpu_seconds") and run["cpu_ms"] > 0:
        # The hash's share of a login's CPU: the ceiling's ratio by CPU.
        row["cpu_ratio"] = login["verify_cpu_seconds"] * 1000 / run["cpu_ms"]
        row["verify_cpu_ms"] = login["verify_cpu_seconds"] * 1000
    if login.get("verify_all_cores_seconds"):
        row["verify_all_cores_ms"] = login["verify_all_cores_seconds"] * 1000
    runs = login.get("runs") or [login]
    if len(runs) > 1:
        shares = [
            of_ceiling(r["run"]["rate"], r["verify_seconds"], figures["cores"])
            for r in runs
        ]
        row["result"] += (
            f" (median of {len(runs)} runs: "
            + ", ".join(f"{share:.2f}" for share in shares)
            + ")"
        )
    for each in runs:
        each_run = each["run"]
        failed = each_run["bad_responses"] + each_run["socket_errors"]
        if failed or each["check_status"] != success:
            problems.append(
                f"{name}: a check answered {each['check_status']} (not {success}); "
                f"{each_run['bad_responses']} non-2xx/3xx, "
                f"{each_run['socket_errors']} socket errors"
            )
            row["result"] = f"NOT MEASURED: {failed} failed"
        if each["new_sessions"] < each_run["requests"] * 0.95:
            problems.append(
                f"{name}: {each_run['requests']} answers but only "
                f"{each['new_sessions']} new {made}: not every POST logged in"
            )
    return row


def memory_row(memory: list[dict]) -> dict:
    def total(entry):
        return sum(entry["workers_rss"])

    first = memory[0]  # after the warm-up's MEMORY_AT[0] requests
    # Short of MEMORY_AT[1], the last page's reading: the logins after it
    # leave argon2's 19 MiB a worker in its heap, which is not growth.
    pages = [m for m in memory if m["after"] not in LOGINS]
    later = [m for m in pages if m["requests"] >= MEMORY_AT[1]] or pages[-1:]
    second = later[0]
    growth = total(second) / total(first) - 1
    return {
        "key": "memory",
        "label": "worker memory (RSS, all workers)",
        "first": {**first, "mib": total(first) / MIB},
        "second": {**second, "mib": total(second) / MIB},
        "growth": growth,
        "target_text": "growth < 10%",
        "result": "met"
        if growth < MEMORY_GROWTH
        else f"missed by {(growth - MEMORY_GROWTH) * 100:.1f} points",
    }


# Why a target can be missed, by what the page is; the figures say how much.
REASONS = {
    "logged_in": "a logged-in page is served from its reader's kept copy "
    "(readerpages.py) while no write lands, so what is left is the request "
    "itself: the session cookie, the user's query, filling in the page's tokens "
    "and keys, and gzip when the page is gzipped whole",
    "bearer": "an API answer is served from its holder's kept copy while no "
    "write lands; the token's query and the request itself are paid each time",
    "login": "a login is bound by argon2id's verification, whose time moves with "
    "the machine's load; the rest is the request itself, the account's query, and "
    "the new session's insert and commit",
    "page": "an anonymous page kept by the page cache is re-rendered every few "
    "seconds; without the cache its whole render is paid each time",
}


def misses(out: list[dict]) -> list[str]:
    """One line a missed target: by how much, and why."""
    reference = [r for r in out if r.get("target") == "reference"]
    ready_cpu = statistics.median(r["cpu_ms"] for r in reference) if reference else 0
    lines = []
    for row in out:
        if "missed" not in row.get("result", ""):
            continue
        if row["key"] == "memory":
            lines.append(f"- {row['label']}: {row['result']}.")
            continue
        kind = (
            "login"
            if row["key"] in LOGINS
            else "bearer"
            if row.get("bearer")
            else "logged_in"
            if row.get("logged_in")
            else "page"
        )
        cost = f"{row.get('cpu_ms', 0):.1f} ms of server CPU a request"
        if kind != "login" and ready_cpu:
            cost += f" against /readyz's {ready_cpu:.1f} ms"
        if kind == "login":
            cost += hash_share(row)
        lines.append(f"- {row['label']}: {row['result']}; {cost}: {REASONS[kind]}.")
    return lines


def hash_share(row: dict) -> str:
    """What of a login's CPU one verification takes, alone and with every
    core verifying at once (as they do in a login run)."""
    if "verify_cpu_ms" not in row:
        return ""
    text = f", {row['verify_cpu_ms']:.1f} ms of it one verification's alone"
    if "verify_all_cores_ms" in row:
        text += f" ({row['verify_all_cores_ms']:.1f} ms with every core verifying)"
    return text


def table(out: list[dict]) -> str:
    lines = [
        "| page | req/s | p50 ms | p99 ms | ratio to /readyz "
        "| server CPU ms a request | /readyz's CPU ÷ this | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in out:
        if row["key"] == "memory":
            first, second = row["first"], row["second"]
            short = " (all the pages made)" if second["requests"] < MEMORY_AT[1] else ""
            lines.append(
                f"| {row['label']} | after {first['requests']:,} requests: "
                f"{first['mib']:.0f} MiB | after {second['requests']:,}"
                f"{short}: {second['mib']:.0f} MiB | | "
                f"growth {row['growth'] * 100:+.1f}% | | "
                f"| {row['target_text']} | {row['result']} |"
            )
            continue
        ratio = f"{row['ratio']:.2f}"
        cpu_ratio = f"{row['cpu_ratio']:.2f}" if "cpu_ratio" in row else "-"
        if row["key"] in LOGINS:
            ratio += " of ceiling"
        lines.append(
            f"| {row['label']} | {row['rate']:.1f} | {row['p50_ms']:.1f} "
            f"| {row['p99_ms']:.1f} | {ratio} | {row.get('cpu_ms', 0):.2f} "
            f"| {cpu_ratio} | {row['target_text']} "
            f"| {row['result']} |"
        )
    return "\n".join(lines)


def write(figures: dict, out: Path) -> str:
    """Write OUT.md and OUT.json; return the table (and any problems)."""
    out_rows, problems = rows(figures)
    # A report written again from a run's JSON keeps the run's time.
    when = figures.get("when") or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    seeded = figures["seed"]
    head = [
        f"# make bench: {when}",
        "",
        f"Checkout: `{figures['app']}` at {figures['commit']}. "
        f"`wrk -t2 -c16`, {figures['seconds']} s a page, {figures['cores']} cores "
        "shared by gunicorn (cleaning_app.gunicorn_conf, rate limits off), "
        "PostgreSQL and wrk. Data: "
        + ", ".join(f"{seeded[t]:,} {t}" for t in ("users", "cleanings", "offers"))
        + f", {seeded['evaluations']:,} evaluations, {seeded['activities']:,} "
        "feed events (bench/seed.py). One argon2 verification: "
        f"{figures['verify_seconds'] * 1000:.1f} ms at the start, "
        f"{figures['login'].get('verify_seconds', 0) * 1000:.1f} ms around the "
        "median login run (each run's: the mean of one timed just before it and "
        "one just after). "
        "Load average "
        + " at the start, ".join(f"{n:.1f}" for n in figures["load_average"])
        + " at the end: other work on the machine slows every page, the"
        " ratios less (each is to the median of the run's /readyz runs), and"
        " the CPU the server (gunicorn and PostgreSQL) spent a request least.",
        "",
    ]
    if problems:
        head += ["**PROBLEMS: these figures are not benchmarks:**", ""]
        head += [f"- {p}" for p in problems] + [""]
    missed = misses(out_rows)
    why = ["", "## Missed targets: by how much and why", "", *missed] if missed else []
    text = "\n".join([*head, table(out_rows), *why, ""])
    out.with_suffix(".md").write_text(text)
    data = {**figures, "rows": out_rows, "problems": problems, "when": when}
    out.with_suffix(".json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    return text
