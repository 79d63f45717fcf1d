"""What browsers may keep: a page made for a logged-in user is never stored
(so Back after logging out asks the server again); public pages seen
anonymously, and static files, stay cacheable."""

import pytest

from .builders import PASSWORD, make_cleaning, make_user


def stored(response) -> bool:
    return "no-store" not in response.headers.get("Cache-Control", "")


@pytest.fixture
def rosa_browser(app, browser_as):
    rosa = make_user(app, "rosa")
    return rosa, browser_as(rosa)


@pytest.mark.parametrize(
    "path", ["/", "/cleanings", "/cleanings/new", "/offers/mine", "/no-such-page"]
)
def test_pages_for_a_logged_in_user_are_never_stored(rosa_browser, path):
    _, browser = rosa_browser
    response = browser.get(path)
    assert response.status_code in (200, 404)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_logged_in_users_job_page_fragment_and_failed_form_are_never_stored(
    app, rosa_browser
):
    rosa, browser = rosa_browser
    job = make_cleaning(app, rosa, name="Attic and loft clean")
    assert not stored(browser.get(f"/cleanings/{job.id}"))
    assert not stored(browser.htmx("get", "/cleanings?q=attic"))
    failed = browser.post("/cleanings/new", {"name": "Attic", "price": "abc"})
    assert failed.status_code == 422
    assert not stored(failed)


def test_the_logout_answer_is_never_stored(rosa_browser):
    _, browser = rosa_browser
    response = browser.post("/auth/logout")
    assert response.status_code == 303
    assert response.headers["Cache-Control"] == "no-store"
    # Logged out, the same pages may be stored again.
    assert stored(browser.get("/cleanings"))


@pytest.mark.parametrize("path", ["/", "/cleanings", "/auth/login"])
def test_public_pages_are_stored_only_while_nobody_is_logged_in(app, client, path):
    make_user(app, "rosa")
    assert stored(client.get(path))
    assert (
        client.post("/auth/login", {"login": "rosa", "password": PASSWORD}).status_code
        == 303
    )
    assert not stored(client.get(path))


def test_static_files_stay_cacheable_for_a_logged_in_user(rosa_browser):
    _, browser = rosa_browser
    assert browser.get("/cleanings").headers["Cache-Control"] == "no-store"
    static = browser.get("/static/css/phresh.css")
    static.close()
    assert static.status_code == 200
    assert stored(static)
