"""Journey 2: a cleaner signs up, finds a job through the listing's filters
(updated in place with JavaScript, by submitting the form without) and
offers to clean it with a message."""

import re

import pytest
from playwright.sync_api import expect

from ..builders import PASSWORD, make_cleaning, make_user
from .conftest import check_accessibility, mark_window, screenshot


def sign_up(page, username):
    page.goto("/auth/register")
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Find cleaning work").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text(f"Welcome to Phresh, {username}!")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_cleaner_finds_a_job_with_the_filters_and_offers(app, new_page, javascript):
    rosa = make_user(app, "rosa")
    make_cleaning(
        app,
        rosa,
        name="Kitchen deep clean",
        cleaning_type="full_clean",
        price="32.50",
        description="Oven, hob and the tiles behind them.",
    )
    make_cleaning(app, rosa, name="Kitchen tidy-up", cleaning_type="spot_clean")
    make_cleaning(app, rosa, name="Dust the bookshelves", cleaning_type="dust_up")
    page = new_page(javascript=javascript)
    sign_up(page, "carl_cleans")

    page.get_by_role("link", name="Find work").first.click()
    expect(page).to_have_url(re.compile(r"/cleanings$"))
    cards = page.locator("#results .job-card")
    expect(cards).to_have_count(3)
    check_accessibility(page)
    screenshot(page, "listing")

    if javascript:
        same_page = mark_window(page)
    page.get_by_label("Search").fill("kitchen")
    if javascript:  # the list follows the typing, no button needed
        expect(cards).to_have_count(2)
    page.get_by_label("Kind of clean").select_option(label="Deep Clean")
    if not javascript:
        page.get_by_role("button", name="Search").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Kitchen deep clean")
    # The filters are in the address, so the result can be shared or reloaded.
    expect(page).to_have_url(re.compile(r"q=kitchen.*type=full_clean"))
    if javascript:
        assert same_page(), "the filters reloaded the whole page"
    check_accessibility(page)

    cards.first.get_by_role("link", name="Kitchen deep clean").click()
    expect(page.get_by_role("heading", name="Kitchen deep clean")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Message to the owner").fill(
        "I'm free on Saturday and bring my own oven cleaner."
    )
    page.get_by_role("button", name="Offer to clean").click()
    expect(page.get_by_text("Your offer is sent.")).to_be_visible()
    expect(page.get_by_role("heading", name="Offer pending")).to_be_visible()
    expect(page.locator("#my-offer")).to_contain_text("bring my own oven cleaner")
    check_accessibility(page)

    page.get_by_role("link", name="My offers").click()
    row = page.locator("tr[data-offer]")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-status", "pending")
    expect(row.get_by_role("link", name="Kitchen deep clean")).to_be_visible()
    check_accessibility(page)
