"""A browser without JavaScript, as far as the drills need one: cookies,
forms with their hidden fields, one new connection per request.

A new connection each time (`Connection: close`) keeps the figures honest:
a failure is the server's, never a kept-alive socket it had just closed,
which a real browser would quietly retry.
"""

import http.client
import threading
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from .harness import Form, Record, Recorder, find_form, forms_on, now

HOST = "127.0.0.1"


class Stopped(Exception):
    """The drill is over: the user stops before its next request."""


@dataclass
class Page:
    path: str
    status: int
    location: str
    html: str

    def form(self, action: str, method: str = "post") -> Form | None:
        return find_form(forms_on(self.html, self.path), action, method)

    @property
    def redirect_path(self) -> str:
        return urlsplit(self.location).path


class Browser:
    def __init__(self, port: int, recorder: Recorder, stop: threading.Event):
        self.port, self.recorder, self.stop = port, recorder, stop
        self.cookies: dict[str, str] = {}
        self.timeout = 60.0  # longer than gunicorn's worker timeout

    def get(self, path: str, action: str = "browse") -> Page | None:
        return self.request("GET", path, action)

    def submit(self, form: Form, fields: dict, action: str) -> Page | None:
        """Posts `form` as a browser would: its hidden fields (the CSRF
        token, the submission key) plus the visible `fields`."""
        body = urlencode({**form.hidden, **fields})
        return self.request(form.method.upper(), form.action, action, body)

    def request(self, method: str, path: str, action: str, body: str | None = None):
        """The page, or None when the server gave no answer (recorded)."""
        if self.stop.is_set():
            raise Stopped
        headers = {"Host": f"{HOST}:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = now()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            html = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.recorder.add(
                Record(action, started, now(), None, type(error).__name__)
            )
            return None
        finally:
            connection.close()
        self.recorder.add(Record(action, started, now(), response.status))
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return Page(path, response.status, response.headers.get("Location", ""), html)

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                expired = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                if expired or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value


class Probe:
    """Asks for one path every `interval` seconds in a thread of its own,
    recording each answer as `action`: a second client watching the site."""

    def __init__(self, port: int, path: str, action: str, recorder: Recorder):
        self.stop_event = threading.Event()
        self.browser = Browser(port, recorder, self.stop_event)
        self.browser.timeout = 10
        self.path, self.action = path, action
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self, interval: float = 0.1) -> "Probe":
        self.interval = interval
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self.stop_event.wait(self.interval):
            try:
                self.browser.get(self.path, self.action)
            except Stopped:
                return

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(timeout=30)
