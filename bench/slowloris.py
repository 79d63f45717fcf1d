"""Slow clients against a local server: does it still answer everyone else?

    .venv/bin/python -m bench.slowloris --port 8000 --connections 256 --seconds 30

Opens `--connections` sockets to 127.0.0.1:PORT and on each sends the start
of a request and then one more header line every `--interval` seconds,
never finishing it (slowloris). A socket the server closes is opened
again, so the pressure stays on. Once all are open, a second client asks
for `/healthz` and for `--page` one request at a time, each on a new
connection with a `--timeout`, and the latencies are printed as p50/p99/max.
The slow clients run in a process of their own, so their bursts of
reconnections don't stall the measuring client's event loop.

Bounded on purpose: loopback only, at most 4096 connections and 600
seconds. Exits 1 when a /healthz or page request failed or /healthz's p99
reached `--max-p99` seconds, so a drill can use it as a check; `run()`
returns the figures for a caller that wants them.
"""

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import time
from dataclasses import dataclass, field

HOST = "127.0.0.1"
MAX_CONNECTIONS = 4096
MAX_SECONDS = 600


@dataclass
class Latencies:
    path: str
    seconds: list[float] = field(default_factory=list)
    failures: int = 0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.seconds)
        if not ordered:
            return float("inf")
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def line(self) -> str:
        if not self.seconds:
            return f"{self.path}: no answers, {self.failures} failed"
        return (
            f"{self.path}: {len(self.seconds)} answered, {self.failures} failed; "
            f"p50 {self.percentile(0.5) * 1000:.1f} ms, "
            f"p99 {self.percentile(0.99) * 1000:.1f} ms, "
            f"max {max(self.seconds) * 1000:.1f} ms, "
            f"mean {statistics.fmean(self.seconds) * 1000:.1f} ms"
        )


@dataclass
class Report:
    connections: int
    seconds: float
    healthz: Latencies
    page: Latencies
    held_open: int = 0  # slow connections still open at the end
    reopened: int = 0  # slow connections the server closed on us

    def lines(self) -> list[str]:
        return [
            f"{self.connections} slow connections for {self.seconds:.0f} s: "
            f"{self.held_open} still open at the end, "
            f"the server closed {self.reopened}",
            self.healthz.line(),
            self.page.line(),
        ]


class Slowloris:
    """Keeps `count` half-sent requests open until `stop` is set."""

    def __init__(self, port: int, count: int, interval: float):
        self.port, self.count, self.interval = port, count, interval
        self.open = 0
        self.reopened = 0
        self.ready = asyncio.Event()
        if count == 0:  # a baseline: the same measurement, no slow clients
            self.ready.set()

    async def run(self, stop: asyncio.Event) -> None:
        async with asyncio.TaskGroup() as group:
            for number in range(self.count):
                group.create_task(self.one(number, stop))

    async def one(self, number: int, stop: asyncio.Event) -> None:
        first = True
        while not stop.is_set():
            try:
                await self.hold(number, stop, first)
            except OSError:
                await asyncio.sleep(0.1)  # refused or reset: try again shortly
            first = False
            if not stop.is_set():
                self.reopened += 1

    async def hold(self, number: int, stop: asyncio.Event, first: bool) -> None:
        reader, writer = await asyncio.open_connection(HOST, self.port)
        self.open += 1
        if first and self.open >= self.count:
            self.ready.set()
        try:
            writer.write(
                f"GET /healthz?slow={number} HTTP/1.1\r\nHost: {HOST}\r\n".encode()
            )
            await writer.drain()
            line = 0
            while not stop.is_set():
                # The server closing the socket ends the wait early.
                read = asyncio.ensure_future(reader.read(1024))
                stopped = asyncio.ensure_future(stop.wait())
                done, pending = await asyncio.wait(
                    [read, stopped],
                    timeout=self.interval,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                for task in pending:
                    task.cancel()
                if read in done:
                    read.exception()  # a reset is an answer too
                    return
                line += 1
                writer.write(f"X-Slow-{line}: {number}\r\n".encode())
                await writer.drain()
        finally:
            self.open -= 1
            writer.close()


async def timed_get(port: int, path: str, timeout: float) -> float | None:
    """Seconds until the whole response arrived, None on failure or a
    status other than 200."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(HOST, port)
            request = (
                f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"
            )
            writer.write(request.encode())
            await writer.drain()
            response = await reader.read()
            writer.close()
    except (OSError, TimeoutError):
        return None
    if not response.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200")):
        return None
    return time.perf_counter() - started


async def measure(port: int, latencies: Latencies, stop: asyncio.Event, **options):
    while not stop.is_set():
        seconds = await timed_get(port, latencies.path, options["timeout"])
        if seconds is None:
            latencies.failures += 1
        else:
            latencies.seconds.append(seconds)
        await asyncio.sleep(options["pause"])


def attack(port, count, interval, ready, stop, counts) -> None:
    """The slow clients, in a process of their own: reconnecting hundreds
    of sockets at once must not stall the client that measures."""

    async def hold() -> None:
        slow = Slowloris(port, count, interval)
        stopping = asyncio.Event()
        clients = asyncio.create_task(slow.run(stopping))
        try:
            async with asyncio.timeout(60):
                await slow.ready.wait()
        except TimeoutError:
            print(f"only {slow.open} of {count} connections opened", file=sys.stderr)
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.1)
        counts.put((slow.open, slow.reopened))
        stopping.set()
        await clients

    asyncio.run(hold())


async def run(
    port: int,
    connections: int = 256,
    seconds: float = 30,
    page: str = "/cleanings",
    interval: float = 5.0,
    timeout: float = 10.0,
    pause: float = 0.05,
) -> Report:
    connections = min(connections, MAX_CONNECTIONS)
    seconds = min(seconds, MAX_SECONDS)
    # spawn, not fork: the caller may have threads.
    context = multiprocessing.get_context("spawn")
    ready, stop, counts = context.Event(), context.Event(), context.Queue()
    attacker = context.Process(
        target=attack,
        args=(port, connections, interval, ready, stop, counts),
        daemon=True,
    )
    attacker.start()
    try:
        await asyncio.to_thread(ready.wait, 90)
        await asyncio.sleep(1)  # let the server hand them to its workers
        report = Report(connections, seconds, Latencies("/healthz"), Latencies(page))
        stop_measuring = asyncio.Event()
        options = {"timeout": timeout, "pause": pause}
        clients = [
            asyncio.create_task(measure(port, latencies, stop_measuring, **options))
            for latencies in (report.healthz, report.page)
        ]
        await asyncio.sleep(seconds)
        stop_measuring.set()
        await asyncio.gather(*clients)
        stop.set()
        report.held_open, report.reopened = await asyncio.to_thread(
            counts.get, True, 60
        )
    finally:
        stop.set()
        await asyncio.to_thread(attacker.join, 60)
        if attacker.is_alive():
            attacker.kill()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--page", default="/cleanings")
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--max-p99", type=float, default=1.0)
    args = parser.parse_args(argv)
    report = asyncio.run(
        run(
            args.port,
            args.connections,
            args.seconds,
            args.page,
            args.interval,
            args.timeout,
        )
    )
    print("\n".join(report.lines()))
    missed = (
        report.healthz.failures
        or report.page.failures
        or report.healthz.percentile(0.99) >= args.max_p99
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
