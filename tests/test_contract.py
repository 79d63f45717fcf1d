"""The CONTRACT read line by line, checked through HTTP where the other test
files leave gaps: every redirect's Location, every login-only route, every
POST without a CSRF token, odd prices, control characters in every text
field and query parameter, and who may see phone numbers and emails."""

import pytest
from sqlalchemy import func, select

from cleaning_app.auth import tokens
from cleaning_app.extensions import db
from cleaning_app.models import Cleaning, Evaluation, Offer, User

from .builders import (
    BOOKING,
    PASSWORD,
    body,
    count,
    followed,
    log_in,
    make_cleaning,
    make_offer,
    make_user,
)

NEW_PASSWORD = "a brand new passphrase 42"
EMAIL_TAKEN = (
    "That email is already taken. Login with that email or register with another one."
)
USERNAME_TAKEN = "That username is already taken. Please try another one."


def offer_statuses(app) -> list[tuple[int, int, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Offer.cleaning_id, Offer.user_id, Offer.status).order_by(
                Offer.cleaning_id, Offer.user_id
            )
        )
        return [tuple(row) for row in rows]


def snapshot(app) -> tuple:
    """Everything a POST could change, to prove that one changed nothing."""
    with app.app_context():
        users = db.session.execute(
            select(User.id, User.password, User.is_active, User.email_verified)
        ).all()
        jobs = db.session.execute(
            select(Cleaning.id, Cleaning.name, Cleaning.price, Cleaning.updated_at)
        ).all()
        evaluations = db.session.scalar(select(func.count()).select_from(Evaluation))
    return (sorted(users), sorted(jobs), offer_statuses(app), evaluations)


@pytest.fixture
def rita(app):
    """The shared cast's rita, who here also runs the site (the admin rows)."""
    return make_user(app, "rita", full_name="Rita Reyes", is_superuser=True)


# ------------------------------------------------------------- redirects


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("", "/"),
        ("?next=/cleanings/mine", "/cleanings/mine"),
        ("?next=//evil.example", "/"),
        ("?next=https://evil.example/", "/"),
        ("?next=/%5Cevil.example", "/"),
        ("?next=javascript:alert(1)", "/"),
    ],
)
def test_register_redirects_home_or_to_a_safe_next(client, query, target):
    data = {"email": "nina@example.com", "username": "nina", "password": PASSWORD}
    response = client.post(f"/auth/register{query}", data)
    assert response.status_code == 303
    assert response.location == target


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("", "/cleanings"),
        ("?next=/feed", "/feed"),
        ("?next=/cleanings?q=oven%26type=dust_up", "/cleanings?q=oven&type=dust_up"),
        ("?next=//evil.example", "/cleanings"),
        ("?next=http://evil.example", "/cleanings"),
        ("?next=/%5C/evil.example", "/cleanings"),
        ("?next=%20/feed", "/cleanings"),
        ("?next=/%09/evil.example", "/cleanings"),
    ],
)
def test_login_redirects_to_cleanings_or_a_safe_next(client, carlos, query, target):
    response = client.post(
        f"/auth/login{query}", {"login": "carlos", "password": PASSWORD}
    )
    assert response.status_code == 303
    assert response.location == target


def test_a_logged_in_visitor_of_register_goes_home(cleaner):
    response = cleaner.get("/auth/register")
    assert response.status_code in (302, 303)
    assert response.location == "/"


def test_logout_redirects_home(cleaner):
    response = cleaner.post("/auth/logout")
    assert (response.status_code, response.location) == (303, "/")


def test_job_posting_editing_and_deleting_redirect_as_promised(app, owner):
    data = {"name": "Oven", "price": "30", "cleaning_type": "dust_up", **BOOKING}
    response = owner.post("/cleanings/new", data)
    (new_id,) = [c.id for c in _all_jobs(app)]
    assert (response.status_code, response.location) == (303, f"/cleanings/{new_id}")
    response = owner.post(f"/cleanings/{new_id}/edit", {**data, "name": "Oven too"})
    assert (response.status_code, response.location) == (303, f"/cleanings/{new_id}")
    response = owner.post(f"/cleanings/{new_id}/delete")
    assert (response.status_code, response.location) == (303, "/cleanings/mine")


def _all_jobs(app):
    with app.app_context():
        return list(db.session.scalars(select(Cleaning)))


def test_evaluation_redirects_to_the_cleaners_profile(app, owner, job, carlos):
    make_offer(app, job, carlos, status="accepted")
    response = owner.post(f"/cleanings/{job.id}/evaluation", {"overall_rating": "4"})
    assert (response.status_code, response.location) == (303, "/profiles/carlos")


@pytest.mark.parametrize("action", ["deactivate", "activate"])
def test_admin_actions_redirect_to_the_list(owner, carlos, action):
    response = owner.post(f"/admin/users/carlos/{action}")
    assert (response.status_code, response.location) == (303, "/admin/users")


def test_password_change_redirects_back_to_the_form(cleaner):
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    response = cleaner.post("/account/password", data)
    assert (response.status_code, response.location) == (303, "/account/password")


def test_reset_redirects_to_the_notice_then_to_login(app, client, carlos):
    response = client.post("/auth/reset", {"email": "carlos@example.com"})
    assert response.status_code == 303
    notice = client.get(response.location)
    assert "If that address has an account, an email is on its way" in body(notice)
    unknown = client.post("/auth/reset", {"email": "nobody@example.com"})
    assert (unknown.status_code, unknown.location) == (303, response.location)
    with app.app_context():
        token = tokens.make_reset_token(db.session.get(User, carlos.id))
    response = client.post(f"/auth/reset/{token}", {"new_password": NEW_PASSWORD})
    assert (response.status_code, response.location) == (303, "/auth/login")


def test_verify_link_redirects_home(app, client, carlos):
    with app.app_context():
        token = tokens.make_verify_token(db.session.get(User, carlos.id))
    response = client.get(f"/auth/verify/{token}")
    assert (response.status_code, response.location) == (303, "/")


# ------------------------------------------------------ login-only routes

LOGIN_ONLY = [
    ("POST", "/auth/logout"),
    ("POST", "/auth/verify/resend"),
    ("GET", "/account/password"),
    ("POST", "/account/password"),
    ("GET", "/cleanings/mine"),
    ("GET", "/cleanings/new"),
    ("POST", "/cleanings/new"),
    ("GET", "/cleanings/{id}/edit"),
    ("POST", "/cleanings/{id}/edit"),
    ("GET", "/cleanings/{id}/delete"),
    ("POST", "/cleanings/{id}/delete"),
    ("GET", "/cleanings/{id}/offers"),
    ("POST", "/cleanings/{id}/offers"),
    ("POST", "/cleanings/{id}/offers/carlos/accept"),
    ("POST", "/cleanings/{id}/offers/carlos/reject"),
    ("POST", "/cleanings/{id}/my-offer/cancel"),
    ("POST", "/cleanings/{id}/my-offer/rescind"),
    ("GET", "/offers/mine"),
    ("GET", "/cleanings/{id}/evaluation"),
    ("POST", "/cleanings/{id}/evaluation"),
    ("GET", "/profiles/me/edit"),
    ("POST", "/profiles/me/edit"),
    ("GET", "/feed"),
    ("GET", "/admin/users"),
    ("POST", "/admin/users/carlos/deactivate"),
    ("POST", "/admin/users/carlos/activate"),
]


@pytest.mark.parametrize(("method", "path"), LOGIN_ONLY)
def test_anonymous_visitors_are_sent_to_login(app, client, job, carlos, method, path):
    path = path.format(id=job.id)
    before = snapshot(app)
    send = client.get if method == "GET" else client.post
    response = send(path)
    assert response.status_code in (302, 303)
    assert response.location == f"/auth/login?next={path}"
    response = client.htmx(method.lower(), path)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == f"/auth/login?next={path}"
    assert snapshot(app) == before


# ------------------------------------------------------------------ CSRF

CSRF_POSTS = [
    (
        "/auth/register",
        {"email": "n@example.com", "username": "nn", "password": PASSWORD},
    ),
    ("/auth/login", {"login": "carlos", "password": PASSWORD}),
    ("/auth/logout", {}),
    ("/auth/verify/resend", {}),
    ("/auth/reset", {"email": "carlos@example.com"}),
    ("/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
    ("/profiles/me/edit", {"full_name": "Changed"}),
    ("/cleanings/new", {"name": "New", "price": "20", **BOOKING}),
    ("/cleanings/{id}/edit", {"name": "Changed", "price": "20", **BOOKING}),
    ("/cleanings/{id}/delete", {}),
    ("/cleanings/{other}/offers", {"message": "hi"}),
    ("/cleanings/{id}/offers/carlos/accept", {}),
    ("/cleanings/{id}/offers/carlos/reject", {}),
    ("/cleanings/{accepted}/my-offer/cancel", {}),
    ("/cleanings/{pending}/my-offer/rescind", {}),
    ("/cleanings/{accepted}/evaluation", {"overall_rating": "5"}),
    ("/admin/users/carlos/deactivate", {}),
]


@pytest.mark.parametrize(("path", "data"), CSRF_POSTS, ids=[p for p, _ in CSRF_POSTS])
def test_a_post_without_csrf_is_400_and_changes_nothing(app, browser_as, path, data):
    rita = make_user(app, "rita", is_superuser=True)
    carlos = make_user(app, "carlos", email="carlos@example.com")
    mine = make_cleaning(app, rita)
    other = make_cleaning(app, carlos)
    accepted = make_cleaning(app, rita)
    make_offer(app, mine, carlos)
    make_offer(app, accepted, carlos, status="accepted")
    path = path.format(
        id=mine.id, other=other.id, accepted=accepted.id, pending=mine.id
    )
    user = carlos if ("my-offer" in path or "/auth/" in path) else rita
    c = browser_as(user)
    before = snapshot(app)
    for headers in ({}, {"HX-Request": "true"}):
        response = c.post(path, data, csrf=False, headers=headers)
        assert response.status_code == 400, path
        response = c.post(path, {**data, "csrf_token": "forged"}, csrf=False)
        assert response.status_code == 400, path
    assert snapshot(app) == before
    assert c.get("/account/password").status_code == 200  # still logged in


# ------------------------------------------------------------- job fields


def test_cleaning_type_defaults_to_spot_clean_when_left_out(app, owner, job):
    posted = owner.post("/cleanings/new", {"name": "No type", "price": "20", **BOOKING})
    edited = owner.post(
        f"/cleanings/{job.id}/edit", {"name": "Edited", "price": "20", **BOOKING}
    )
    assert "Spot Clean" in followed(owner, posted)
    assert "Spot Clean" in followed(owner, edited)
    assert {c.cleaning_type for c in _all_jobs(app)} == {"spot_clean"}


@pytest.mark.parametrize(
    ("price", "status", "stored"),
    [
        ("0.01", 303, "0.01"),
        ("99999.99", 303, "99999.99"),
        (" 12 ", 303, "12.00"),
        ("12.", 303, "12.00"),
        (".5", 303, "0.50"),
        ("0.001", 422, None),
        ("100000", 422, None),
        ("100000.00", 422, None),
        ("0", 422, None),
        ("0.00", 422, None),
        ("-5", 422, None),
        ("1e2", 422, None),
        ("NaN", 422, None),
        ("Infinity", 422, None),
        ("12.345", 422, None),
        ("", 422, None),
        ("1" * 400, 422, None),
        ("١٢", 422, None),
        ("12\x00", 422, None),
    ],
)
def test_price_edge_cases(app, owner, price, status, stored):
    response = owner.post(
        "/cleanings/new", {"name": "Priced", "price": price, **BOOKING}
    )
    assert response.status_code == status, body(response)
    prices = [str(c.price) for c in _all_jobs(app)]
    assert prices == ([stored] if stored else [])


# ----------------------------------------------------- control characters

FORMS = [
    (
        "/auth/register",
        {"email": "n@example.com", "username": "nina", "password": PASSWORD},
    ),
    ("/auth/login", {"login": "carlos", "password": PASSWORD}),
    ("/auth/reset", {"email": "carlos@example.com"}),
    ("/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
    (
        "/profiles/me/edit",
        {
            "full_name": "R",
            "phone_number": "555",
            "bio": "b",
            "image": "https://x.example/a.png",
        },
    ),
    (
        "/cleanings/new",
        {
            "name": "N",
            "description": "d",
            "price": "20",
            "cleaning_type": "dust_up",
            **BOOKING,
        },
    ),
    (
        "/cleanings/{id}/edit",
        {
            "name": "N",
            "description": "d",
            "price": "20",
            "cleaning_type": "dust_up",
            **BOOKING,
        },
    ),
    ("/cleanings/{other}/offers", {"message": "hello"}),
    (
        "/cleanings/{accepted}/evaluation",
        {"overall_rating": "5", "headline": "h", "comment": "c"},
    ),
]
CONTROL = ["\x00", "\x07", "\x1b", "\x7f", "\x85"]
FIELD_CASES = [
    (path, data, field)
    for path, data in FORMS
    for field in data
    if field not in ("overall_rating",)
]


@pytest.mark.parametrize(
    ("path", "data", "field"), FIELD_CASES, ids=[f"{p}:{f}" for p, _, f in FIELD_CASES]
)
def test_control_characters_in_every_text_field_are_422(
    app, make_client, path, data, field
):
    rita = make_user(app, "rita")
    carlos = make_user(app, "carlos", email="carlos@example.com")
    mine, accepted = make_cleaning(app, rita), make_cleaning(app, rita)
    other = make_cleaning(app, carlos)
    make_offer(app, accepted, carlos, status="accepted")
    path = path.format(id=mine.id, other=other.id, accepted=accepted.id)
    c = make_client()
    if "/auth/" not in path:
        log_in(c, rita)
    before = snapshot(app)
    # Inside and at the end: trimming must not quietly remove the character.
    for value in [f"ab{char}cd" for char in CONTROL] + [f"ab{ch}" for ch in CONTROL]:
        response = c.post(path, {**data, field: value})
        assert response.status_code == 422, (field, repr(value), response.status_code)
    assert snapshot(app) == before


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/cleanings", "q"),
        ("/cleanings", "type"),
        ("/cleanings", "sort"),
        ("/cleanings", "page"),
        ("/cleanings", "min_price"),
        ("/cleanings", "max_price"),
        ("/feed", "before"),
        ("/feed", "limit"),
        ("/admin/users", "q"),
        ("/admin/users", "page"),
        ("/profiles/rita", "page"),
    ],
)
def test_control_characters_in_query_parameters_are_422(owner, path, param):
    for char in CONTROL:
        response = owner.get(path, query_string={param: f"ab{char}cd"})
        assert response.status_code == 422, (param, repr(char))


@pytest.mark.parametrize(
    "path",
    [
        "/profiles/ri%00ta",
        "/profiles/ri%1bta",
        "/cleanings/{id}/offers/car%00los/accept",
        "/cleanings/{id}/offers/car%07los/reject",
        "/admin/users/car%00los/deactivate",
        "/admin/users/car%1blos/activate",
    ],
)
def test_control_characters_in_path_usernames_are_404(app, owner, job, carlos, path):
    make_offer(app, job, carlos)
    path = path.format(id=job.id)
    send = owner.get if path.startswith("/profiles") else owner.post
    assert send(path).status_code == 404
    assert offer_statuses(app) == [(job.id, carlos.id, "pending")]


def test_multiline_fields_keep_tabs_and_newlines(app, owner):
    data = {"name": "Tabs", "description": "a\tb\r\nc\nd", "price": "20", **BOOKING}
    page = followed(owner, owner.post("/cleanings/new", data))
    assert "a\tb" in page and "c\nd" in page
    assert owner.post("/cleanings/new", {**data, "name": "a\tb"}).status_code == 422


# ------------------------------------------------------------- body size


@pytest.mark.parametrize("path", ["/auth/login", "/cleanings/new", "/profiles/me/edit"])
def test_a_body_over_one_mebibyte_is_413(app, owner, path):
    response = owner.post(path, {"name": "x" * (1024 * 1024 + 1), "price": "20"})
    assert response.status_code == 413
    assert count(app, Cleaning) == 0


# ------------------------------------------------------- field rules, edges

LIMITS = [
    # (path, base data, field, longest good value, first bad value)
    ("/cleanings/new", {"price": "20", **BOOKING}, "name", "n" * 120, "n" * 121),
    (
        "/cleanings/new",
        {"name": "N", "price": "20", **BOOKING},
        "description",
        "d" * 4000,
        "d" * 4001,
    ),
    ("/profiles/me/edit", {}, "full_name", "f" * 100, "f" * 101),
    ("/profiles/me/edit", {}, "phone_number", "+1 (555) 010-12" + "3" * 15, "1" * 31),
    ("/profiles/me/edit", {}, "phone_number", "+44 20 7946 0958", "555-CALL"),
    ("/profiles/me/edit", {}, "bio", "b" * 2000, "b" * 2001),
    (
        "/profiles/me/edit",
        {},
        "image",
        "https://img.example/a.png",
        "javascript:alert(1)",
    ),
    (
        "/profiles/me/edit",
        {},
        "image",
        "http://img.example/a.png",
        "ftp://img.example/a",
    ),
    ("/profiles/me/edit", {}, "image", "https://img.example/a.png", "/relative.png"),
    ("/cleanings/{other}/offers", {}, "message", "m" * 1000, "m" * 1001),
    (
        "/cleanings/{accepted}/evaluation",
        {"overall_rating": "3"},
        "headline",
        "h" * 120,
        "h" * 121,
    ),
    (
        "/cleanings/{accepted}/evaluation",
        {"overall_rating": "3"},
        "comment",
        "c" * 4000,
        "c" * 4001,
    ),
    ("/cleanings/{accepted}/evaluation", {}, "overall_rating", "5", "6"),
    ("/cleanings/{accepted}/evaluation", {}, "overall_rating", "1", "0"),
    (
        "/cleanings/{accepted}/evaluation",
        {"overall_rating": "3"},
        "efficiency",
        "1",
        "3.5",
    ),
    (
        "/cleanings/new",
        {"name": "N", "price": "20", **BOOKING},
        "cleaning_type",
        "full_clean",
        "deep_clean",
    ),
]


@pytest.mark.parametrize(
    ("path", "data", "field", "good", "bad"),
    LIMITS,
    ids=[f"{p}:{f}:{b[:12]}" for p, _, f, _, b in LIMITS],
)
def test_field_rules_at_their_edges(app, browser_as, path, data, field, good, bad):
    rita = make_user(app, "rita")
    carlos = make_user(app, "carlos")
    accepted, other = make_cleaning(app, rita), make_cleaning(app, carlos)
    make_offer(app, accepted, carlos, status="accepted")
    path = path.format(other=other.id, accepted=accepted.id)
    c = browser_as(rita)
    before = snapshot(app)
    response = c.post(path, {**data, field: bad})
    assert response.status_code == 422
    assert snapshot(app) == before
    assert c.post(path, {**data, field: good}).status_code == 303


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "ab"),
        ("username", "a" * 33),
        ("username", "ünïcode"),
        ("username", "with space"),
        ("username", "dot.name"),
        ("email", "not-an-email"),
        ("email", "a@b"),
        ("password", "short7!"),
        ("password", "p" * 129),
        ("password", "password123"),
        ("password", "ninanina-2024"),
    ],
)
def test_registration_rules_are_422_and_never_echo_the_password(
    app, client, field, value
):
    data = {"email": "nina@example.com", "username": "nina", "password": PASSWORD}
    response = client.post("/auth/register", {**data, field: value})
    assert response.status_code == 422
    assert count(app, User) == 0
    assert PASSWORD not in body(response)
    if field == "password":
        assert value not in body(response)


@pytest.mark.parametrize("password", ["x" * 8 + " 🧽 emoji", "s" * 120 + "1234567!"])
def test_any_printable_password_of_8_to_128_characters_is_fine(app, client, password):
    data = {"email": "nina@example.com", "username": "nina", "password": password}
    assert client.post("/auth/register", data).status_code == 303
    assert client.post("/auth/logout").status_code == 303
    login = {"login": "NINA@example.com", "password": password}
    assert "@nina" in followed(client, client.post("/auth/login", login))


@pytest.mark.parametrize(
    ("email", "username", "message"),
    [
        (
            "CARLOS@Example.com",
            "other",
            EMAIL_TAKEN,
        ),
        (
            "new@example.com",
            "CARLOS",
            USERNAME_TAKEN,
        ),
        (
            "carlos@example.com",
            "Carlos",
            EMAIL_TAKEN,
        ),
    ],
)
def test_taken_email_or_username_is_400_ignoring_case(
    app, client, carlos, email, username, message
):
    data = {"email": email, "username": username, "password": PASSWORD}
    response = client.post("/auth/register", data)
    assert response.status_code == 400
    assert message in body(response).replace("&#39;", "'")
    assert count(app, User) == 1


@pytest.mark.parametrize(
    "query",
    [
        "type=deep_clean",
        "sort=cheapest",
        "page=0",
        "page=-1",
        "page=abc",
        "page=99999999999999999999",
        "min_price=abc",
        "max_price=-1",
        "min_price=1e3",
    ],
)
def test_bad_listing_filters_are_422_on_the_filter_form(client, query):
    response = client.get(f"/cleanings?{query}")
    assert response.status_code == 422
    assert 'class="filters' in body(response) or "<form" in body(response)


@pytest.mark.parametrize(
    "limit", ["0", "51", "abc", "1.5", "-1", "99999999999999999999"]
)
def test_feed_limit_outside_1_to_50_is_422(cleaner, limit):
    assert cleaner.get(f"/feed?limit={limit}").status_code == 422


@pytest.mark.parametrize("limit", ["1", "50"])
def test_feed_limit_inside_1_to_50_is_fine(cleaner, limit):
    assert cleaner.get(f"/feed?limit={limit}").status_code == 200


@pytest.mark.parametrize("before", ["", "abc", "AAAA", "%FF", "MTIz", "x" * 500])
def test_a_bad_feed_cursor_is_422(cleaner, before):
    assert cleaner.get(f"/feed?before={before}").status_code == 422


def test_boosted_requests_get_the_whole_page(client):
    for path in ("/cleanings", "/auth/login", "/nowhere"):
        response = client.htmx("get", path, boosted=True)
        assert "<html" in body(response), path


@pytest.mark.parametrize("who", ["unknown", "wrong", "deactivated"])
def test_every_bad_login_is_the_same_401(app, client, carlos, who):
    if who == "deactivated":
        make_user(app, "dora", is_active=False)
    login, password = {
        "unknown": ("nobody", PASSWORD),
        "wrong": ("carlos", "not the password"),
        "deactivated": ("dora", PASSWORD),
    }[who]
    response = client.post("/auth/login", {"login": login, "password": password})
    assert response.status_code == 401
    assert "Incorrect username/email or password." in body(response)
    assert password not in body(response)


def test_no_offers_on_a_deactivated_owners_job(app, owner, browser_as, carlos):
    dora = make_user(app, "dora")
    job = make_cleaning(app, dora)
    assert owner.post("/admin/users/dora/deactivate").status_code == 303
    c = browser_as(carlos)
    assert "Offer to clean</h2>" not in body(c.get(f"/cleanings/{job.id}"))
    response = c.post(f"/cleanings/{job.id}/offers", {"message": "hello"})
    assert response.status_code == 400
    assert "deactivated their account" in body(response)
    assert count(app, Offer) == 0
    assert owner.post("/admin/users/dora/activate").status_code == 303
    assert "Offer to clean</h2>" in body(c.get(f"/cleanings/{job.id}"))
    assert c.post(f"/cleanings/{job.id}/offers", {}).status_code == 303
