"""What an anonymous visitor's pages cost and carry: no session cookie and
no CSRF token until a form needs one, so the pages can be cached; forms and
a logged-in user's htmx requests are still protected."""

import re

import pytest

from .builders import all_cleanings, body, make_cleaning

HX_TOKEN = re.compile(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'")


@pytest.fixture
def public_paths(job):
    return [
        "/",
        "/cleanings",
        "/cleanings?q=flat",
        "/feed",
        f"/cleanings/{job.id}",
        "/profiles/rita",
        "/cleaners",
        "/cleaners?area=cam&sort=rating",
    ]


def test_anonymous_pages_set_no_cookie_and_do_not_vary_by_cookie(app, public_paths):
    for path in public_paths:
        for headers in ({}, {"HX-Request": "true"}):
            response = app.test_client().get(path, headers=headers)
            assert response.status_code in (200, 302, 401), path
            assert "Set-Cookie" not in response.headers, path
            assert "Cookie" not in response.vary, path
            assert "csrf" not in body(response).lower(), path


def test_an_anonymous_page_revalidates_before_reuse(client, job):
    """Without `Vary: Cookie`, a kept copy must be asked about again, so a
    visitor who has since logged in gets their own page."""
    response = client.get(f"/cleanings/{job.id}")
    assert response.headers["Cache-Control"] == "no-cache"


def test_the_login_and_sign_up_forms_still_carry_a_token(app):
    for path in ("/auth/login", "/auth/register", "/auth/reset"):
        response = app.test_client().get(path)
        assert 'name="csrf_token"' in body(response), path
        assert "Set-Cookie" in response.headers, path
        assert "Cookie" in response.vary, path


def test_a_logged_in_page_gives_htmx_a_token_that_works(app, owner, job):
    page = owner.get(f"/cleanings/{job.id}")
    assert page.status_code == 200
    assert "Cookie" in page.vary
    token = HX_TOKEN.search(body(page)).group(1)
    # htmx's delete button sends the token in the header only.
    deleted = owner.raw.post(
        f"/cleanings/{job.id}/delete",
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert deleted.status_code in (200, 303)
    assert all_cleanings(app) == []


def test_a_logged_in_post_without_a_token_is_still_refused(app, owner, rita):
    job = make_cleaning(app, rita, name="Still here")
    refused = owner.post(f"/cleanings/{job.id}/delete", csrf=False)
    assert refused.status_code == 400
    refused = owner.raw.post(
        f"/cleanings/{job.id}/delete", headers={"HX-Request": "true"}
    )
    assert refused.status_code == 400
    assert [c.name for c in all_cleanings(app)] == ["Still here"]
