"""Journey: a form sent twice acts once. Back and re-submit (the page
restored with its submission key) answers like the first post; with
JavaScript, the button is disabled while htmx sends the form."""

import re

import pytest
from playwright.sync_api import expect

from cleaning_app.models import Cleaning, User

from ..builders import count, make_user
from .conftest import ARGS, CHROMIUM, fill_booking, log_in


def fill_job(page):
    page.goto("/cleanings/new")
    page.get_by_label("Job title").fill("Kitchen deep clean")
    page.get_by_label("Hourly rate").fill("32.50")
    fill_booking(page)


@pytest.fixture
def cached_history_page(browser, live_server):
    """A page with JavaScript off in a Chromium that keeps its back-forward
    cache, as browsers do (Playwright turns it off by default): Back shows
    the form as it was, hidden key included."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    context = chromium.new_context(base_url=live_server, java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    chromium.close()


def test_back_and_sign_up_again_answers_like_the_first_time(app, cached_history_page):
    page = cached_history_page
    page.goto("/auth/register")
    page.get_by_label("Email").fill("nina@example.com")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill("a long and unusual passphrase")
    key = page.locator("#register-form input[name=submission_key]").input_value()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Welcome to Phresh, nina!")).to_be_visible()
    page.go_back(wait_until="commit")  # restored: no load event
    expect(page.locator("#register-form input[name=submission_key]")).to_have_value(key)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="@nina").first).to_be_attached()
    expect(page.get_by_text("already taken")).to_have_count(0)
    assert count(app, User) == 1


def test_the_button_is_disabled_while_htmx_sends_the_form(app, new_page):
    make_user(app, "rita")
    page = new_page()
    log_in(page, "rita")
    fill_job(page)
    held = []  # the POST, kept waiting while the test looks at the button
    page.route(
        "**/cleanings/new",
        lambda route: (
            held.append(route) if route.request.method == "POST" else route.continue_()
        ),
    )
    button = page.get_by_role("button", name="Post job")
    button.click()
    expect(button).to_be_disabled()
    button.click(force=True)  # a second click while it is sent does nothing
    held[0].continue_()
    expect(page.get_by_role("heading", name="Kitchen deep clean")).to_be_visible()
    assert len(held) == 1
    assert count(app, Cleaning) == 1
