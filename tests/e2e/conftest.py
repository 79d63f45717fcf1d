"""Browser tests: the app in a threaded server on a free port, driven by
Playwright in Debian's Chromium (never a downloaded browser)."""

import os
import re
import shutil
import threading
import weakref
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from ..builders import BOOKING, PASSWORD

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
EXPECTED_STATUS = re.compile(r"^Failed to load resource: .* status of (400|401|422) ")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
NO_JAVASCRIPT = weakref.WeakSet()  # browser contexts with JavaScript off
# As long as an action may take (set_default_timeout below): the whole suite
# on two cores once took longer than expect()'s own 5 s to show a page.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


# htmx raises `htmx:error` beside each of its error events (htmx:oobErrorNoTarget,
# htmx:targetError, htmx:swapError, ...). One raised on an element that has left
# the page never bubbles up here; htmx also logs each to the console, caught below.
REPORT_HTMX_ERRORS = """
document.addEventListener("htmx:error", function (event) {
  var info = event.detail.errorInfo || {};
  window.__phreshHtmxError(String(info.error || "htmx:error"));
});
"""


class Watcher:
    """Collects console errors, page errors, CSP violations and htmx error
    events of a page."""

    def __init__(self, page):
        self.problems = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))
        page.expose_function("__phreshHtmxError", self._htmx_error)
        page.add_init_script(REPORT_HTMX_ERRORS)

    def _htmx_error(self, name):
        self.problems.append(f"htmx event: {name}")

    def _console(self, message):
        # Chromium logs every 4xx answer to a fetch; the contract's 400, 401
        # and 422 are deliberate answers, not faults. Anything else counts,
        # CSP violations ("Refused to ...") above all.
        text = message.text
        if message.type == "error" and not EXPECTED_STATUS.search(text):
            self.problems.append(f"console: {text}")

    def assert_clean(self):
        assert self.problems == [], self.problems


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh context (its own cookies); JavaScript on or off.
    Every page is checked for console errors when the test ends."""
    contexts, watchers = [], []

    def open_page(javascript=True, viewport=DESKTOP):
        context = browser.new_context(
            base_url=live_server, java_script_enabled=javascript, viewport=viewport
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        if not javascript:
            NO_JAVASCRIPT.add(context)
        page = context.new_page()
        watchers.append(Watcher(page))
        return page

    yield open_page
    for context in contexts:
        context.close()
    for watcher in watchers:
        watcher.assert_clean()


def check_accessibility(page):
    """No serious or critical axe-core violations on the current page.

    axe-core runs as JavaScript and waits on timers, which never fire in a
    page with JavaScript off; such a page is checked as a copy of its exact
    HTML in a page that runs axe but none of the site's scripts."""
    from axe_playwright_python.sync_playwright import Axe

    if page.context in NO_JAVASCRIPT:
        with _mirror(page) as mirror:
            results = Axe().run(mirror)
    else:
        results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{page.url}: {bad}"


@contextmanager
def _mirror(page):
    html = page.content()

    def serve(route):
        if route.request.is_navigation_request():
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        elif route.request.resource_type == "script":
            route.abort()
        else:
            route.continue_()

    context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        mirror = context.new_page()
        mirror.route("**/*", serve)
        mirror.goto(page.url)
        yield mirror
    finally:
        context.close()


def screenshot(page, name):
    """Write the page at desktop and phone width for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name} scrolls sideways at {label} width"
    page.set_viewport_size(DESKTOP)


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists():
        terminalreporter.write_line(f"Screenshots of the main pages: {SCREENSHOTS}")


def log_in(page, username, password=None):
    """Log in through the login form, as a person would."""
    page.goto("/auth/login")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name=f"@{username}").first).to_be_visible()


def fill_booking(page, booking=BOOKING):
    """Fill the job form's booking fields (date, time, hours, area, size)."""
    page.get_by_label("Date", exact=True).fill(booking["date"])
    page.get_by_label("Start time").fill(booking["start_time"])
    page.get_by_label("Estimated hours").select_option(booking["hours"])
    page.get_by_label("Area", exact=True).fill(booking["area"])
    if booking.get("address"):
        page.get_by_label("Street address").fill(booking["address"])
    page.get_by_label("Bedrooms").fill(booking["bedrooms"])
    page.get_by_label("Bathrooms").fill(booking["bathrooms"])


def fill_a_job_after_a_wrong_rate(page):
    """On the new-job form: post it with "abc" as the hourly rate, see the
    rate's error, and correct the rate to 32.50 (not posted yet); the
    booking fields are filled as `BOOKING` and kept through the error."""
    page.get_by_label("Job title").fill("Kitchen deep clean")
    page.get_by_label("Deep Clean").check()
    fill_booking(page)
    page.get_by_label("Hourly rate").fill("abc")
    page.get_by_role("button", name="Post job").click()
    expect(page.locator("#price-msg")).to_have_class(re.compile("is-error"))
    page.get_by_label("Hourly rate").fill("32.50")


def mark_window(page):
    """Set a property on the window: it survives only while no full page
    load happens, so a test can tell an in-place update from navigation.
    Returns the check: true while the mark is still there."""
    page.evaluate("window.__phreshMarker = 'still here'")
    return lambda: page.evaluate("window.__phreshMarker === 'still here'")
