"""No input, however malformed, ever gets a 500: every route and method
with garbage in its path, odd bodies, cookies and headers. Generated
garbage in every form field and query parameter is test_hostile_input.py's."""

import pytest

from .builders import EVALUATION_FIELDS, log_in, make_cleaning, make_offer, make_user

PATH_IDS = ["0", "2147483648", "9223372036854775808", "99999999999999999999"]
PATH_NAMES = ["%00", "a%00b", "x" * 300, "%C3%BC", "%F0%9F%A7%BD", "..", "%1b", "me"]

BOOKING_FIELDS = [
    *("date", "start_time", "hours", "area", "address", "bedrooms", "bathrooms")
]
# (method, path template, field names); {id} is a job, {user} a username.
ROUTES = [
    ("GET", "/", ["next"]),
    ("GET", "/healthz", []),
    ("GET", "/readyz", []),
    ("GET", "/auth/register", ["next"]),
    ("POST", "/auth/register", ["email", "username", "password", "next"]),
    ("POST", "/auth/register/check/{field}", ["email", "username", "password"]),
    ("GET", "/auth/login", ["next"]),
    ("POST", "/auth/login", ["login", "password", "remember", "next"]),
    ("POST", "/auth/logout", []),
    ("GET", "/auth/verify/{token}", []),
    ("POST", "/auth/verify/resend", []),
    ("GET", "/auth/reset", []),
    ("POST", "/auth/reset", ["email"]),
    ("GET", "/auth/reset/sent", []),
    ("GET", "/auth/reset/{token}", []),
    ("POST", "/auth/reset/{token}", ["new_password"]),
    ("GET", "/account/password", []),
    ("POST", "/account/password", ["current_password", "new_password"]),
    ("GET", "/profiles/{user}", ["page"]),
    ("GET", "/profiles/me/edit", []),
    ("POST", "/profiles/me/edit", ["full_name", "phone_number", "bio", "image"]),
    (
        "GET",
        "/cleanings",
        ["q", "type", "min_price", "max_price", "sort", "page", "limit"],
    ),
    ("GET", "/cleanings/mine", []),
    ("GET", "/cleanings/new", []),
    (
        "POST",
        "/cleanings/new",
        ["name", "description", "cleaning_type", "price", *BOOKING_FIELDS],
    ),
    ("POST", "/cleanings/check/{field}", BOOKING_FIELDS),
    ("POST", "/cleanings/{id}/check/{field}", BOOKING_FIELDS),
    ("GET", "/cleanings/{id}", []),
    ("GET", "/cleanings/{id}/edit", []),
    (
        "POST",
        "/cleanings/{id}/edit",
        ["name", "description", "cleaning_type", "price", *BOOKING_FIELDS],
    ),
    ("GET", "/cleanings/{id}/delete", []),
    ("POST", "/cleanings/{id}/delete", []),
    ("GET", "/cleanings/{id}/offers", []),
    ("POST", "/cleanings/{id}/offers", ["message"]),
    ("POST", "/cleanings/{id}/offers/{user}/accept", []),
    ("POST", "/cleanings/{id}/offers/{user}/reject", []),
    ("POST", "/cleanings/{id}/my-offer/cancel", []),
    ("POST", "/cleanings/{id}/my-offer/rescind", []),
    ("GET", "/offers/mine", []),
    ("GET", "/cleanings/{id}/evaluation", []),
    ("POST", "/cleanings/{id}/evaluation", list(EVALUATION_FIELDS)),
    ("GET", "/feed", ["before", "limit"]),
    ("GET", "/admin/users", ["q", "page"]),
    ("POST", "/admin/users/{user}/deactivate", []),
    ("POST", "/admin/users/{user}/activate", []),
]
OTHER_METHODS = ["PUT", "DELETE", "PATCH"]
# Paths that another route's pattern also matches (a POST to
# /auth/reset/sent is a POST of the reset form with the token "sent").
SHADOWED = {("POST", "/auth/reset/sent"), ("GET", "/auth/verify/resend")}


@pytest.fixture
def scene(app, make_client):
    """A superuser who owns a job, a cleaner with a pending offer on it."""
    boss = make_user(app, "boss", is_superuser=True, phone_number="555 0100")
    cleaner = make_user(app, "cleaner")
    job = make_cleaning(app, boss, name="Flat")
    make_offer(app, job, cleaner)
    client = make_client()
    log_in(client, boss)
    return {"client": client, "job": job, "cleaner": cleaner}


def fill(path: str, job_id, user: str = "cleaner") -> str:
    return path.format(id=job_id, user=user, field="username", token="abc")


def check(response, what, failures):
    if response.status_code >= 500:
        failures.append(f"{response.status_code} {what}")


def send(client, method, url, data=None, **kwargs):
    if method == "GET":
        return client.raw.get(url, query_string=data, **kwargs)
    data = dict(data or {})
    data.setdefault("csrf_token", client.csrf_token())
    return client.raw.open(url, method=method, data=data, **kwargs)


@pytest.mark.parametrize(("method", "path", "fields"), ROUTES, ids=lambda r: str(r))
def test_garbage_in_the_path_is_never_a_500(scene, method, path, fields):
    client, job, failures = scene["client"], scene["job"], []
    urls = []
    if "{id}" in path:
        urls += [fill(path, bad) for bad in PATH_IDS + ["-1", "abc", "1.5"]]
    if "{user}" in path:
        urls += [fill(path, job.id, user=bad) for bad in PATH_NAMES]
    if "{token}" in path:
        urls += [path.format(token=bad) for bad in PATH_NAMES + ["x.y.z"]]
    if "{field}" in path:
        urls += [path.format(id=job.id, field=bad) for bad in PATH_NAMES]
    for url in urls:
        response = send(client, method, url)
        check(response, url, failures)
        if "{id}" in path and "{user}" not in path and response.status_code != 404:
            failures.append(f"{response.status_code} (not 404) {url}")
    assert not failures, failures


@pytest.mark.parametrize(("method", "path", "fields"), ROUTES, ids=lambda r: str(r))
def test_wrong_methods_get_405(scene, method, path, fields):
    client, url = scene["client"], fill(path, scene["job"].id)
    allowed = {m for (m, p, _) in ROUTES if p == path} | {"HEAD", "OPTIONS"}
    for other in OTHER_METHODS + ["GET", "POST"]:
        if other not in allowed and (other, path) not in SHADOWED:
            response = send(client, other, url)
            assert response.status_code == 405, (other, url)
            assert response.headers.get("Allow")


def test_anonymous_garbage_is_never_a_500(app, client):
    failures = []
    for method, path, fields in ROUTES:
        url = fill(path, 1)
        data = {field: "\x00" + "x" * 3000 for field in fields}
        check(send(client, method, url, data), f"{method} {url}", failures)
        check(
            send(client, method, url, data, headers={"HX-Request": "true"}),
            url,
            failures,
        )
    assert not failures, failures


def test_invalid_utf8_is_never_a_500(scene):
    client, job, failures = scene["client"], scene["job"], []
    token = client.csrf_token()
    for method, path, fields in ROUTES:
        url = fill(path, job.id)
        raw = "&".join(f"{field}=%FF%FE%C0" for field in fields)
        if method == "GET":
            response = client.raw.get(f"{url}?{raw}")
        else:
            response = client.raw.post(
                url,
                data=f"csrf_token={token}&{raw}".encode(),
                content_type="application/x-www-form-urlencoded",
            )
        check(response, f"{method} {url}", failures)
    assert not failures, failures


BODIES = [
    ("application/json", b'{"name": "x", "price": 5}'),
    ("text/plain", b"\x00\xff garbage"),
    ("multipart/form-data", b"--x\r\nbroken"),
    (
        "multipart/form-data; boundary=x",
        b"--x\r\nContent-Disposition: form-data\r\n\r\n",
    ),
    ("application/x-www-form-urlencoded", b"=&&==%%%&a=%zz&;;"),
    ("application/x-www-form-urlencoded; charset=latin-1", b"name=\xe9t\xe9"),
]


def test_odd_bodies_and_content_types_are_never_a_500(scene):
    client, job, failures = scene["client"], scene["job"], []
    for method, path, _ in ROUTES:
        if method != "POST":
            continue
        url = fill(path, job.id)
        for content_type, data in BODIES:
            response = client.raw.post(url, data=data, content_type=content_type)
            check(response, f"{url} {content_type}", failures)
    assert not failures, failures


@pytest.mark.parametrize(
    "cookie",
    ["session", "remember_token"],
)
def test_forged_or_broken_cookies_are_never_a_500(app, make_client, cookie):
    failures = []
    for value in [
        "",
        "garbage",
        "x" * 4000,
        ".eJyrVkpRslJyy8wrTs1TqgUAKHwFSQ.Zz.sig",
        "1|abc",
    ]:
        client = make_client()
        client.raw.set_cookie(cookie, value)
        for path in ("/", "/cleanings", "/feed", "/account/password", "/auth/login"):
            check(client.raw.get(path), f"{cookie}={value[:20]} {path}", failures)
            assert client.raw.get("/feed").status_code == 302
    assert not failures, failures


@pytest.mark.parametrize(
    "header", ["HX-Request", "HX-Boosted", "HX-Target", "HX-Current-URL"]
)
def test_odd_htmx_headers_are_never_a_500(scene, header):
    client, failures = scene["client"], []
    for value in ["", "false", "TRUE", "x" * 5000, "ünï"]:
        for path in (
            "/",
            "/cleanings",
            "/feed",
            "/nowhere",
            f"/cleanings/{scene['job'].id}",
        ):
            response = client.raw.get(
                path, headers={header: value, "HX-Request": "true"}
            )
            check(response, f"{header}={value[:10]} {path}", failures)
    assert not failures, failures
