"""Forms work with the keyboard alone, and after a failed submit the focus
lands on the first field to fix."""

import re

import pytest
from playwright.sync_api import expect

from ..builders import PASSWORD
from .conftest import check_accessibility


def focused(page) -> str:
    """The focused element, as its id (or its text for a link/button)."""
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return e.id || e.textContent.trim(); })()"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_registration_with_the_keyboard_alone(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/auth/register")
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to content"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")  # the first field after the skip link
    assert focused(page) == "email"
    page.keyboard.type("kim@example.com")
    page.keyboard.press("Tab")
    assert focused(page) == "username"
    page.keyboard.type("kim_k")
    page.keyboard.press("Tab")
    assert focused(page) == "password"
    page.keyboard.type(PASSWORD)
    if javascript:  # typing's inline checks swap messages, never the focus
        expect(page.locator("#password-msg")).not_to_have_class(re.compile("is-error"))
        assert focused(page) == "password"
    page.keyboard.press("Tab")  # the radio group is one stop: its checked choice
    assert focused(page) == "role-0"
    page.keyboard.press("ArrowDown")  # arrows move the choice within the group
    assert focused(page) == "role-1"
    assert page.locator("#role-1").is_checked()
    page.keyboard.press("Tab")
    assert focused(page) == "Sign up"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "password"
    page.keyboard.press("Enter")  # Enter in a field submits its form
    expect(page.get_by_text("Welcome to Phresh, kim_k!")).to_be_visible()
    expect(page.get_by_role("link", name="@kim_k")).to_be_visible()


def test_focus_goes_to_the_first_invalid_field_after_a_failed_submit(new_page):
    page = new_page()
    page.goto("/auth/register")
    page.get_by_label("Email").fill("kim@example.com")
    page.get_by_label("Username").fill("no spaces allowed")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_response(re.compile(r"/auth/register$")) as response:
        page.get_by_role("button", name="Sign up").click()
    assert response.value.status == 422
    username = page.get_by_label("Username")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(username).to_be_focused()
    expect(page.locator("#username-msg")).to_have_text(
        "Username may only contain letters, numbers, _ and -."
    )
    expect(page.get_by_label("Email")).to_have_value("kim@example.com")
    expect(page.get_by_label("Password")).to_have_value("")  # never sent back
    check_accessibility(page)
