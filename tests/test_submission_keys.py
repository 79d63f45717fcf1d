"""One-time submission keys: the same form posted twice (a double-click,
Back and re-submit) acts once and answers both posts alike."""

import threading
import time
import uuid
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, text

from cleaning_app.cleanings import services as cleaning_services
from cleaning_app.extensions import db
from cleaning_app.models import Cleaning, Evaluation, FormSubmission, Offer, User

from .builders import (
    PASSWORD,
    count,
    is_logged_in,
    log_in,
    make_cleaning,
    make_offer,
)
from .test_cleanings import JOB
from .test_evaluations import VALID as REVIEW


class _HiddenFields(HTMLParser):
    """The hidden inputs of each form on a page, by the path it posts to."""

    def __init__(self):
        super().__init__()
        self.forms, self._current = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = self.forms.setdefault(urlsplit(attrs["action"]).path, {})
        elif tag == "input" and self._current is not None and attrs["type"] == "hidden":
            self._current[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def hidden_fields(client, page: str, action: str | None = None) -> dict:
    """What a browser sends besides the visible fields when it submits the
    form on `page` that posts to `action` (by default, the page itself)."""
    parser = _HiddenFields()
    parser.feed(client.get(page).get_data(as_text=True))
    fields = parser.forms[action or page]
    assert uuid.UUID(fields["submission_key"]).version == 4
    return fields


def share_cookies(make_client, client):
    """A second connection of the same browser: a double-click sends the
    second post before the first answer's cookie arrives."""
    twin = make_client()
    twin.raw.set_cookie("session", client.raw.get_cookie("session").value)
    return twin


# --- the same form posted twice ----------------------------------------


def test_post_job_twice_makes_one_job_and_both_answer_alike(app, browser_as, rita):
    browser = browser_as(rita)
    form = {**JOB, **hidden_fields(browser, "/cleanings/new")}
    first = browser.post("/cleanings/new", form)
    again = browser.post("/cleanings/new", form)
    assert first.status_code == again.status_code == 303
    assert again.location == first.location
    with app.app_context():
        (job_id,) = db.session.scalars(select(Cleaning.id)).all()
    assert first.location == f"/cleanings/{job_id}"


def test_sign_up_twice_makes_one_user_and_the_browser_stays_logged_in(app, client):
    form = {
        "email": "nina@example.com",
        "username": "nina",
        "password": PASSWORD,
        **hidden_fields(client, "/auth/register"),
    }
    first = client.post("/auth/register", form)
    again = client.post("/auth/register", form)  # with the new cookie
    assert first.status_code == again.status_code == 303
    assert again.location == first.location == "/"
    assert count(app, User) == 1
    assert is_logged_in(client)


def test_double_click_on_sign_up_logs_in_the_browser_that_sent_the_second(
    app, client, make_client
):
    form = {
        "email": "nina@example.com",
        "username": "nina",
        "password": PASSWORD,
        **hidden_fields(client, "/auth/register"),
    }
    second_connection = share_cookies(make_client, client)
    first = client.post("/auth/register", form)
    again = second_connection.post("/auth/register", form)
    assert first.status_code == again.status_code == 303
    assert again.location == first.location
    assert count(app, User) == 1
    # The browser shows the second answer: with its cookie, it is logged in.
    assert is_logged_in(second_connection)


def test_login_posted_twice_from_the_same_page_answers_alike(client, rita):
    form = {
        "login": "rita",
        "password": PASSWORD,
        **hidden_fields(client, "/auth/login"),
    }
    first = client.post("/auth/login", form)
    again = client.post("/auth/login", form)
    assert first.status_code == again.status_code == 303
    assert again.location == first.location
    assert is_logged_in(client)


def test_login_re_submitted_after_logout_logs_nobody_in(client, rita):
    """The next person at a shared computer pressing Back to the login form
    gets no account from a replay."""
    form = {
        "login": "rita",
        "password": PASSWORD,
        **hidden_fields(client, "/auth/login"),
    }
    assert client.post("/auth/login", form).status_code == 303
    assert client.post("/auth/logout", {}).status_code == 303
    again = client.post("/auth/login", form)
    assert again.status_code == 303  # the first answer, not "form expired"
    assert not is_logged_in(client)


def test_logout_twice_answers_alike(client, rita):
    log_in(client, rita)
    form = hidden_fields(client, "/cleanings", "/auth/logout")
    first = client.post("/auth/logout", form)
    again = client.post("/auth/logout", form)
    assert first.status_code == again.status_code == 303
    assert again.location == first.location == "/"


def test_offer_twice_makes_one_offer(app, browser_as, rita, carlos):
    job = make_cleaning(app, rita)
    cleaner = browser_as(carlos)
    page = f"/cleanings/{job.id}"
    action = f"/cleanings/{job.id}/offers"
    form = {"message": "Friday?", **hidden_fields(cleaner, page, action)}
    first = cleaner.post(action, form)
    again = cleaner.post(action, form)
    assert first.status_code == again.status_code == 303
    assert again.location == first.location == page
    assert count(app, Offer) == 1


def test_accept_twice_accepts_once_and_answers_alike(app, browser_as, rita, carlos):
    job = make_cleaning(app, rita)
    make_offer(app, job, carlos)
    owner = browser_as(rita)
    action = f"/cleanings/{job.id}/offers/carlos/accept"
    # The browser was given its key secret with the forms it saw; a key is
    # any uuid4 it posts.
    form = {"csrf_token": owner.csrf_token(), "submission_key": str(uuid.uuid4())}
    first = owner.post(action, form)
    again = owner.post(action, form)
    assert first.status_code == again.status_code == 303
    assert again.location == first.location == f"/cleanings/{job.id}"
    with app.app_context():
        assert db.session.get(Offer, (job.id, carlos.id)).status == "accepted"


def test_htmx_reject_repeated_loads_the_page_it_came_from(
    app, browser_as, rita, carlos
):
    job = make_cleaning(app, rita)
    make_offer(app, job, carlos)
    owner = browser_as(rita)
    page = f"/cleanings/{job.id}"
    action = f"/cleanings/{job.id}/offers/carlos/reject"
    form = hidden_fields(owner, page, action)
    headers = {"HX-Current-URL": f"http://localhost{page}"}
    first = owner.htmx("post", action, form, headers=headers)
    again = owner.htmx("post", action, form, headers=headers)
    assert first.status_code == 200  # the offers table, swapped in place
    assert again.status_code == 204
    assert again.headers["HX-Redirect"] == page


def test_review_twice_stores_one_evaluation(app, browser_as, rita, carlos):
    job = make_cleaning(app, rita)
    make_offer(app, job, carlos, "accepted")
    owner = browser_as(rita)
    page = f"/cleanings/{job.id}/evaluation"
    form = {**REVIEW, **hidden_fields(owner, page)}
    first = owner.post(page, form)
    again = owner.post(page, form)
    assert first.status_code == again.status_code == 303
    assert again.location == first.location == "/profiles/carlos"
    assert count(app, Evaluation) == 1


# --- what a key does not do --------------------------------------------


def test_a_failed_post_keeps_its_key_for_the_corrected_form(app, browser_as, rita):
    browser = browser_as(rita)
    fields = hidden_fields(browser, "/cleanings/new")
    refused = browser.post("/cleanings/new", {**JOB, **fields, "price": "-1"})
    assert refused.status_code == 422
    assert count(app, Cleaning) == 0
    # The form shown again carries the same key...
    assert fields["submission_key"] in refused.get_data(as_text=True)
    # ...which is still free, so the corrected form goes through, once.
    first = browser.post("/cleanings/new", {**JOB, **fields})
    again = browser.post("/cleanings/new", {**JOB, **fields})
    assert first.status_code == again.status_code == 303
    assert again.location == first.location
    assert count(app, Cleaning) == 1


def test_the_key_only_deduplicates_a_post_without_one_is_as_usual(
    app, browser_as, rita
):
    browser = browser_as(rita)
    hidden_fields(browser, "/cleanings/new")  # the form has one...
    for _ in range(2):  # ...but a post without it is handled as before
        assert browser.post("/cleanings/new", JOB).status_code == 303
    assert count(app, Cleaning) == 2


def test_a_key_from_another_browser_is_not_replayed(app, browser_as, rita):
    mine, other = browser_as(rita), browser_as(rita)
    form = {**JOB, **hidden_fields(mine, "/cleanings/new")}
    first = mine.post("/cleanings/new", form)
    elsewhere = other.post("/cleanings/new", {**form, "csrf_token": other.csrf_token()})
    assert first.status_code == elsewhere.status_code == 303
    assert elsewhere.location != first.location
    assert count(app, Cleaning) == 2


@pytest.mark.parametrize(
    "key",
    [
        "",
        "not-a-key",
        "8C9A1D0E-5F6B-4C7D-8E9F-0A1B2C3D4E5F",  # upper case
        "8c9a1d0e-5f6b-1c7d-8e9f-0a1b2c3d4e5f",  # not version 4
        "8c9a1d0e-5f6b-4c7d-8e9f-0a1b2c3d4e5f\x00",
        "x" * 5000,
    ],
)
def test_a_malformed_key_is_ignored(app, browser_as, rita, key):
    browser = browser_as(rita)
    good = hidden_fields(browser, "/cleanings/new")
    for _ in range(2):
        response = browser.post(
            "/cleanings/new", {**JOB, **good, "submission_key": key}
        )
        assert response.status_code == 303
    assert count(app, Cleaning) == 2  # handled as usual, not de-duplicated
    assert count(app, FormSubmission) == 0
    for _ in range(2):
        assert browser.post("/cleanings/new", {**JOB, **good}).status_code == 303
    assert count(app, Cleaning) == 3


def test_two_simultaneous_posts_with_one_key_make_one_job(
    app, browser_as, make_client, rita, monkeypatch
):
    """The second post waits for the first (on the key's primary key) and
    then answers with its redirect, in whichever worker it runs."""
    browser = browser_as(rita)
    form = {**JOB, **hidden_fields(browser, "/cleanings/new")}
    twin = share_cookies(make_client, browser)
    create = cleaning_services.create

    def slow_create(*args):
        time.sleep(0.3)  # so the other post arrives while this one runs
        return create(*args)

    monkeypatch.setattr(cleaning_services, "create", slow_create)
    answers = []
    start = threading.Barrier(2)

    def post(client):
        start.wait()
        answers.append(client.post("/cleanings/new", form))

    threads = [threading.Thread(target=post, args=(c,)) for c in (browser, twin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [303, 303]
    assert answers[0].location == answers[1].location
    assert count(app, Cleaning) == 1


def test_keys_older_than_a_day_are_forgotten(app, browser_as, rita):
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO form_submissions (key_hash, location, created_at) "
                "VALUES ('old', '/', now() - interval '25 hours')"
            )
        )
        db.session.commit()
    browser = browser_as(rita)
    form = {**JOB, **hidden_fields(browser, "/cleanings/new")}
    assert browser.post("/cleanings/new", form).status_code == 303
    with app.app_context():
        assert db.session.get(FormSubmission, "old") is None
