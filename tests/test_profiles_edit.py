"""Editing one's own profile: /profiles/me/edit."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import Profile
from tests.builders import followed, log_in, make_user

URL = "/profiles/me/edit"
VALID = {
    "full_name": "Ada Lovelace",
    "phone_number": "+44 (0)20 7946-0958",
    "bio": "Ten years of tidy.\r\n\tPets welcome.",
    "image": "https://images.example.com/ada.jpg",
}
BEFORE = {
    "full_name": "Old Name",
    "phone_number": "123",
    "bio": "Old bio",
    "image": "",
}


@pytest.fixture
def user(app, client):
    user = make_user(app, "ada", **BEFORE)
    log_in(client, user)
    return user


def profile_row(user):
    return db.session.scalar(select(Profile).where(Profile.user_id == user.id))


def profile_of(app, user):
    with app.app_context():
        profile = profile_row(user)
        return {key: getattr(profile, key) for key in VALID}


def test_form_is_prefilled(client, user):
    response = client.get(URL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Old Name"' in html and 'value="123"' in html
    assert "Old bio</textarea>" in html
    for name in VALID:
        assert f'name="{name}"' in html


def test_saves_and_redirects_to_the_profile(app, client, user):
    response = client.post(URL, VALID)
    assert response.status_code == 303
    assert response.headers["Location"] == "/profiles/ada"
    assert profile_of(app, user) == VALID
    html = client.get("/profiles/ada").get_data(as_text=True)
    assert "<h1>Ada Lovelace</h1>" in html
    assert 'src="https://images.example.com/ada.jpg"' in html


def test_everything_may_be_empty(app, client, user):
    empty = dict.fromkeys(VALID, "")
    assert client.post(URL, empty).status_code == 303
    assert profile_of(app, user) == empty
    assert client.post(URL, {}).status_code == 303


def test_surrounding_spaces_are_trimmed(app, client, user):
    data = {**VALID, "full_name": "  Ada  ", "image": " http://x.example/a.png "}
    assert "<h1>Ada</h1>" in followed(client, client.post(URL, data))
    saved = profile_of(app, user)
    assert saved["full_name"] == "Ada"
    assert saved["image"] == "http://x.example/a.png"


def test_longest_values_are_accepted(app, client, user):
    data = {
        "full_name": "n" * 100,
        "phone_number": "1" * 30,
        "bio": "b" * 2000,
        "image": "https://example.com/" + "i" * 1900,
    }
    page = followed(client, client.post(URL, data))
    assert "n" * 100 in page and "b" * 2000 in page
    assert profile_of(app, user) == data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("full_name", "n" * 101),
        ("full_name", "bad\x00byte"),
        ("full_name", "tab\there"),
        ("full_name", "new\nline"),
        ("phone_number", "1" * 31),
        ("phone_number", "call me"),
        ("phone_number", "+1 555 0100 ext. 5"),
        ("phone_number", "555\n0100"),
        ("phone_number", "١٢٣"),
        ("bio", "b" * 2001),
        ("bio", "bell\x07"),
        ("bio", "nul\x00"),
        ("image", "javascript:alert(1)"),
        ("image", "JavaScript:alert(1)"),
        ("image", " javascript:alert(1)"),
        ("image", "java\tscript:alert(1)"),
        ("image", "data:image/png;base64,AAAA"),
        ("image", "/static/me.png"),
        ("image", "me.png"),
        ("image", "//evil.example/a.png"),
        ("image", "ftp://example.com/a.png"),
        ("image", "https://"),
        ("image", "https:///path"),
        ("image", "https:\\\\evil.example\\a.png"),
        ("image", "https://exa mple.com/a.png"),
        ("image", "https://example.com/a.png\x00"),
        ("image", "https://example.com/\u2028a.png"),
        ("image", "http://[::1"),
        ("image", "https://example.com/" + "i" * 2000),
    ],
)
def test_bad_input_is_422_and_writes_nothing(app, client, user, field, value):
    response = client.post(URL, {**VALID, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-msg" class="field-msg is-error"' in html
    assert "Ada Lovelace" in html or field == "full_name"  # values kept
    assert profile_of(app, user) == BEFORE


def test_htmx_gets_the_form_fragment(client, user):
    response = client.htmx("post", URL, {**VALID, "image": "javascript:x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="profile-form"' in html and "<html" not in html
    assert "Use a link that starts with http:// or https://." in html


def test_anonymous_is_sent_to_login(app, client):
    for response in (client.get(URL), client.post(URL, VALID)):
        assert response.status_code in (302, 303)
        location = urlsplit(response.headers["Location"])
        assert location.path == "/auth/login"
        assert parse_qs(location.query)["next"] == [URL]


def test_post_without_csrf_is_400(app, client, user):
    assert client.post(URL, VALID, csrf=False).status_code == 400
    assert profile_of(app, user) == BEFORE


def test_edits_only_ones_own_profile(app, client, user, make_client):
    other = make_user(app, "other", full_name="Other Person")
    assert client.post(URL, VALID).status_code == 303
    with app.app_context():
        assert profile_row(other).full_name == "Other Person"


def test_user_without_a_profile_row_gets_one(app, client):
    user = make_user(app, "bare")
    with app.app_context():
        db.session.delete(profile_row(user))
        db.session.commit()
    log_in(client, user)
    assert client.get(URL).status_code == 200
    assert client.get("/profiles/bare").status_code == 200
    assert client.post(URL, VALID).status_code == 303
    html = client.get("/profiles/bare").get_data(as_text=True)
    assert "Ada Lovelace" in html


def test_phone_number_is_never_on_the_profile_page(app, client, user):
    assert client.post(URL, VALID).status_code == 303
    html = client.get("/profiles/ada").get_data(as_text=True)
    assert "Ada Lovelace" in html and "Ten years of tidy." in html
    # With its separator: a bare "7946" can turn up in a timestamp.
    assert "7946-0958" not in html and "ada@example.com" not in html
