"""Pieces of pages kept by everything they show.

A row of My jobs, an entry of the feed or an offer on a job page is drawn
from a handful of values, and most of a page's CPU went on drawing them
again for every request (escaping, formatting, building links). A
template wraps such a piece in `{% call fragment("name", *inputs) %}`:
the piece is drawn once per process for those inputs and read back after.

The key is the piece's whole input, not an id and a version: a frozen
dataclass of Core rows, plus any text that moves with the clock (a
"3 hours ago"), so a kept piece is never stale and nothing has to empty it
on a write. Two things a key can't hold are handled here: the local day
(a date shows its year only when it isn't this year's), so the store is
emptied when the day changes; and size, so it is emptied when full.

A piece must not hold anything that belongs to one reader that is not in
its key (no "you"). What belongs to one request, a form's CSRF token and
submission key, is left as a hole: drawn as a marker through a `holed`
template global and filled for each request when the outermost piece is
served, so a row with a Reject form is kept whole. A token or key written
any other way (a WTForms form's own token field) is refused when drawn.
Each app has its own store (its time zone shows in the pieces), and the
script root is part of every key (the pieces hold links).
"""

import re
import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import current_app, g, has_request_context, request
from markupsafe import Markup, escape

from .cleanings import booking

MAX_ENTRIES = 4096


class FragmentStore:
    def __init__(self):
        self.entries: dict[tuple, Markup] = {}
        # The next local midnight (UTC): a page asks for dozens of pieces,
        # so each compares the clock with it rather than working out the
        # local day again.
        self.renew_at = None

    def get_or_draw(self, key: tuple, draw) -> Markup:
        moment = booking.now()
        if self.renew_at is None or moment >= self.renew_at:
            self.entries = {}
            tomorrow = booking.local(moment).date() + timedelta(days=1)
            self.renew_at = booking.day_start(tomorrow)
        elif len(self.entries) >= MAX_ENTRIES:
            self.entries = {}
        html = self.entries.get(key)
        if html is None:
            html = self.entries[key] = draw()
        return html


def fragment(*key, caller) -> Markup:
    """`{% call fragment("name", *inputs) %}...{% endcall %}`."""
    root = request.script_root if has_request_context() else None
    store = current_app.extensions["fragments"]
    html = store.get_or_draw((root, *key), lambda: _draw(caller))
    # A piece inside a piece being drawn keeps its holes: the outer one is
    # kept with them and filled when served.
    return html if g.get("drawing_depth") else fill(html)


# A hole is MARK kind \x01 arg MARK, where MARK is a NUL and a random
# word of this process: a form may show back what a visitor typed, NULs
# included, but no one can type the word.
_MARK = "\x00" + secrets.token_hex(8)
_FILLERS: dict[str, Callable[[str], str]] = {}
_SAME_ALL_REQUEST: set[str] = set()  # kinds filled once a page and reused
# A submission key written out rather than left as a hole.
_BAKED_KEY = re.compile('name="submission_key" value="[0-9a-f]')


def holed(
    kind: str, fill: Callable[[str], str], same_all_request: bool = False
) -> Callable[..., str]:
    """A template global giving `fill(arg)`, or a hole inside a piece.
    `same_all_request`: `fill` gives one value all request (a CSRF token),
    so a page with a dozen such holes asks it once."""
    _FILLERS[kind] = fill
    if same_all_request:
        _SAME_ALL_REQUEST.add(kind)

    def value(arg: str = "") -> str:
        if g.get("drawing_depth"):
            # Raw: the marker never reaches a page, fill() replaces it whole.
            return Markup(f"{_MARK}{kind}\x01{arg}{_MARK}")  # noqa: S704
        return fill(arg)

    return value


def _draw(caller) -> Markup:
    html = drawn_with_holes(caller)
    if holds_token(html):
        raise RuntimeError("a kept piece holds a request's token; use a hole")
    return html


def drawn_with_holes(draw):
    """What `draw()` gives with the request's tokens and keys left as holes."""
    g.drawing_depth = g.get("drawing_depth", 0) + 1
    try:
        return draw()
    finally:
        g.drawing_depth -= 1


def holds_token(html: str) -> bool:
    """Whether `html` has this request's CSRF token or a submission key
    written into it rather than left as a hole."""
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return bool(token and token in html) or bool(_BAKED_KEY.search(html))


def fill(html: str) -> Markup:
    if _MARK not in html:
        return html
    return Markup("".join(filled(pieces(html))))  # noqa: S704 (values escaped)


def pieces(html: str) -> list:
    """`html` cut at its holes: its text, and a (kind, arg) for each hole."""
    parts = html.split(_MARK)
    cut = []
    for i, part in enumerate(parts):
        if i % 2:
            kind, _, arg = part.partition("\x01")
            cut.append((kind, arg))
        elif part:
            cut.append(part)
    return cut


def filled(cut: list) -> list[str]:
    """The pieces with each hole filled for this request."""
    known: dict[tuple, str] = {}

    def value(hole: tuple) -> str:
        kind, arg = hole
        if kind not in _SAME_ALL_REQUEST:
            return escape(_FILLERS[kind](arg))
        if hole not in known:
            known[hole] = escape(_FILLERS[kind](arg))
        return known[hole]

    return [piece if isinstance(piece, str) else value(piece) for piece in cut]
