"""Generated hostile input (see tests/hostile.py) to every field of every
form and every query parameter of every page, by the user who may post it
and by others: never a 5xx, and whatever is refused (any 4xx, or a redirect
to the login page) leaves every table exactly as it was."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from cleaning_app.auth import tokens
from cleaning_app.extensions import db
from cleaning_app.feed import cursor
from cleaning_app.models import User

from .builders import BOOKING, PASSWORD, log_in, make_cleaning, make_offer, make_user
from .hostile import PROFILE, RIGHT_TOKEN, field_pairs, fingerprint, hidden_pairs

NEW_PASSWORD = "a brand new passphrase 🧽"
PRICES = ["25", "19.99", "$40", "0.01", "99999.99"]
JOB_FIELDS = {
    "name": ["Two-bedroom flat", "Studio"],
    "description": ["", "Kitchen\r\nand bathroom.\tPets."],
    "cleaning_type": ["dust_up", "spot_clean", "full_clean"],
    "price": PRICES,
    "date": [BOOKING["date"]],
    "start_time": ["09:00", "17:30", "07:15:00"],
    "hours": ["1", "2.5", "12"],
    "area": ["Camden", "Kentish Town"],
    "address": ["", "12 Baker Street, Flat 3"],
    "bedrooms": ["0", "2", "20"],
    "bathrooms": ["1", "3"],
}
RATING = ["1", "3", "5", ""]
# A well-formed feed cursor (any time will do).
CURSOR = cursor.encode(datetime(2030, 1, 1, tzinfo=UTC), 12)
NEXT = {"next": ["/cleanings", "/feed?limit=5", "//evil.example", "https://x.y/"]}


@dataclass
class Target:
    """A form (method POST) or a page (GET); `actors` lists who sends it,
    the one it is meant for first and most often."""

    name: str
    path: str | tuple[str, ...]
    actors: tuple
    fields: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    logs_in_or_out: bool = False
    # Whether a success changes what the next examples need (a deleted job,
    # an accepted offer, a new password), so the scene is put back.
    restores: bool = False

    def __str__(self):
        return self.name


OWNER = ("olive", "olive", "olive", "cleo", "anon")
CLEANER = ("cleo", "cleo", "cleo", "olive", "anon")
ANYONE = ("anon", "anon", "anon", "pat")
ACCOUNT = ("pat", "pat", "pat", "anon")
ADMIN = ("sam", "sam", "sam", "olive", "anon")

FORMS = [
    Target(
        "register",
        "/auth/register",
        ANYONE,
        {
            "email": ["new@example.com", "NEW@Example.COM", "olive@example.com"],
            "username": ["newbie", "Olive", "a-b_c"],
            "password": [PASSWORD, "password"],
        },
        NEXT,
        logs_in_or_out=True,
    ),
    Target(
        "register check",
        tuple(
            f"/auth/register/check/{name}" for name in ("email", "username", "password")
        ),
        ANYONE,
        {"email": ["new@example.com"], "username": ["newbie"], "password": [PASSWORD]},
    ),
    Target(
        "login",
        "/auth/login",
        ANYONE,
        {
            "login": ["olive", "OLIVE@example.com", " olive "],
            "password": [PASSWORD, "wrong password"],
            "remember": ["y", "on", ""],
        },
        NEXT,
        logs_in_or_out=True,
    ),
    Target("logout", "/auth/logout", ACCOUNT, logs_in_or_out=True),
    Target("verify resend", "/auth/verify/resend", ACCOUNT),
    Target("reset", "/auth/reset", ANYONE, {"email": ["rosa@example.com"]}),
    Target(
        "reset token",
        "/auth/reset/{reset_token}",
        ANYONE,
        {"new_password": [NEW_PASSWORD, "rosa1234"]},
        restores=True,
    ),
    Target(
        "password change",
        "/account/password",
        ACCOUNT,
        {"current_password": [PASSWORD], "new_password": [NEW_PASSWORD, "pat12345"]},
        restores=True,
    ),
    Target(
        "profile edit",
        "/profiles/me/edit",
        ACCOUNT,
        {
            "full_name": ["Pat Smith", ""],
            "phone_number": ["+1 (555) 010-0100", ""],
            "bio": ["Tidy.\r\nPunctual.", ""],
            "image": ["https://example.com/pat.png", ""],
        },
    ),
    Target("job new", "/cleanings/new", OWNER, JOB_FIELDS),
    Target("job edit", "/cleanings/{job_open}/edit", OWNER, JOB_FIELDS),
    Target("job delete", "/cleanings/{job_del}/delete", OWNER, restores=True),
    Target(
        "offer new",
        "/cleanings/{job_free}/offers",
        CLEANER,
        {"message": ["I'm free on Saturday.", ""]},
        restores=True,
    ),
    Target(
        "offer accept", "/cleanings/{job_open}/offers/cole/accept", OWNER, restores=True
    ),
    Target(
        "offer reject", "/cleanings/{job_open}/offers/cole/reject", OWNER, restores=True
    ),
    Target(
        "offer cancel", "/cleanings/{job_taken}/my-offer/cancel", CLEANER, restores=True
    ),
    Target(
        "offer rescind",
        "/cleanings/{job_open}/my-offer/rescind",
        CLEANER,
        restores=True,
    ),
    Target(
        "evaluation",
        "/cleanings/{job_taken}/evaluation",
        OWNER,
        {
            "overall_rating": RATING,
            "professionalism": RATING,
            "completeness": RATING,
            "efficiency": RATING,
            "no_show": ["y", ""],
            "headline": ["Spotless"],
            "comment": ["On time.\r\nThorough."],
        },
        restores=True,
    ),
    Target("admin deactivate", "/admin/users/tina/deactivate", ADMIN),
    Target("admin activate", "/admin/users/tina/activate", ADMIN),
]

PAGES = [
    Target(
        "listing",
        "/cleanings",
        ANYONE,
        query={
            "q": ["flat", "Flat "],
            "type": ["dust_up", "spot_clean", "full_clean", ""],
            "min_price": ["0", "10", "$5"],
            "max_price": PRICES,
            "sort": ["newest", "price_asc", "price_desc"],
            "page": ["1", "2", "10000"],
        },
    ),
    Target(
        "directory",
        "/cleaners",
        ANYONE,
        query={
            "area": ["cam", "Camden "],
            "type": ["dust_up", "full_clean", ""],
            "max_rate": PRICES,
            "min_rating": ["1", "5", ""],
            "day": ["mon", "sun"],
            "sort": ["rating", "jobs", "rate_asc", ""],
            "page": ["1", "2", "10000"],
        },
    ),
    Target(
        "feed",
        "/feed",
        ACCOUNT,
        query={"limit": ["1", "20", "50"], "before": [CURSOR]},
    ),
    Target("profile", "/profiles/olive", ANYONE, query={"page": ["1", "2"]}),
    Target("admin search", "/admin/users", ADMIN, query={"q": ["ti"], "page": ["1"]}),
    Target("login page", "/auth/login", ANYONE, query=NEXT),
    Target("register page", "/auth/register", ANYONE, query=NEXT),
    Target("landing", "/", ANYONE, query=NEXT),
]


class Scene:
    """Who and what the forms act on, the browsers logged in as each user,
    every table's fingerprint as it stands, and a way back to this state
    after a form did what it is for."""

    def __init__(self, app, make_client):
        self.app, self.make_client, self.browsers = app, make_client, {}
        names = ("olive", "cleo", "cole", "sam", "tina", "pat", "rosa")
        self.users = {
            name: make_user(app, name, is_superuser=name == "sam") for name in names
        }
        olive, cleo, cole = (self.users[name] for name in ("olive", "cleo", "cole"))
        self.jobs = {
            name: make_cleaning(app, olive, name="Flat", price="25")
            for name in ("job_open", "job_taken", "job_free", "job_del")
        }
        self.offers = [
            (self.jobs["job_open"], cleo, "pending"),
            (self.jobs["job_open"], cole, "pending"),
            (self.jobs["job_taken"], cleo, "accepted"),
        ]
        for job, cleaner, status in self.offers:
            make_offer(app, job, cleaner, status=status)
        with app.app_context():
            rosa = db.session.get(User, self.users["rosa"].id)
            reset_token = tokens.make_reset_token(rosa)
        self.names = {name: job.id for name, job in self.jobs.items()}
        self.names["reset_token"] = reset_token
        self.state = fingerprint(app)

    def url(self, path: str) -> str:
        return path.format(**self.names)

    def browser(self, actor: str):
        """The actor's browser, logged in (or not, for "anon"), with the
        CSRF token of its session."""
        if actor not in self.browsers:
            browser = self.make_client()
            if actor != "anon":
                log_in(browser, self.users[actor])
            self.browsers[actor] = (browser, browser.csrf_token())
            self.state = fingerprint(self.app)  # a login is a new session row
        return self.browsers[actor]

    def restore(self) -> None:
        """Put back the jobs, offers and passwords the forms act on, in one
        round trip (every user has the same password)."""
        jobs, offers = self.jobs.values(), list(zip(*self.offers, strict=True))
        with self.app.app_context():
            db.session.execute(
                text(RESTORE),
                {
                    "jobs": [job.id for job in jobs],
                    "owner": self.users["olive"].id,
                    "offer_jobs": [job.id for job in offers[0]],
                    "cleaners": [user.id for user in offers[1]],
                    "statuses": list(offers[2]),
                    "hash": self.users["olive"].password,
                },
            )
            db.session.commit()
        self.state = fingerprint(self.app)


RESTORE = """
DELETE FROM evaluations WHERE cleaning_id = ANY(:jobs);
DELETE FROM offers WHERE cleaning_id = ANY(:jobs);
INSERT INTO cleanings (id, name, price, owner_id)
SELECT id, 'Flat', 25, :owner FROM unnest(CAST(:jobs AS int[])) AS id
ON CONFLICT (id) DO UPDATE
SET name = 'Flat', description = '', cleaning_type = 'spot_clean', price = 25;
INSERT INTO offers (cleaning_id, user_id, status)
SELECT * FROM unnest(
    CAST(:offer_jobs AS int[]), CAST(:cleaners AS int[]), CAST(:statuses AS text[])
);
UPDATE users SET password = :hash, is_active = true
WHERE password <> :hash OR NOT is_active;
"""


@pytest.fixture
def scene(app, make_client):
    return Scene(app, make_client)


def acted(response) -> bool:
    """A success: the form did what it is for (or replayed its first answer)."""
    return response.status_code < 300 or response.status_code == 303


def explain(response, caplog) -> str:
    errors = [r for r in caplog.records if r.exc_text or r.exc_info]
    last = errors[-1] if errors else None
    trace = "" if last is None else (last.exc_text or "").splitlines()[-3:]
    return f"{response.status_code} {response.request.url[:300]!r} {trace}"


def send(scene, target, data, method):
    """Draw one request and send it."""
    actor = data.draw(st.sampled_from(target.actors), label="actor")
    browser, token = scene.browser(actor)
    paths = target.path if isinstance(target.path, tuple) else (target.path,)
    url = scene.url(data.draw(st.sampled_from(paths), label="path"))
    query = data.draw(field_pairs(target.query, ["limit", "page"]), label="query")
    headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
    form = []
    if method == "POST":
        form = data.draw(field_pairs(target.fields, ["owner_id"]), label="form")
        hidden = data.draw(hidden_pairs, label="hidden")
        form += [(k, token if v == RIGHT_TOKEN else v) for k, v in hidden]
    response = browser.raw.open(
        url, method=method, query_string=query, data=MultiDict(form), headers=headers
    )
    return actor, response


@pytest.mark.parametrize("target", FORMS, ids=str)
@PROFILE
@given(data=st.data())
def test_no_form_input_is_a_500_and_a_refusal_writes_nothing(
    app, scene, caplog, target, data
):
    actor, response = send(scene, target, data, "POST")
    assert response.status_code < 500, explain(response, caplog)
    before, scene.state = scene.state, fingerprint(app)
    if not acted(response):
        assert scene.state == before, explain(response, caplog)
        return
    if target.logs_in_or_out:
        scene.browsers.pop(actor, None)
    if target.restores:
        scene.restore()


@pytest.mark.parametrize("target", PAGES, ids=str)
@PROFILE
@given(data=st.data())
def test_no_query_is_a_500_and_a_page_writes_nothing(app, scene, caplog, target, data):
    _, response = send(scene, target, data, "GET")
    assert response.status_code < 500, explain(response, caplog)
    assert fingerprint(app) == scene.state, explain(response, caplog)
