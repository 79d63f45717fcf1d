"""Hostile input for the generated tests (tests/test_hostile_input.py): the
Hypothesis profiles, the strategies for what a form or a query string can
carry, and a fingerprint of every table to show that nothing was written.

`make test` runs the "phresh" profile: 100 examples per form or page, the
same ones each run (derandomized), so a red build is never luck. `make fuzz`
sets HYPOTHESIS_PROFILE=fuzz: twenty times as many, new ones each run.
"""

import functools
import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import text

from cleaning_app.extensions import db

settings.register_profile(
    "phresh",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    # One scene and one logged-in browser serve all of a test's examples.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
settings.register_profile(
    "fuzz",
    parent=settings.get_profile("phresh"),
    max_examples=2000,
    derandomize=False,
    print_blob=True,
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "phresh"))

BODY_LIMIT = 1024 * 1024
# Values that have broken web apps before, written out so every run has them.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07",
    "\x1b[31m",
    "ünïcødé 🧽 漢字",
    "\u202e",
    "\ufeff1",
    "-1",
    "0",
    "-0",
    "00",
    "1.5",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "99999999999999999999",
    "-99999999999999999999",
    "\r\n１２３" + "9" * 400,
    "%00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "'; DROP TABLE users; --",
    "\\",
    "%",
    "_",
    "x" * (BODY_LIMIT + 1),  # over the body limit on its own
]
FULLWIDTH = str.maketrans("0123456789-.", "０１２３４５６７８９－．")
PADDING = ["", " ", "\t", "\r\n", "\n", "\x0b", "\u00a0", "\u3000", "\x00"]

any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
control_text = st.text(
    st.one_of(
        st.characters(max_codepoint=0x1F),
        st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
        st.sampled_from("ab1 "),
    ),
    min_size=1,
    max_size=12,
)
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["x", "9", "ü", "🧽", "a b", "\r\n", "\x00"]),
    st.integers(100, 30_000),
)


def _number(sign, digits, fullwidth, before, after):
    number = sign + digits
    return before + (number.translate(FULLWIDTH) if fullwidth else number) + after


huge = st.integers(300, 800).map(lambda length: "9" * length)
digits = st.one_of(
    st.integers(0, 10**6).map(str),
    st.integers(0, 10**40).map(str),
    # Past float's range: int() reads it, a float comparison overflows.
    huge,
    huge.map(lambda nines: "１２３" + nines),
)
written_numbers = st.builds(
    _number,
    st.sampled_from(["", "-", "+"]),
    digits,
    st.booleans(),
    st.sampled_from(PADDING),
    st.sampled_from(PADDING),
)
numbers = st.one_of(
    written_numbers,
    written_numbers,
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    # Digits of any script ("٣", "৭", "𝟘"): int() reads them, a form must not.
    st.text(st.characters(categories=["Nd"]), min_size=1, max_size=25),
)
hostile = st.one_of(st.sampled_from(NASTY), any_text, control_text, numbers, long_text)


_NUMERIC = re.compile(r"\$?[0-9.]*")


def values(good=()):
    """What one field may carry: a value that passes (so the other fields'
    checks are reached too) or a hostile one; for a field that takes a
    number, often a hostile number."""
    if not good:
        return hostile
    if all(_NUMERIC.fullmatch(value) for value in good):
        return st.one_of(st.sampled_from(good), numbers, hostile)
    return st.one_of(st.sampled_from(good), hostile)


def field_pairs(fields: dict, extra_names=()):
    """(name, value) pairs for a form or a query string: each field left
    out, sent once or repeated, in any order, plus unexpected fields."""
    frozen = tuple((name, tuple(good)) for name, good in fields.items())
    return _field_pairs(frozen, tuple(extra_names))


@functools.cache  # building a strategy costs more than drawing from it
def _field_pairs(fields: tuple, extra_names: tuple):
    one_field = [
        st.lists(values(good), max_size=3).map(
            lambda sent, name=name: [(name, value) for value in sent]
        )
        for name, good in fields
    ]
    extras = st.lists(
        st.tuples(st.sampled_from([*extra_names, "id", "is_superuser"]), hostile),
        max_size=2,
    )
    return st.tuples(st.tuples(*one_field), extras).map(_flatten)


def _flatten(parts) -> list:
    fields, extras = parts
    return [pair for sent in fields for pair in sent] + extras


RIGHT_TOKEN = "<the session's CSRF token>"


def _hidden(csrf, submission_key, junk) -> list:
    sent = {
        "right": [RIGHT_TOKEN],
        "missing": [],
        "wrong": [junk],
        "twice": [junk, RIGHT_TOKEN],
    }[csrf]
    keys = [] if submission_key is None else [submission_key]
    return [("csrf_token", v) for v in sent] + [("submission_key", k) for k in keys]


# The hidden fields every form carries: the CSRF token (usually the right
# one, sent as RIGHT_TOKEN) and the one-time submission key (a fresh one,
# none, or garbage).
hidden_pairs = st.builds(
    _hidden,
    st.sampled_from(["right", "right", "right", "missing", "wrong", "twice"]),
    st.one_of(st.uuids(version=4).map(str), st.none(), hostile),
    hostile,
)


def fingerprint(app) -> dict:
    """Every table's row count and a hash of its rows. Login sessions are
    only counted: a request may note on its own row that it was seen."""
    with app.app_context():
        parts = []
        for table in db.metadata.sorted_tables:
            name = table.name
            digest = (
                "''"
                if name == "user_sessions"
                else "md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))"
            )
            parts.append(f"SELECT '{name}', count(*), {digest} FROM {name} t")
        rows = db.session.execute(text(" UNION ALL ".join(parts))).all()
        db.session.rollback()
        return {name: (count, digest) for name, count, digest in rows}
