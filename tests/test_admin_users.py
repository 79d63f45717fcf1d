"""Administration: GET /admin/users, POST /admin/users/<username>/deactivate
and /activate (superusers only)."""

from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import User
from tests.builders import (
    PASSWORD,
    followed,
    is_logged_in,
    log_in,
    make_cleaning,
    make_user,
)


def is_active(app, username) -> bool:
    with app.app_context():
        return db.session.scalar(
            select(User.is_active).where(User.username == username)
        )


def admin_client(app, make_client, username="root"):
    make_user(app, username, is_superuser=True)
    client = make_client()
    log_in(client, username)
    return client


# The list


def test_superuser_sees_users_with_their_emails(app, make_client):
    admin = admin_client(app, make_client)
    make_user(app, "alice", email="alice@example.com")
    response = admin.get("/admin/users")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "@alice" in html and "alice@example.com" in html and "@root" in html


def test_search_matches_username_or_email_ignoring_case(app, make_client):
    admin = admin_client(app, make_client)
    make_user(app, "alice", email="alice@wonder.land")
    make_user(app, "bob", email="bob@example.com")
    make_user(app, "carol", email="carol@WONDER.land")
    html = admin.get("/admin/users?q=WONDER").get_data(as_text=True)
    assert "@alice" in html and "@carol" in html and "@bob" not in html
    html = admin.get("/admin/users?q=Bo").get_data(as_text=True)
    assert "@bob" in html and "@alice" not in html


def test_search_treats_wildcards_literally(app, make_client):
    admin = admin_client(app, make_client)
    make_user(app, "a_b")
    make_user(app, "axb")
    html = admin.get("/admin/users?q=a_b").get_data(as_text=True)
    assert "@a_b" in html and "@axb" not in html
    html = admin.get("/admin/users?q=%25").get_data(as_text=True)
    assert "No users match" in html


def test_list_is_paginated(app, make_client):
    admin = admin_client(app, make_client)
    for n in range(30):
        make_user(app, f"member{n:02d}")
    first = admin.get("/admin/users").get_data(as_text=True)
    second = admin.get("/admin/users?page=2").get_data(as_text=True)
    assert first.count("data-user=") == 25
    assert second.count("data-user=") == 6
    assert 'href="/admin/users?page=2"' in first
    beyond = admin.get("/admin/users?page=99")
    assert beyond.status_code == 200 and "data-user=" not in beyond.get_data(
        as_text=True
    )


def test_the_list_costs_the_same_queries_for_any_page_size(
    app, make_client, query_counter
):
    admin = admin_client(app, make_client)
    make_user(app, "one")
    with query_counter as counter:
        admin.get("/admin/users")
    few = counter.count  # the next block counts from zero again
    for n in range(20):
        make_user(app, f"member{n:02d}")
    with query_counter as counter:
        admin.get("/admin/users")
    assert counter.count == few > 0


def test_bad_filters_are_422(app, make_client):
    admin = admin_client(app, make_client)
    for query in [
        "page=abc",
        "page=0",
        "page=-1",
        "page=99999999999999999999",
        "q=%00",
        "q=" + "x" * 400,
    ]:
        response = admin.get(f"/admin/users?{query}")
        assert response.status_code == 422, query


def test_htmx_search_gets_the_results_fragment(app, make_client):
    admin = admin_client(app, make_client)
    response = admin.htmx("get", "/admin/users?q=root")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="user-results"' in html and "<html" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_regular_user_gets_403(app, client):
    log_in(client, make_user(app, "alice"))
    assert client.get("/admin/users").status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get("/admin/users?q=x")
    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=/admin/users")


def test_nav_shows_admin_only_to_superusers(app, client, make_client):
    admin = admin_client(app, make_client)
    assert 'href="/admin/users"' in admin.get("/account/password").get_data(
        as_text=True
    )
    log_in(client, make_user(app, "alice"))
    assert 'href="/admin/users"' not in client.get("/account/password").get_data(
        as_text=True
    )


# Deactivate and activate


def test_deactivate_ends_sessions_and_login(app, make_client):
    admin = admin_client(app, make_client)
    make_user(app, "alice")
    laptop, phone = make_client(), make_client()
    log_in(laptop, "alice")
    log_in(phone, "alice")
    response = admin.post("/admin/users/alice/deactivate")
    assert response.status_code == 303
    assert response.location == "/admin/users"
    assert not is_active(app, "alice")
    assert not is_logged_in(laptop) and not is_logged_in(phone)
    again = make_client().post("/auth/login", {"login": "alice", "password": PASSWORD})
    assert again.status_code == 401
    assert "Incorrect username/email or password." in again.get_data(as_text=True)


def test_deactivate_goes_back_to_the_searched_page(app, make_client):
    admin = admin_client(app, make_client)
    make_user(app, "alice")
    response = admin.post(
        "/admin/users/alice/deactivate",
        headers={"Referer": "http://localhost/admin/users?q=ali&page=1"},
    )
    assert response.location == "/admin/users?q=ali&page=1"
    response = admin.post(
        "/admin/users/alice/activate",
        headers={"Referer": "http://localhost/cleanings"},
    )
    assert response.location == "/admin/users"


def test_activate_lets_them_log_in_again(app, make_client):
    admin = admin_client(app, make_client)
    make_user(app, "alice", is_active=False)
    response = admin.post("/admin/users/ALICE/activate")
    assert response.status_code == 303
    assert is_active(app, "alice")
    log_in(make_client(), "alice")
    assert "@alice is active again." in admin.get("/admin/users").get_data(as_text=True)


def test_deactivated_users_jobs_leave_the_listing(app, make_client):
    admin = admin_client(app, make_client)
    alice = make_user(app, "alice")
    make_cleaning(app, alice, name="Spring clean of the attic")
    visitor = make_client()
    assert "Spring clean of the attic" in visitor.get("/cleanings").get_data(
        as_text=True
    )
    deactivated = admin.post("/admin/users/alice/deactivate")
    assert "@alice is deactivated" in followed(admin, deactivated)
    assert "Spring clean of the attic" not in visitor.get("/cleanings").get_data(
        as_text=True
    )
    activated = admin.post("/admin/users/alice/activate")
    assert "@alice is active again." in followed(admin, activated)
    assert "Spring clean of the attic" in visitor.get("/cleanings").get_data(
        as_text=True
    )


def test_superuser_cannot_deactivate_themselves(app, make_client):
    admin = admin_client(app, make_client)
    response = admin.post("/admin/users/root/deactivate")
    assert response.status_code == 400
    assert "You can&#39;t deactivate your own account." in response.get_data(
        as_text=True
    )
    assert is_active(app, "root")
    assert is_logged_in(admin)


def test_a_superuser_can_deactivate_another_superuser(app, make_client):
    admin = admin_client(app, make_client)
    make_user(app, "other_root", is_superuser=True)
    assert admin.post("/admin/users/other_root/deactivate").status_code == 303
    assert not is_active(app, "other_root")


def test_unknown_user_is_404(app, make_client):
    admin = admin_client(app, make_client)
    for action in ("deactivate", "activate"):
        assert admin.post(f"/admin/users/nobody/{action}").status_code == 404
        assert admin.post(f"/admin/users/%00/{action}").status_code == 404


def test_regular_user_cannot_deactivate_or_activate(app, client):
    make_user(app, "bob")
    make_user(app, "carol", is_active=False)
    log_in(client, make_user(app, "alice"))
    assert client.post("/admin/users/bob/deactivate").status_code == 403
    assert client.post("/admin/users/carol/activate").status_code == 403
    assert is_active(app, "bob") and not is_active(app, "carol")


def test_anonymous_cannot_deactivate(app, client):
    make_user(app, "bob")
    response = client.post("/admin/users/bob/deactivate")
    assert response.status_code in (302, 303)
    assert response.location.startswith("/auth/login")
    assert is_active(app, "bob")


def test_missing_csrf_is_400_and_changes_nothing(app, make_client):
    admin = admin_client(app, make_client)
    make_user(app, "bob")
    response = admin.post("/admin/users/bob/deactivate", csrf=False)
    assert response.status_code == 400
    assert is_active(app, "bob")


def test_get_on_actions_is_405(app, make_client):
    admin = admin_client(app, make_client)
    make_user(app, "bob")
    assert admin.get("/admin/users/bob/deactivate").status_code == 405
