"""Journey 1: a resident signs up (inline errors while typing with
JavaScript, after submitting without), posts a job and edits it."""

import re

import pytest
from playwright.sync_api import expect

from ..builders import BOOKING, PASSWORD, make_user
from .conftest import check_accessibility, fill_a_job_after_a_wrong_rate

TAKEN = "That username is already taken. Please try another one."
COMMON = "That password is too common. Please choose a less guessable one."
SHORT = "Password must be between 8 and 128 characters."
AREA = "Enter a town or neighbourhood of 2 to 80 characters."


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_resident_signs_up_posts_and_edits_a_job(app, new_page, javascript):
    make_user(app, "rosa")
    page = new_page(javascript=javascript)
    page.goto("/")
    check_accessibility(page)  # the landing page's empty state
    page.get_by_role("link", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/auth/register$"))
    check_accessibility(page)

    username, password = page.get_by_label("Username"), page.get_by_label("Password")
    page.get_by_label("Email").fill("rosa.resident@example.com")
    username.fill("rosa")
    password.fill("short")
    if javascript:  # the messages appear under the fields while typing
        expect(page.locator("#username-msg")).to_have_text(TAKEN)
        expect(page.locator("#password-msg")).to_have_text(SHORT)
        password.fill("password")
        expect(page.locator("#password-msg")).to_have_text(COMMON)
        expect(username).to_have_attribute("aria-invalid", "true")
    else:  # ... or after submitting the form
        page.get_by_role("button", name="Sign up").click()
        expect(page.locator("#password-msg")).to_have_text(SHORT)
        password.fill("password")
        page.get_by_role("button", name="Sign up").click()
        expect(page.locator("#password-msg")).to_have_text(COMMON)
        # The form's own rules pass first; then the database says taken.
        password.fill(PASSWORD)
        page.get_by_role("button", name="Sign up").click()
        expect(page.locator("#username-msg")).to_have_text(TAKEN)
    check_accessibility(page)  # the form with its errors showing

    username.fill("rosa_home")
    password.fill(PASSWORD)
    if javascript:
        expect(page.locator("#username-msg")).not_to_have_class(re.compile("is-error"))
        expect(page.locator("#password-msg")).not_to_have_class(re.compile("is-error"))
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("Welcome to Phresh, rosa_home!")).to_be_visible()

    page.get_by_role("link", name="Post a job").first.click()
    expect(page).to_have_url(re.compile(r"/cleanings/new$"))
    check_accessibility(page)
    fill_a_job_after_a_wrong_rate(page)
    page.get_by_label("Details").fill("Oven, hob and the tiles behind them.")
    area = page.get_by_label("Area", exact=True)
    area.fill("C")
    if javascript:  # the booking fields are checked while typing too
        expect(page.locator("#area-msg")).to_have_text(AREA)
        expect(area).to_have_attribute("aria-invalid", "true")
    area.fill("Camden")
    if javascript:
        expect(page.locator("#area-msg")).not_to_have_class(re.compile("is-error"))
    page.get_by_role("button", name="Post job").click()

    expect(page).to_have_url(re.compile(r"/cleanings/\d+$"))
    expect(page.get_by_role("heading", name="Kitchen deep clean")).to_be_visible()
    expect(page.get_by_text("$32.50").first).to_be_visible()
    facts = page.locator("p.job-booking")
    expect(facts).to_contain_text("3 h · Camden · 2 bed, 1 bath · about $97.50")

    page.get_by_role("link", name="Edit job").click()
    expect(page).to_have_url(re.compile(r"/cleanings/\d+/edit$"))
    expect(page.get_by_label("Job title")).to_have_value("Kitchen deep clean")
    expect(page.get_by_label("Deep Clean")).to_be_checked()
    expect(page.get_by_label("Date", exact=True)).to_have_value(BOOKING["date"])
    expect(page.get_by_label("Start time")).to_have_value("09:00")
    check_accessibility(page)
    page.get_by_label("Job title").fill("Kitchen and pantry deep clean")
    page.get_by_label("Hourly rate").fill("35")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(r"/cleanings/\d+$"))
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Kitchen and pantry deep clean")
    ).to_be_visible()
    expect(page.get_by_text("$35.00").first).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="My jobs").click()
    job_link = page.get_by_role("link", name="Kitchen and pantry deep clean")
    expect(job_link).to_be_visible()
    check_accessibility(page)
