"""Journey 6: a failed login, a protected page sending the visitor to log in
and back, and logging out."""

import re

from playwright.sync_api import expect

from ..builders import PASSWORD, make_user
from .conftest import check_accessibility


def test_login_failure_then_success_returns_to_the_protected_page(app, new_page):
    make_user(app, "rita")
    page = new_page()
    page.goto("/auth/login?next=/feed")
    check_accessibility(page)
    page.get_by_label("Username or email").fill("rita")
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Incorrect username/email or password.")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/feed$"))
    expect(page.get_by_role("link", name="@rita")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
