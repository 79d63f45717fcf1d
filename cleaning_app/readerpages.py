"""Pages kept for a logged-in reader, in each worker process.

The owner's job page, the feed and My jobs are drawn for one reader, so the
anonymous page cache (pagecache.py) can't serve them, and drawing them cost
four times what `/readyz` does. A view marked `@kept_for_reader` keeps its
page per reader and address, under the database snapshot the reader's own
query was read in (`pg_current_snapshot()`, auth/sessions.py). Two
snapshots alike see the same committed transactions, so the same data, and
the reader's query runs before the page's: a kept page is never older than
what the request would read. Any write committed anywhere (another worker,
a script, psql) makes a new snapshot, and the page is drawn again.

What the snapshot can't see is the clock (a "3 minutes ago", a date that
has passed), so a page is kept within one PAGE_CACHE_SECONDS slice of the
site's clock at most (0 turns the keeping off, as for anonymous pages).

The page is drawn with its CSRF tokens and submission keys as holes
(fragments.py), filled for each request. Kept: a 200 to a GET of a
session with no flash waiting, whose view set no cookie, left the session
as it found it and wrote no token into the page (a WTForms form's own
field). What the view does beside drawing the page is skipped when it is
served kept: the page must be all it does.
"""

from dataclasses import dataclass
from functools import wraps

from flask import current_app, make_response, request, session
from flask_login import current_user

from .cleanings import booking
from .fragments import drawn_with_holes, fill, holds_token
from .htmx import is_htmx

# Readers times pages: the store is emptied when it holds this many
# characters of pages (a job page is about 20,000).
MAX_SIZE = 16_000_000


@dataclass(frozen=True)
class Kept:
    status: int
    body: str  # with holes
    headers: list


class ReaderPages:
    """One app's kept pages, all of one snapshot and one slice of the clock
    (`moment`): a page of another is never read again, so it is dropped."""

    def __init__(self):
        self.moment = None
        self.entries: dict[tuple, Kept] = {}
        self.size = 0

    def get(self, moment: tuple, key: tuple) -> Kept | None:
        return self.entries.get(key) if moment == self.moment else None

    def put(self, moment: tuple, key: tuple, kept: Kept) -> None:
        if moment != self.moment or self.size + len(kept.body) > MAX_SIZE:
            self.entries, self.moment, self.size = {}, moment, 0
        self.entries[key] = kept
        self.size += len(kept.body)


def kept_for_reader(view):
    @wraps(view)
    def served(*args, **kwargs):
        found = _moment_and_key()
        if found is None:
            return view(*args, **kwargs)
        store, (moment, key) = current_app.extensions["reader_pages"], found
        kept = store.get(moment, key)
        if kept is not None:
            return current_app.response_class(
                fill(kept.body), kept.status, kept.headers
            )
        session_before = dict(session)
        response = drawn_with_holes(lambda: make_response(view(*args, **kwargs)))
        body = response.get_data(as_text=True)
        if _keepable(response, body, session_before):
            headers = [(k, v) for k, v in response.headers if k != "Content-Length"]
            store.put(moment, key, Kept(response.status_code, body, headers))
        response.set_data(fill(body))
        return response

    return served


def _moment_and_key() -> tuple[tuple, tuple] | None:
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    if not seconds or request.method != "GET" or "_flashes" in session:
        return None
    snapshot = getattr(current_user, "snapshot", None)
    if snapshot is None:  # anonymous
        return None
    moment = (snapshot, int(booking.now().timestamp() // seconds))
    key = (
        current_user.id,
        request.host,
        request.script_root,
        request.path,
        request.query_string,
        is_htmx(),
    )
    return moment, key


def _keepable(response, body: str, session_before: dict) -> bool:
    return (
        response.status_code == 200
        and "Set-Cookie" not in response.headers
        and dict(session) == session_before
        and not holds_token(body)
    )


def register_reader_pages(app) -> None:
    app.config.setdefault("PAGE_CACHE_SECONDS", 5)
    app.extensions["reader_pages"] = ReaderPages()
