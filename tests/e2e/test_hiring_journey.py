"""Journeys 3 and 4: the resident accepts one of two offers (in place with
JavaScript), both sides see each other's phone number; the cleaner
cancels, the job re-opens, the resident accepts again and rates the
cleaner with the star pickers; the profile and the feed show it."""

import re

import pytest
from playwright.sync_api import expect

from ..builders import make_cleaning, make_offer, make_user
from .conftest import check_accessibility, log_in, mark_window, screenshot

ROSA_PHONE, CARL_PHONE, DORA_PHONE = "+1 555 0100", "+1 555 0111", "+1 555 0122"
JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])


def cast(app):
    rosa = make_user(app, "rosa", full_name="Rosa Resident", phone_number=ROSA_PHONE)
    carl = make_user(app, "carl", full_name="Carl Cleaner", phone_number=CARL_PHONE)
    dora = make_user(app, "dora", full_name="Dora Duster", phone_number=DORA_PHONE)
    job = make_cleaning(
        app, rosa, name="Kitchen deep clean", cleaning_type="full_clean"
    )
    return rosa, carl, dora, job


def row(page, username):
    return page.locator(f'#offers-table tr[data-offer="{username}"]')


def answer(page, label, javascript):
    """Click Accept/Reject; with JavaScript, prove the table was swapped in
    place: the answer is a fragment, the page was never reloaded."""
    button = page.get_by_role("button", name=label)
    accepting = label.startswith("Accept")
    if not javascript:
        button.click()
        if accepting:  # the confirmation page
            page.get_by_role("button", name=re.compile("^Yes, accept")).click()
        return
    if accepting:  # OK in the confirm dialog
        page.once("dialog", lambda dialog: dialog.accept())
    same_page = mark_window(page)
    url = page.url
    with page.expect_response(re.compile(r"/offers/\w+/(accept|reject)$")) as info:
        button.click()
    assert "<html" not in info.value.text(), "expected only the offers table"
    expect(page.locator("#offers-table")).to_be_visible()
    assert page.url == url
    assert same_page(), "accepting reloaded the whole page"


def pick_stars(page, question, n):
    """Click the nth star of a picker (each star is a radio button)."""
    group = page.get_by_role("group", name=re.compile(question))
    star = group.get_by_role("radio", name=f"{n} stars" if n > 1 else "1 star")
    star.click()
    expect(star).to_be_checked()


@JAVASCRIPT
def test_resident_accepts_an_offer_and_phones_are_shared(app, new_page, javascript):
    rosa, carl, dora, job = cast(app)
    make_offer(app, job, carl, message="Free on Saturday morning.")
    make_offer(app, job, dora, message="I can come any weekday.")

    owner = new_page(javascript=javascript)
    log_in(owner, "rosa")
    owner.goto(f"/cleanings/{job.id}")
    expect(row(owner, "carl")).to_contain_text("Free on Saturday morning.")
    expect(row(owner, "dora")).to_have_attribute("data-status", "pending")
    assert CARL_PHONE not in owner.content()  # not before accepting
    check_accessibility(owner)
    screenshot(owner, "job-owner")

    answer(owner, "Accept @carl's offer", javascript)
    expect(row(owner, "carl")).to_have_attribute("data-status", "accepted")
    expect(row(owner, "dora")).to_have_attribute("data-status", "rejected")
    expect(row(owner, "dora")).to_contain_text("Rejected")
    expect(owner.locator("[data-phone]")).to_have_text(CARL_PHONE)
    assert DORA_PHONE not in owner.content()
    check_accessibility(owner)

    cleaner = new_page(javascript=javascript)
    log_in(cleaner, "carl")
    cleaner.goto(f"/cleanings/{job.id}")
    expect(cleaner.get_by_role("heading", name="Offer accepted")).to_be_visible()
    expect(cleaner.locator("[data-phone]")).to_have_text(ROSA_PHONE)
    check_accessibility(cleaner)

    other = new_page(javascript=javascript)
    log_in(other, "dora")
    other.goto(f"/cleanings/{job.id}")
    expect(other.get_by_role("heading", name="Offer rejected")).to_be_visible()
    assert ROSA_PHONE not in other.content()
    assert CARL_PHONE not in other.content()


@JAVASCRIPT
def test_cleaner_cancels_then_resident_accepts_again_and_rates(
    app, new_page, javascript
):
    rosa, carl, dora, job = cast(app)
    make_offer(app, job, carl, status="accepted")
    make_offer(app, job, dora, status="rejected", message="I can come any weekday.")

    cleaner = new_page(javascript=javascript)
    log_in(cleaner, "carl")
    cleaner.goto(f"/cleanings/{job.id}")
    cleaner.get_by_role("button", name="Cancel offer").click()
    expect(cleaner.get_by_role("heading", name="Offer cancelled")).to_be_visible()
    expect(cleaner.locator("[data-phone]")).to_have_count(0)

    owner = new_page(javascript=javascript)
    log_in(owner, "rosa")
    owner.goto(f"/cleanings/{job.id}")
    expect(owner.locator(".job .badge-open")).to_be_visible()  # re-opened
    expect(row(owner, "carl")).to_have_attribute("data-status", "cancelled")
    expect(row(owner, "dora")).to_have_attribute("data-status", "pending")
    answer(owner, "Accept @dora's offer", javascript)
    expect(row(owner, "dora")).to_have_attribute("data-status", "accepted")
    expect(owner.locator("[data-phone]")).to_have_text(DORA_PHONE)

    owner.get_by_role("link", name="Rate @dora").click()
    expect(owner).to_have_url(re.compile(rf"/cleanings/{job.id}/evaluation$"))
    check_accessibility(owner)
    owner.get_by_role("button", name="Submit review").click()  # no stars yet
    expect(owner.locator(".star-field.has-error")).to_have_count(1)
    pick_stars(owner, "Overall rating", 4)
    pick_stars(owner, "Professionalism", 5)
    pick_stars(owner, "Efficiency", 3)
    owner.get_by_label("Headline").fill("Spotless oven")
    owner.get_by_label("Comment").fill("Thorough and on time.")
    owner.get_by_role("button", name="Submit review").click()

    expect(owner).to_have_url(re.compile(r"/profiles/dora$"))
    review = owner.locator(".review").first
    expect(review.get_by_role("img", name="4 out of 5 stars")).to_be_visible()
    expect(review).to_contain_text("Spotless oven")
    expect(review).to_contain_text("Professionalism 5/5 · Efficiency 3/5")
    histogram = owner.locator("svg.histogram")
    expect(histogram).to_have_attribute("aria-label", re.compile("4 stars: 1"))
    expect(histogram.locator("rect.bar")).to_have_count(1)
    check_accessibility(owner)
    screenshot(owner, "profile")

    owner.goto(f"/cleanings/{job.id}")
    expect(owner.get_by_text("Job completed and rated.")).to_be_visible()
    owner.get_by_role("link", name="Feed").click()
    events = owner.locator(".feed-item")
    expect(events.first).to_have_attribute("data-event", "cleaning_completed")
    expect(events.nth(1)).to_have_attribute("data-event", "offer_accepted")
    expect(events.first.get_by_role("link", name="Kitchen deep clean")).to_be_visible()
