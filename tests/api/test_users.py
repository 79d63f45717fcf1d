"""Sign-up, token login and logout, bearer authentication, profiles."""

from datetime import timedelta

from sqlalchemy import func, select, update

from cleaning_app.extensions import db
from cleaning_app.models import ApiToken, User

from ..builders import PASSWORD, count, make_user
from .conftest import bearer, login

NEW_USER = {"email": "zoe@example.com", "username": "zoe_1", "password": PASSWORD}


def test_registration_answers_201_with_a_token_and_an_empty_profile(api, app):
    response = api.post("/api/users/", json={"new_user": NEW_USER})
    assert response.status_code == 201
    user = response.get_json()
    assert user["username"] == "zoe_1" and user["email"] == "zoe@example.com"
    assert user["access_token"]["token_type"] == "bearer"
    assert user["profile"]["user_id"] == user["id"]
    assert user["profile"]["full_name"] is None and user["profile"]["bio"] == ""
    assert "password" not in user
    token = user["access_token"]["access_token"]
    me = api.get("/api/users/me/", headers=bearer(token)).get_json()
    assert me["id"] == user["id"] and me["access_token"] is None


def test_a_taken_email_is_checked_before_a_taken_username(api, rita):
    taken = {"email": "RITA@example.com", "username": "rita", "password": PASSWORD}
    response = api.post("/api/users/", json={"new_user": taken})
    assert response.status_code == 400
    assert response.get_json()["detail"].startswith("That email is already taken.")
    other = {**taken, "email": "new@example.com"}
    response = api.post("/api/users/", json={"new_user": other})
    assert response.status_code == 400
    assert response.get_json()["detail"] == (
        "That username is already taken. Please try another one."
    )


def test_invalid_registrations_are_422_with_body_locations(api, app):
    cases = {
        "email": {**NEW_USER, "email": "not-an-email"},
        "username": {**NEW_USER, "username": "zo"},
        "password": {**NEW_USER, "password": "short"},
    }
    for field, new_user in cases.items():
        response = api.post("/api/users/", json={"new_user": new_user})
        assert response.status_code == 422, field
        issue = response.get_json()["detail"][0]
        assert issue["loc"] == ["body", "new_user", field]
        assert issue["msg"] and issue["type"]
    common = api.post(
        "/api/users/", json={"new_user": {**NEW_USER, "password": "password123"}}
    )
    assert common.status_code == 422
    not_embedded = api.post("/api/users/", json=NEW_USER)
    assert not_embedded.status_code == 422
    assert not_embedded.get_json()["detail"][0]["loc"][0] == "body"
    garbage = api.post("/api/users/", data="{", content_type="application/json")
    assert garbage.status_code == 422
    assert count(app, User) == 0


def test_login_by_username_or_email_gives_a_bearer_token(api, rita):
    for name in ("rita", "RITA@example.com"):
        response = login(api, name)
        assert response.status_code == 200
        answer = response.get_json()
        assert answer["token_type"] == "bearer" and len(answer["access_token"]) > 20


def test_a_token_login_asks_for_the_account_once_and_writes_its_token(
    api, rita, query_counter
):
    with query_counter as sent:
        token = login(api, "rita").get_json()["access_token"]
    firsts = [" ".join(s.split()[:4]) for s in sent.statements]
    assert len(firsts) == 2
    assert firsts[0].startswith("SELECT users.id, users.username,")
    assert firsts[1] == "INSERT INTO api_tokens (token_hash,"
    assert api.get("/api/users/me/", headers=bearer(token)).status_code == 200


def test_wrong_logins_are_401_and_empty_fields_422(api, app, rita):
    make_user(app, "gone", is_active=False)
    for name, password in (
        ("rita", "wrong password"),
        ("nobody", PASSWORD),
        ("gone", PASSWORD),
    ):
        response = login(api, name, password)
        assert response.status_code == 401
        assert response.get_json() == {"detail": "Authentication was unsuccessful."}
    for form in ({"username": "", "password": PASSWORD}, {"username": "rita"}):
        response = api.post("/api/users/login/token/", data=form)
        assert response.status_code == 422
        assert response.get_json()["detail"][0]["loc"][0] == "body"


def test_tokens_are_stored_only_as_hashes(app, token_of, rita):
    token = token_of(rita)
    with app.app_context():
        stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64


def test_missing_and_bad_credentials_are_401_with_www_authenticate(api, app, rita):
    cases = {
        None: "Not authenticated",
        "Basic cml0YTpw": "Not authenticated",
        "Bearer": "Could not validate token credentials.",
        "Bearer not-a-token": "Could not validate token credentials.",
    }
    for header, detail in cases.items():
        headers = {"Authorization": header} if header else {}
        response = api.get("/api/users/me/", headers=headers)
        assert response.status_code == 401
        assert response.get_json() == {"detail": detail}
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_session_cookies_never_authenticate_the_api(owner, api):
    # `owner` is rita's logged-in browser: its cookie means nothing here.
    response = owner.raw.get("/api/users/me/")
    assert response.status_code == 401
    created = owner.raw.post(
        "/api/cleanings/", json={"new_cleaning": {"name": "x", "price": 5}}
    )
    assert created.status_code == 401


def test_an_expired_token_is_refused(app, api, token_of, rita):
    token = token_of(rita)
    with app.app_context():
        db.session.execute(
            update(ApiToken).values(expires_at=func.now() - timedelta(seconds=1))
        )
        db.session.commit()
    response = api.get("/api/users/me/", headers=bearer(token))
    assert response.status_code == 401
    assert response.get_json()["detail"] == "Could not validate token credentials."


def test_tokens_live_seven_days(app, token_of, rita):
    token_of(rita)
    with app.app_context():
        lifetime = db.session.scalar(select(ApiToken.expires_at - ApiToken.created_at))
    assert lifetime == timedelta(days=7)


def test_logout_revokes_only_the_token_sent(api, token_of, rita):
    first, second = token_of(rita), token_of(rita)
    response = api.delete("/api/users/login/token/", headers=bearer(first))
    assert response.status_code == 204
    assert api.get("/api/users/me/", headers=bearer(first)).status_code == 401
    assert api.get("/api/users/me/", headers=bearer(second)).status_code == 200


def test_a_password_change_on_the_pages_revokes_every_token(api, owner, token_of, rita):
    token = token_of(rita)
    response = owner.post(
        "/account/password",
        {"current_password": PASSWORD, "new_password": "a brand new lantern"},
    )
    assert response.status_code == 303
    assert api.get("/api/users/me/", headers=bearer(token)).status_code == 401


def test_deactivation_revokes_tokens(app, api, browser_as, token_of, rita):
    admin = make_user(app, "admin", is_superuser=True)
    token = token_of(rita)
    response = browser_as(admin).post("/admin/users/rita/deactivate")
    assert response.status_code == 303
    assert api.get("/api/users/me/", headers=bearer(token)).status_code == 401


def test_an_inactive_holder_is_refused(app, api, token_of, rita):
    token = token_of(rita)
    with app.app_context():
        db.session.execute(update(User).values(is_active=False))
        db.session.commit()
    response = api.get("/api/users/me/", headers=bearer(token))
    assert response.status_code == 401
    assert response.get_json()["detail"] == "Not an active user."


def test_own_profile_shows_email_and_phone_others_do_not(as_user, rita, carlos):
    own = as_user(rita).get("/api/profiles/rita/").get_json()
    assert own["email"] == "rita@example.com" and own["phone_number"]
    assert own["username"] == "rita" and own["full_name"] == "Rita Reyes"
    other = as_user(carlos).get("/api/profiles/RITA/")
    assert other.status_code == 200
    assert other.get_json()["email"] is None
    assert other.get_json()["phone_number"] is None


def test_unknown_profile_is_404_and_a_bad_username_422(as_user, rita):
    response = as_user(rita).get("/api/profiles/nobody/")
    assert response.status_code == 404
    assert response.get_json() == {"detail": "No profile found with that username."}
    bad = as_user(rita).get("/api/profiles/a!b/")
    assert bad.status_code == 422
    assert bad.get_json()["detail"][0]["loc"] == ["path", "username"]


def test_profile_update_changes_given_keys_and_null_clears(as_user, rita):
    speaker = as_user(rita)
    change = {"profile_update": {"bio": "Tidy.", "phone_number": None}}
    response = speaker.put("/api/profiles/me/", json=change)
    assert response.status_code == 200
    profile = response.get_json()
    assert profile["bio"] == "Tidy." and profile["phone_number"] is None
    assert profile["full_name"] == "Rita Reyes"  # absent: unchanged
    for bad in ({"image": "javascript:alert(1)"}, {"full_name": 5}, {"bio": "a\x00b"}):
        response = speaker.put("/api/profiles/me/", json={"profile_update": bad})
        assert response.status_code == 422, bad
        assert response.get_json()["detail"][0]["loc"][:2] == ["body", "profile_update"]
    assert speaker.get("/api/users/me/").get_json()["profile"]["bio"] == "Tidy."


def test_paths_without_the_slash_redirect_and_unknown_paths_are_json(api):
    response = api.get("/api/users/me")
    assert response.status_code in (307, 308)
    assert response.headers["Location"].endswith("/api/users/me/")
    missing = api.get("/api/nothing/here/")
    assert missing.status_code == 404 and missing.get_json() == {"detail": "Not Found"}
    wrong = api.patch("/api/users/me/")
    assert wrong.status_code == 405 and "detail" in wrong.get_json()


def test_answers_are_never_cached(as_user, rita):
    response = as_user(rita).get("/api/users/me/")
    assert response.headers["Cache-Control"] == "no-store"


def test_authentication_comes_before_path_validation(api, as_user, rita):
    anonymous = api.get("/api/cleanings/abc/")
    assert anonymous.status_code == 401
    assert anonymous.get_json() == {"detail": "Not authenticated"}
    signed_in = as_user(rita).get("/api/cleanings/abc/")
    assert signed_in.status_code == 422


def test_a_body_over_the_limit_is_a_json_413(as_user, rita):
    big = {"new_cleaning": {"name": "x", "price": 5, "description": "a" * 2**21}}
    response = as_user(rita).post("/api/cleanings/", json=big)
    assert response.status_code == 413
    assert "detail" in response.get_json()
