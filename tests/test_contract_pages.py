"""The CONTRACT's promises about what pages show and send: phone numbers and
emails only where allowed, Vary on every page that htmx gets in part,
security headers and cookie flags on every kind of response, and the delete
rule for a job's offers."""

import logging
import re

import pytest
from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import Offer

from .builders import (
    PASSWORD,
    body,
    log_in,
    make_activity,
    make_cleaning,
    make_evaluation,
    make_offer,
    make_user,
)

RITA_PHONE, CARLOS_PHONE, DANA_PHONE = "555-0101", "555-0202", "555-0303"
SECRETS = {
    "rita": ["rita@example.com", RITA_PHONE],
    "carlos": ["carlos@example.com", CARLOS_PHONE],
    "dana": ["dana@example.com", DANA_PHONE],
}


@pytest.fixture
def people(app):
    return {
        name: make_user(app, name, email=email, phone_number=phone)
        for name, (email, phone) in SECRETS.items()
    }


@pytest.fixture
def market(app, people):
    """rita's jobs: one with carlos accepted (dana rejected), one completed
    and rated, one open with a pending offer from carlos."""
    rita, carlos, dana = people["rita"], people["carlos"], people["dana"]
    accepted = make_cleaning(app, rita, name="Accepted job")
    make_offer(app, accepted, carlos, status="accepted", message="I can come")
    make_offer(app, accepted, dana, status="rejected")
    done = make_cleaning(app, rita, name="Done job")
    make_evaluation(app, done, carlos, 5, headline="Great")
    open_job = make_cleaning(app, rita, name="Open job")
    make_offer(app, open_job, carlos)
    for job in (accepted, done, open_job):
        make_activity(app, rita, job)
    make_activity(app, rita, accepted, kind="offer_accepted")
    return {"accepted": accepted, "done": done, "open": open_job}


def pages(market) -> list[str]:
    ids = [market[k].id for k in ("accepted", "done", "open")]
    return [
        "/",
        "/cleanings",
        "/feed",
        "/offers/mine",
        "/cleanings/mine",
        "/profiles/rita",
        "/profiles/carlos",
        "/profiles/dana",
        *[f"/cleanings/{i}" for i in ids],
        *[f"/cleanings/{i}/offers" for i in ids],
        *[f"/cleanings/{i}/evaluation" for i in ids],
    ]


def seen(client, market) -> str:
    texts = []
    for path in pages(market):
        texts.append(body(client.get(path)))
        texts.append(body(client.htmx("get", path)))
    return "\n".join(texts)


def visitor(make_client, who):
    c = make_client()
    if who != "anonymous":
        log_in(c, who)
    return c


@pytest.mark.parametrize("who", ["anonymous", "stranger"])
def test_strangers_never_see_an_email_or_phone_number(app, make_client, market, who):
    if who == "stranger":
        make_user(app, "stranger", phone_number="555-0909")
    text = seen(visitor(make_client, who), market)
    assert "@carlos" in text and "Accepted job" in text  # the people are shown
    for secret in sum(SECRETS.values(), []):
        assert secret not in text


def test_the_rejected_cleaner_sees_nobody_elses_contact(make_client, market):
    text = seen(visitor(make_client, "dana"), market)
    assert "@carlos" in text and "@rita" in text
    for secret in SECRETS["rita"] + SECRETS["carlos"]:
        assert secret not in text


def test_the_accepted_pair_see_each_others_phone_but_never_email(make_client, market):
    rita, carlos = visitor(make_client, "rita"), visitor(make_client, "carlos")
    for path in (
        f"/cleanings/{market['accepted'].id}",
        f"/cleanings/{market['done'].id}",
    ):
        assert CARLOS_PHONE in body(rita.get(path))
        assert RITA_PHONE in body(carlos.get(path))
    everything_rita_sees = seen(rita, market)
    everything_carlos_sees = seen(carlos, market)
    assert "carlos@example.com" not in everything_rita_sees
    assert "rita@example.com" not in everything_carlos_sees
    for secret in SECRETS["dana"]:
        assert secret not in everything_rita_sees
        assert secret not in everything_carlos_sees


def test_a_pending_offer_shares_no_phone_numbers(make_client, market):
    rita, carlos = visitor(make_client, "rita"), visitor(make_client, "carlos")
    open_id = market["open"].id
    for path in (f"/cleanings/{open_id}", f"/cleanings/{open_id}/offers"):
        assert 'data-offer="carlos" data-status="pending"' in body(rita.get(path))
        assert CARLOS_PHONE not in body(rita.get(path))
        assert CARLOS_PHONE not in body(rita.htmx("get", path))
    assert RITA_PHONE not in body(carlos.get(f"/cleanings/{open_id}"))


# ------------------------------------------------------------ Vary header


def test_every_page_that_htmx_gets_in_part_says_vary(make_client, market, people):
    rita = visitor(make_client, "rita")
    paths = pages(market) + [
        "/auth/login",
        "/auth/register",
        "/auth/reset",
        "/account/password",
        "/profiles/me/edit",
        "/cleanings/new",
        f"/cleanings/{market['open'].id}/edit",
        f"/cleanings/{market['open'].id}/delete",
        "/cleanings?q=%00",
        "/feed?limit=0",
        "/nowhere",
    ]
    differ = []
    for path in paths:
        page, fragment = rita.get(path), rita.htmx("get", path)
        if body(page) != body(fragment):
            differ.append(path)
            assert "HX-Request" in page.headers.get("Vary", ""), path
            assert "HX-Request" in fragment.headers.get("Vary", ""), path
    assert "/cleanings" in differ and "/feed" in differ


def test_failed_posts_that_answer_a_fragment_say_vary(make_client, market):
    rita = visitor(make_client, "rita")
    response = rita.post("/cleanings/new", {"name": "", "price": "x"})
    fragment = rita.htmx("post", "/cleanings/new", {"name": "", "price": "x"})
    assert (response.status_code, fragment.status_code) == (422, 422)
    assert body(response) != body(fragment)
    assert "HX-Request" in response.headers["Vary"]
    assert "HX-Request" in fragment.headers["Vary"]


# ------------------------------------------------- headers on every response


def kinds_of_response(client, rita):
    yield client.get("/static/css/phresh.css")
    yield client.get("/healthz")
    yield client.get("/nowhere")
    yield client.raw.put("/cleanings")
    yield client.post("/auth/login", {"login": "rita", "password": "wrong one!"})
    yield client.post("/auth/login", {"login": ""})
    yield client.post("/auth/logout", csrf=False)
    yield client.get("/feed")
    yield client.htmx("get", "/feed")
    yield client.post("/auth/login", {"login": "x" * (1024 * 1024 + 1)})
    yield log_in(client, rita)
    yield client.get("/cleanings/999999/edit")


def test_every_kind_of_response_carries_the_security_headers(client, people):
    statuses = set()
    for response in kinds_of_response(client, people["rita"]):
        statuses.add(response.status_code)
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-eval" not in csp and "unsafe-inline" not in csp
        assert "script-src 'self'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        response.close()
    assert {200, 302, 303, 400, 401, 404, 405, 413, 422} <= statuses


def test_session_and_remember_cookies_are_httponly_and_lax(client, people):
    response = client.post(
        "/auth/login", {"login": "rita", "password": PASSWORD, "remember": "y"}
    )
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) >= 2
    for cookie in cookies:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Secure" not in cookie  # plain-http set-up


# -------------------------------------------------------------- delete rule


def test_deleting_a_job_takes_its_pending_rejected_and_cancelled_offers(
    app, make_client, people
):
    rita, carlos, dana = people["rita"], people["carlos"], people["dana"]
    job = make_cleaning(app, rita)
    make_offer(app, job, carlos, status="rejected")
    make_offer(app, job, dana, status="cancelled")
    make_offer(app, job, make_user(app, "eve"))
    kept = make_cleaning(app, rita)
    make_offer(app, kept, carlos)
    owner = visitor(make_client, "rita")
    response = owner.post(f"/cleanings/{job.id}/delete")
    assert (response.status_code, response.location) == (303, "/cleanings/mine")
    with app.app_context():
        left = db.session.execute(select(Offer.cleaning_id, Offer.status)).all()
    assert left == [(kept.id, "pending")]
    assert owner.get(f"/cleanings/{job.id}").status_code == 404


@pytest.mark.parametrize("status", ["accepted", "completed"])
def test_a_taken_job_cannot_be_deleted(app, make_client, people, status):
    job = make_cleaning(app, people["rita"])
    make_offer(app, job, people["carlos"], status=status)
    make_offer(app, job, people["dana"], status="rejected")
    owner = visitor(make_client, "rita")
    for send in (owner.post, lambda url: owner.htmx("post", url)):
        response = send(f"/cleanings/{job.id}/delete")
        assert response.status_code == 400
        assert (
            "This job has an accepted or completed offer and can&#39;t be deleted."
            in body(response)
        )
    assert owner.get(f"/cleanings/{job.id}").status_code == 200
    with app.app_context():
        assert len(db.session.execute(select(Offer)).all()) == 2


# ------------------------------------------- no inline script, no passwords


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=", re.I)


def test_no_page_has_inline_script_style_or_handlers(make_client, market):
    for who in ("anonymous", "rita", "carlos"):
        c = visitor(make_client, who)
        for path in pages(market) + ["/auth/login", "/auth/register", "/nowhere"]:
            for response in (c.get(path), c.htmx("get", path)):
                match = INLINE.search(body(response))
                assert match is None, (who, path, match and match.group(0))


def test_passwords_are_never_logged_or_mailed(app, client, caplog, outbox):
    caplog.set_level(logging.DEBUG)
    first, second = "first secret passphrase 1", "second secret passphrase 2"
    data = {"email": "nina@example.com", "username": "nina", "password": first}
    assert client.post("/auth/register", data).status_code == 303
    wrong = {"login": "nina", "password": "wrong " + first}
    assert client.post("/auth/login", wrong).status_code == 401
    change = {"current_password": first, "new_password": second}
    assert client.post("/account/password", change).status_code == 303
    assert client.post("/auth/reset", {"email": "nina@example.com"}).status_code == 303
    mail = "\n".join(m.as_string() for m in outbox())
    # Both emails went out and were logged: there was something to leak.
    assert "Confirm your email" in mail and "Reset your Phresh password" in mail
    assert "Email to nina@example.com" in caplog.text
    for secret in (first, second):
        assert secret not in caplog.text and secret not in mail
