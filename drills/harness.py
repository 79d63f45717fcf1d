"""The drills' pure parts: reading forms off a page, recording requests,
percentiles and bounds. No network, no processes (tests/test_drills.py)."""

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit


@dataclass
class Form:
    method: str
    action: str  # the path it goes to, without the query
    hidden: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__()
        self.page_path, self.forms, self._open = page_path, [], None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            # A form without an action posts to the page it is on.
            action = urlsplit(attrs.get("action") or self.page_path).path
            method = (attrs.get("method") or "get").lower()
            self._open = Form(method, action)
            self.forms.append(self._open)
        elif tag == "input" and self._open is not None and _is_hidden(attrs):
            self._open.hidden[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def _is_hidden(attrs: dict) -> bool:
    return attrs.get("type", "").lower() == "hidden" and bool(attrs.get("name"))


def forms_on(html: str, page_path: str = "/") -> list[Form]:
    """Every form on a page with its hidden fields (the CSRF token and the
    one-time submission key among them), as a browser would send them."""
    parser = _FormParser(page_path)
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(forms: list[Form], action: str, method: str = "post") -> Form | None:
    for form in forms:
        if form.action == action and form.method == method:
            return form
    return None


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0.99 for p99): a value that was
    actually measured, so a p99 of 100 samples is the 99th slowest-but-one,
    never an interpolation. NaN when there is nothing to rank."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(frozen=True)
class Record:
    action: str
    started: float  # time.monotonic()
    ended: float
    status: int | None  # None: no answer (refused, reset, timed out)
    error: str = ""

    @property
    def seconds(self) -> float:
        return self.ended - self.started

    @property
    def failed(self) -> bool:
        """What the drills never accept outside an outage: no answer, or a
        server error."""
        return self.status is None or self.status >= 500

    def in_flight_at(self, moment: float) -> bool:
        return self.started <= moment < self.ended


class Recorder:
    """Every request of a drill, from many threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.records: list[Record] = []

    def add(self, record: Record) -> None:
        with self._lock:
            self.records.append(record)

    def between(self, start: float, end: float = math.inf) -> list[Record]:
        """Requests that started in [start, end)."""
        with self._lock:
            return [r for r in self.records if start <= r.started < end]


def describe(records: list[Record]) -> list[str]:
    """Per action: count, statuses, p50/p99/max latency of the answers."""
    lines = []
    by_action: dict[str, list[Record]] = {}
    for record in records:
        by_action.setdefault(record.action, []).append(record)
    for action, group in sorted(by_action.items()):
        seconds = [r.seconds for r in group if r.status is not None]
        statuses = Counter(str(r.status or "no answer") for r in group)
        spread = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
        lines.append(
            f"  {action:<10} {len(group):>6} requests ({spread}); "
            f"p50 {ms(percentile(seconds, 0.5))}, p99 {ms(percentile(seconds, 0.99))}, "
            f"max {ms(max(seconds, default=math.nan))}"
        )
    return lines


def ms(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds * 1000:.0f} ms"


def errors(records: list[Record], limit: int = 5) -> list[str]:
    """A few examples of what failed, for the report."""
    failed = [r for r in records if r.failed]
    kinds = Counter(f"{r.action}: {r.status or r.error}" for r in failed)
    return [f"    {n} x {kind}" for kind, n in kinds.most_common(limit)]


class Bounds:
    """The figures a drill promises, each checked and printed as it goes."""

    def __init__(self, drill: str):
        self.drill, self.missed, self.lines = drill, [], []

    def check(self, what: str, figure: str, held: bool) -> bool:
        line = f"  [{'ok' if held else 'MISSED'}] {what}: {figure}"
        print(line, flush=True)
        self.lines.append(line)
        if not held:
            self.missed.append(what)
        return held

    def note(self, line: str) -> None:
        print(line, flush=True)
        self.lines.append(line)


def now() -> float:
    return time.monotonic()


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0}


def postgres_seconds(shown: str) -> float:
    """A duration as PostgreSQL's SHOW prints it ('5s', '500ms', '1min',
    '0' for none) in seconds; a bare number is milliseconds, the unit of
    statement_timeout and lock_timeout."""
    text = shown.strip()
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = text[len(number) :] or "ms"
    if unit not in _UNITS or not number:
        raise ValueError(f"not a PostgreSQL duration: {shown!r}")
    return float(number) * _UNITS[unit]
