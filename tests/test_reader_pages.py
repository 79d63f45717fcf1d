"""Pages kept for a logged-in reader (cleaning_app/readerpages.py): served
again while the database snapshot and the clock's slice are the ones the
page was drawn at, never to another reader, always with this request's
tokens.

`elsewhere` writes through a connection of its own, as another worker or
psql would: nothing in this process hears of it but the database."""

import gzip
import re
import time
from datetime import UTC, datetime, timedelta

import psycopg2
import pytest
from flask import render_template_string, session
from flask_wtf import FlaskForm
from sqlalchemy import text

from cleaning_app.cleanings import booking
from cleaning_app.extensions import db
from cleaning_app.readerpages import kept_for_reader
from tests.api.conftest import bearer, login
from tests.builders import body, log_in, make_offer, make_user
from tests.conftest import Client, make_app
from tests.test_fragments import _form_fields

# What each request fills in: tokens and submission keys.
TOKENS = re.compile(r'(csrf_token|submission_key)" value="[^"]+"|X-CSRFToken": "[^"]+"')


@pytest.fixture(autouse=True)
def long_enough(app, monkeypatch):
    """A slice of a minute, so no test depends on how fast it runs."""
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)


@pytest.fixture
def elsewhere(database_url):
    def run(sql, *params):
        connection = psycopg2.connect(database_url)
        connection.autocommit = True
        try:
            connection.cursor().execute(sql, params)
        finally:
            connection.close()

    return run


def kept_visit(get, query_counter):
    """Two answers of `get()`, the second served kept: the reader's own
    query only. The snapshot is the whole PostgreSQL server's, which other
    pytest workers share: a write of theirs makes the page be drawn again,
    as any write does, so this tries a few times. Keeping that never
    happens fails."""
    for _ in range(20):
        first = get()
        with query_counter:
            again = get()
        if query_counter.count == 1:
            return first, again
    raise AssertionError("drawn again each time")


def test_a_kept_page_runs_only_the_readers_own_query(
    app, owner, job, carlos, query_counter
):
    make_offer(app, job, carlos)
    pages = ["/", "/cleanings", f"/cleanings/{job.id}", "/cleanings/mine", "/feed"]
    pages += ["/cleaners", "/profiles/carlos"]
    for url in pages:
        first, again = kept_visit(lambda url=url: owner.get(url), query_counter)
        assert again.status_code == 200, url
        # The session's light query (auth/sessions.reader_of), no User.
        assert "FROM user_sessions JOIN users" in query_counter.statements[0]
        # The same page, but for its tokens and keys.
        assert TOKENS.sub("", body(again)) == TOKENS.sub("", body(first)), url


def test_a_write_anywhere_shows_at_once(owner, job, carlos, elsewhere):
    pages = [f"/cleanings/{job.id}", "/cleanings/mine", "/feed", "/"]
    elsewhere(
        "INSERT INTO activities (kind, actor_id, cleaning_id)"
        " VALUES ('cleaning_posted', %s, %s)",
        job.owner_id,
        job.id,
    )
    for url in pages:
        assert "Two-bedroom flat" in body(owner.get(url)), url
    elsewhere("UPDATE cleanings SET name = 'Attic and loft' WHERE id = %s", job.id)
    for url in pages:
        page = body(owner.get(url))
        assert "Attic and loft" in page and "Two-bedroom flat" not in page, url
    elsewhere(
        "INSERT INTO offers (cleaning_id, user_id, status) VALUES (%s, %s, 'pending')",
        job.id,
        carlos.id,
    )
    assert "@carlos" in body(owner.get(f"/cleanings/{job.id}"))


def test_a_kept_page_is_gzipped_with_this_requests_tokens(
    app, owner, rita, carlos, job, browser_as
):
    """Kept pages are sent gzipped from pieces compressed once, with the
    holes filled in between; the job page with its Reject forms (many
    holes) is gzipped whole instead. Each reads back as the plain page."""
    make_offer(app, job, carlos)
    other = browser_as(rita)
    for url in ["/feed", "/cleanings/mine", f"/cleanings/{job.id}", "/"]:
        plain = body(owner.get(url))
        for browser in (owner, other):
            zipped = browser.raw.get(url, headers={"Accept-Encoding": "gzip"})
            assert zipped.headers["Content-Encoding"] == "gzip", url
            assert "Accept-Encoding" in zipped.headers["Vary"], url
            page = gzip.decompress(zipped.get_data()).decode()
            assert TOKENS.sub("", page) == TOKENS.sub("", plain), url
            # This browser's token: signed from its session's secret (the
            # part before the first dot), whichever second it was made in.
            token = re.search(r'X-CSRFToken": "([^"]+)"', page).group(1)
            assert token.split(".")[0] == browser.csrf_token().split(".")[0], url


def test_each_reader_gets_their_own_page(app, owner, cleaner, job, browser_as):
    """rita owns the job: she sees its address and who offered; carlos,
    reading the same address next, sees neither."""
    make_offer(app, job, make_user(app, "nadia"))
    for _ in range(2):
        mine = body(owner.get(f"/cleanings/{job.id}"))
        theirs = body(cleaner.get(f"/cleanings/{job.id}"))
        assert "@nadia" in mine and "@nadia" not in theirs
        assert "/profiles/rita" in body(owner.get("/feed"))
        feed = body(cleaner.get("/feed"))
        assert 'href="/profiles/carlos"' in feed  # his own navigation


def test_a_kept_pages_forms_carry_this_browsers_token_and_a_new_key(
    app, rita, carlos, owner, job, browser_as
):
    """Two browsers of rita's read one kept page; each page's Reject form
    and htmx header carry that browser's token, and each post works."""
    make_offer(app, job, carlos)
    other = browser_as(rita)
    pages = [body(browser.get(f"/cleanings/{job.id}")) for browser in (owner, other)]
    forms = [_form_fields(page, "/reject") for page in pages]
    assert forms[0]["csrf_token"] != forms[1]["csrf_token"]
    assert forms[0]["submission_key"] != forms[1]["submission_key"]
    for page, form in zip(pages, forms, strict=True):
        assert f'"X-CSRFToken": "{form["csrf_token"]}"' in page
        assert "\x00" not in page
    response = other.post(f"/cleanings/{job.id}/offers/carlos/reject", data=forms[1])
    assert response.status_code == 303


def test_a_cleaners_kept_page_offers_with_this_browsers_token(
    app, carlos, job, browser_as
):
    first, second = browser_as(carlos), browser_as(carlos)
    for _ in range(2):  # the first visit's token also starts its secret
        first.get(f"/cleanings/{job.id}")
    page = body(second.get(f"/cleanings/{job.id}"))
    form = _form_fields(page, f"/cleanings/{job.id}/offers")
    response = second.post(f"/cleanings/{job.id}/offers", data={**form, "message": ""})
    assert response.status_code == 303


def test_a_page_that_writes_a_token_or_the_session_is_drawn_each_time(
    database_url, rita
):
    """A WTForms form's own token field can't be a hole, and a view that
    writes to the session must run: such pages are never kept."""
    app = make_app(database_url, PAGE_CACHE_SECONDS=60)
    drawn = []

    @app.get("/written-token")
    @kept_for_reader
    def written_token():
        drawn.append(True)
        form = FlaskForm()
        return render_template_string("<form>{{ form.csrf_token }}</form>", form=form)

    @app.get("/counted")
    @kept_for_reader
    def counted():
        session["visits"] = session.get("visits", 0) + 1
        return f"<p>Visit {session['visits']}</p>"

    browser = Client(app.test_client())
    log_in(browser, rita)
    for visit in range(1, 4):
        assert browser.get("/written-token").status_code == 200
        assert f"Visit {visit}" in body(browser.get("/counted"))
    with app.app_context():
        db.engine.dispose()
    assert len(drawn) == 3


def test_a_waiting_flash_is_shown_not_a_kept_page(app, rita, owner):
    """Asking again to confirm a confirmed address writes nothing, so the
    data's version stays; the notice still shows on the page it leads to."""
    with app.app_context():
        db.session.execute(
            text("UPDATE users SET email_verified = true WHERE id = :id"),
            {"id": rita.id},
        )
        db.session.commit()
    owner.get("/")
    owner.get("/")
    response = owner.post("/auth/verify/resend", headers={"Referer": "/"})
    assert response.status_code == 303
    page = body(owner.get(response.headers["Location"]))
    assert "already confirmed" in page
    assert "already confirmed" not in body(owner.get("/"))


def test_the_page_is_drawn_again_in_the_clocks_next_slice(
    app, owner, job, query_counter, monkeypatch
):
    owner.get(f"/cleanings/{job.id}")
    later = datetime.now(UTC) + timedelta(seconds=61)
    monkeypatch.setattr(booking, "now", lambda: later)
    with query_counter:
        owner.get(f"/cleanings/{job.id}")
    assert query_counter.count > 1


def test_the_page_and_its_fragment_are_kept_apart(owner, job):
    for _ in range(2):
        assert "<html" in body(owner.get("/feed"))
        assert "<html" not in body(owner.htmx("get", "/feed"))


def test_keeping_can_be_turned_off(app, owner, job, query_counter, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)
    owner.get(f"/cleanings/{job.id}")
    with query_counter:
        owner.get(f"/cleanings/{job.id}")
    assert query_counter.count > 1


def test_an_api_holders_answer_is_kept_per_holder_until_a_write(
    app, rita, carlos, job, elsewhere, query_counter
):
    """The API's GET answers are kept per token holder as pages are per
    reader: the owner's list of offers, not the cleaner's 403, and a new
    offer shows at once."""
    api = app.test_client()
    tokens = {
        user.username: bearer(login(api, user.username).json["access_token"])
        for user in (rita, carlos)
    }
    url = f"/api/cleanings/{job.id}/offers/"
    answers = kept_visit(lambda: api.get(url, headers=tokens["rita"]), query_counter)
    assert [answer.json for answer in answers] == [[], []]
    assert api.get(url, headers=tokens["carlos"]).status_code == 403
    elsewhere(
        "INSERT INTO offers (cleaning_id, user_id, status) VALUES (%s, %s, 'pending')",
        job.id,
        carlos.id,
    )
    offers = api.get(url, headers=tokens["rita"]).json
    assert [offer["user_id"] for offer in offers] == [carlos.id]


def test_what_a_reader_types_never_passes_for_a_hole(owner):
    """A refused filter shows the typed value back, NULs and all; a hole's
    marker holds a word no one can type, so these stay text."""
    for typed in ["a\x00b", "\x00csrf\x01\x00", "\x00nope\x01x\x00"]:
        for url in ["/cleanings", "/cleaners"]:
            response = owner.get(url, query_string={"q": typed, "area": typed})
            assert response.status_code == 422, (url, typed)


def test_a_session_that_ends_by_the_clock_gets_no_kept_page(
    app, rita, owner, job, elsewhere, query_counter
):
    """A kept page is served through the session's own light query, which
    still asks whether the session is live: one that runs out, which takes
    no write, is sent to log in."""
    elsewhere(
        "UPDATE user_sessions SET expires_at = now() + interval '2 seconds'"
        " WHERE user_id = %s",
        rita.id,
    )
    kept_visit(lambda: owner.get("/feed"), query_counter)
    time.sleep(2.5)
    response = owner.get("/feed")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
