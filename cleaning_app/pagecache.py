"""Anonymous pages, kept for a few seconds in each worker process.

A visitor with no session cookie sees the same landing page, listing
(each query string, page or htmx fragment), job page, profile and
cleaners' directory as every other such visitor, so the answer is kept
for PAGE_CACHE_SECONDS (5 by default; 0 turns the keeping off) and
served again without running the view. Any commit in this process
empties the cache, so the worker that took a write (and the test suite)
shows it at once; other workers show it within PAGE_CACHE_SECONDS.

What is kept: a 200 to a GET from a request with neither a session nor a
remember-me cookie, that sets no cookie and leaves nothing in the session
(a flash, a CSRF token). A logged-in visitor always has the session cookie,
so never reads from here.

These answers also carry a weak ETag (a hash of the body), and a matching
If-None-Match gets 304 Not Modified.
"""

import hashlib
import time
import weakref
from dataclasses import dataclass

from flask import Flask, current_app, g, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .htmx import is_htmx

ENDPOINTS = {
    "main.index",
    "cleanings.index",
    "cleanings.show",
    "profiles.show",
    "cleaners.index",
}
# Query strings are the visitor's to choose: the cache is emptied when full.
MAX_ENTRIES = 256
clock = time.monotonic


@dataclass
class Entry:
    expires: float
    status: int
    body: bytes
    headers: list


class PageCache:
    """One app's kept pages. `generation` counts the emptyings, so a page
    rendered while a commit landed is not kept (it may predate it)."""

    def __init__(self):
        self.entries: dict[tuple, Entry] = {}
        self.generation = 0

    def clear(self) -> None:
        self.entries = {}
        self.generation += 1

    def get(self, key) -> Entry | None:
        entry = self.entries.get(key)
        if entry is None or entry.expires <= clock():
            return None
        return entry

    def put(self, key, entry: Entry) -> None:
        if len(self.entries) >= MAX_ENTRIES:
            self.entries = {}
        self.entries[key] = entry


_caches = weakref.WeakSet()


def _cache() -> PageCache:
    return current_app.extensions["pagecache"]


def _key() -> tuple:
    return (request.path, request.query_string, is_htmx())


def anonymous_page_request() -> bool:
    cookies = request.cookies
    config = current_app.config
    return (
        request.method == "GET"
        and request.endpoint in ENDPOINTS
        and config["SESSION_COOKIE_NAME"] not in cookies
        and config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies
    )


def serve_kept_page():
    if not anonymous_page_request():
        return None
    cache = _cache()
    g.page_cache_generation = cache.generation
    entry = cache.get(_key()) if current_app.config["PAGE_CACHE_SECONDS"] else None
    if entry is None:
        return None
    g.page_cache_hit = True
    return current_app.response_class(entry.body, entry.status, entry.headers)


def keep_page(response):
    """Keep a fresh anonymous page, and answer 304 when the visitor's copy
    is still good. Runs before compression and our headers, which every
    answer, kept or not, gets afterwards."""
    if "page_cache_generation" not in g:  # serve_kept_page found it not ours
        return response
    if not g.get("page_cache_hit"):
        if not _keepable(response):
            return response
        body = response.get_data()
        response.set_etag(hashlib.blake2b(body, digest_size=12).hexdigest(), weak=True)
        _store(response, body)
    return response.make_conditional(request)


def _keepable(response) -> bool:
    return (
        response.status_code == 200
        and not response.is_streamed
        and "Set-Cookie" not in response.headers
        and not session
        and not session.modified
    )


def _store(response, body: bytes) -> None:
    cache, seconds = _cache(), current_app.config["PAGE_CACHE_SECONDS"]
    if seconds and g.get("page_cache_generation") == cache.generation:
        headers = list(response.headers.items())
        cache.put(_key(), Entry(clock() + seconds, response.status_code, body, headers))


def _clear_all(*args) -> None:
    for cache in list(_caches):
        cache.clear()


def _engine_committed(connection) -> None:
    """A commit outside a session, such as the tests emptying the tables;
    except on an engine whose writes show on no page (the rate-limit
    counters' says so in its execution options)."""
    if connection.get_execution_options().get("shows_on_pages", True):
        _clear_all()


# After a session's commit: the data is in the database by then. The
# engine's commit (before the data lands) also catches writes made outside
# a session.
event.listen(Session, "after_commit", _clear_all)
event.listen(Engine, "commit", _engine_committed)


def register_page_cache(app: Flask) -> None:
    """Registered after compression: its after_request runs before it, so
    the plain body is kept and compressed on the way out."""
    app.config.setdefault("PAGE_CACHE_SECONDS", 5)
    cache = app.extensions["pagecache"] = PageCache()
    _caches.add(cache)
    app.before_request(serve_kept_page)
    app.after_request(keep_page)
