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

A kept page is looked for before Flask-Login loads the reader
(`serve_kept_page`): the session's light query (auth/sessions.reader_of)
says who it is and gives the snapshot, so a page served kept costs no User
object, ORM session or view. When none is kept, the request goes the usual
way and its view's page is kept.

The API's GET answers are kept the same way per token holder
(api/core.py; the token's query brings the snapshot, auth/bearer.py).

The page is drawn with its CSRF tokens and submission keys as holes
(fragments.py), filled for each request. Kept: a 200 to a GET of a
session with no flash waiting, whose view set no cookie, left the session
as it found it and wrote no token into the page (a WTForms form's own
field). What the view does beside drawing the page is skipped when it is
served kept: the page must be all it does.
"""

from dataclasses import dataclass
from functools import wraps

from flask import current_app, g, make_response, request, session
from flask_login import UserMixin, current_user

from .auth.sessions import reader_of
from .cleanings import booking
from .compression import deflated, gzip_of, gzip_size, stored, wants_gzip
from .fragments import drawn_with_holes, fill, filled, holds_token, pieces
from .htmx import is_htmx

# Readers times pages: the store is emptied when it holds this many
# characters of pages (a job page is about 25,000; kept with its pieces
# compressed, about a fifth more).
MAX_SIZE = 16_000_000
# How much bigger than gzipped whole a page gzipped from its kept pieces may be.
MAX_GROWTH = 1.25


@dataclass(frozen=True)
class Kept:
    status: int
    headers: list
    pieces: list  # text, and (kind, arg) for a hole: fragments.pieces()
    # Each text piece's bytes and them deflated, None for a hole; or no
    # list when the page is gzipped whole for each request instead.
    packed: list | None
    size: int

    @classmethod
    def of(cls, response, body: str) -> "Kept":
        cut = pieces(body)
        packed = []
        for piece in cut:
            plain = piece.encode() if isinstance(piece, str) else None
            packed.append(plain and (plain, deflated(plain)))
        # Pieces compress apart: a page cut by many holes (a job page's
        # Reject forms) can come out twice the size compressed whole.
        whole = gzip_size(body.encode())
        if sum(len(p[1]) if p else 40 for p in packed) > whole * MAX_GROWTH:
            packed = None
        headers = [(k, v) for k, v in response.headers if k != "Content-Length"]
        return cls(response.status_code, headers, cut, packed, len(body))

    def answer(self):
        """The page with this request's holes; gzipped from its compressed
        pieces when the client takes gzip and they were kept, else left to
        compression.compress() like any answer."""
        response = current_app.response_class(status=self.status, headers=self.headers)
        texts = filled(self.pieces)
        if self.packed is None:
            response.set_data("".join(texts))
            return response
        parts = [
            packed or (text.encode(), None)
            for text, packed in zip(texts, self.packed, strict=True)
        ]
        if wants_gzip(sum(len(plain) for plain, _ in parts), response):
            response.set_data(gzip_of([(p, z or stored(p)) for p, z in parts]))
            response.headers["Content-Encoding"] = "gzip"
        else:
            response.set_data(b"".join(plain for plain, _ in parts))
        return response


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
        if moment != self.moment or self.size + kept.size > MAX_SIZE:
            self.entries, self.moment, self.size = {}, moment, 0
        self.entries[key] = kept
        self.size += kept.size


def kept_for_reader(view):
    @wraps(view)
    def served(*args, **kwargs):
        return answer_for(current_user, lambda: view(*args, **kwargs))

    served.kept_for_reader = True
    return served


@dataclass(frozen=True)
class KeptReader(UserMixin):
    """Flask-Login's current user for a request served a kept page: who it
    is, for the hooks after (they ask only whether someone is logged in)."""

    id: int
    snapshot: str


def serve_kept_page():
    """Before Flask-Login loads the reader: a kept page found through the
    session's light query (auth/sessions.reader_of) is served without the
    User object, the ORM session or the view. Anything else (no page kept,
    a remember-me cookie alone, a visit to note) goes the usual way."""
    view = current_app.view_functions.get(request.endpoint)
    token = session.get("_user_id")
    if token is None or not hasattr(view, "kept_for_reader"):
        return None
    # Asked even while nothing is kept, so a page costs the same queries
    # whatever the process served before.
    found = reader_of(token)
    reader = KeptReader(*found) if found else None
    place = reader and _moment_and_key(reader)
    kept = place and current_app.extensions["reader_pages"].get(*place)
    if not kept:
        return None
    g._login_user = reader  # noqa: SLF001 (Flask-Login's place for it)
    return kept.answer()


def answer_for(reader, draw):
    """`draw()`'s answer for `reader` (a User loaded with its snapshot, or
    an anonymous one), kept or drawn now."""
    found = _moment_and_key(reader)
    if found is None:
        return draw()
    store, (moment, key) = current_app.extensions["reader_pages"], found
    kept = store.get(moment, key)
    if kept is not None:
        return kept.answer()
    session_before = dict(session)
    response = drawn_with_holes(lambda: make_response(draw()))
    body = response.get_data(as_text=True)
    if not _keepable(response, body, session_before):
        response.set_data(fill(body))
        return response
    kept = Kept.of(response, body)
    store.put(moment, key, kept)
    return kept.answer()


def _moment_and_key(reader) -> tuple[tuple, tuple] | None:
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    if not seconds or request.method != "GET" or "_flashes" in session:
        return None
    snapshot = getattr(reader, "snapshot", None)
    if snapshot is None:  # anonymous
        return None
    moment = (snapshot, int(booking.now().timestamp() // seconds))
    key = (
        reader.id,
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
    app.before_request(serve_kept_page)
