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

A piece must not hold anything that belongs to one request or one reader
that is not in its key: no CSRF token, no submission key, no "you". Each
app has its own store (its time zone shows in the pieces), and the script
root is part of every key (the pieces hold links).
"""

from datetime import timedelta

from flask import current_app, has_request_context, request
from markupsafe import Markup

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
    return current_app.extensions["fragments"].get_or_draw((root, *key), caller)
