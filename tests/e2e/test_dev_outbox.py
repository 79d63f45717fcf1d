"""A newcomer's first sign-up on make run: the verification email is in
/dev/outbox, and its link, clicked there, confirms the address."""

import re

from playwright.sync_api import expect

from ..queued import run_queue
from .conftest import check_accessibility, screenshot


def test_a_newcomer_clicks_the_verification_link_in_the_outbox(app, new_page, outbox):
    page = new_page(javascript=False)
    page.goto("/auth/register")
    page.get_by_label("Email").fill("nia@example.com")
    page.get_by_label("Username").fill("nia")
    page.get_by_label("Password").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Welcome to Phresh, nia!")).to_be_visible()
    run_queue(app)  # what make run's worker does
    page.goto("/dev/outbox")
    check_accessibility(page)
    screenshot(page, "dev-outbox")
    page.get_by_role("link", name="Confirm your email address for Phresh").click()
    expect(page.get_by_text("To nia@example.com")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "dev-outbox-email")
    page.locator('.email-body a[href*="/auth/verify/"]').click()
    expect(page.get_by_text(re.compile("confirmed", re.IGNORECASE))).to_be_visible()
