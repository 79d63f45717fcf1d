"""Journey: a cleaner offers to clean a job, the owner accepts in place
(htmx) or through plain forms (no JavaScript), and both then see each
other's phone number."""

import re

import pytest
from playwright.sync_api import expect

from ..builders import make_cleaning, make_offer, make_user
from .conftest import check_accessibility, log_in, mark_window, screenshot


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_cleaner_offers_and_owner_accepts(app, new_page, javascript):
    rita = make_user(app, "rita", phone_number="+1 555 010 1111")
    make_user(app, "carlos", phone_number="+1 555 020 2222", role="clean")
    job = make_cleaning(app, rita, name="Sunny loft")
    make_offer(app, job, make_user(app, "nadia"), message="Weekends only.")

    cleaner = new_page(javascript=javascript)
    log_in(cleaner, "carlos")
    cleaner.goto(f"/cleanings/{job.id}")
    check_accessibility(cleaner)
    cleaner.get_by_label("Message to the owner").fill("I can come on Friday.")
    cleaner.get_by_role("button", name="Offer to clean").click()
    expect(cleaner.get_by_role("heading", name="Offer pending")).to_be_visible()
    expect(cleaner.get_by_text("Your offer is sent.")).to_be_visible()

    owner = new_page(javascript=javascript)
    log_in(owner, "rita")
    owner.goto(f"/cleanings/{job.id}")
    table = owner.locator("#offers-table")
    expect(table.get_by_text("I can come on Friday.")).to_be_visible()
    check_accessibility(owner)
    if javascript:
        screenshot(owner, "job-offers-owner")
    if javascript:
        same_page = mark_window(owner)
        owner.once("dialog", lambda dialog: dialog.accept())
    owner.get_by_role("button", name="Accept @carlos's offer").click()
    if not javascript:  # Accept asks first, on a page of its own
        owner.get_by_role("button", name="Yes, accept @carlos").click()
    expect(owner.locator('[data-offer="nadia"] .badge')).to_have_text("Rejected")
    expect(owner.locator('[data-offer="carlos"] .badge')).to_have_text("Accepted")
    expect(owner.get_by_text("You accepted @carlos's offer.")).to_be_visible()
    expect(owner.get_by_text("+1 555 020 2222")).to_be_visible()
    expect(owner.get_by_role("link", name="Rate @carlos")).to_be_visible()
    if javascript:  # the table changed in place: no page load
        assert same_page()
    check_accessibility(owner)

    cleaner.goto(f"/cleanings/{job.id}")
    expect(cleaner.get_by_role("heading", name="Offer accepted")).to_be_visible()
    expect(cleaner.get_by_text("+1 555 010 1111")).to_be_visible()
    cleaner.get_by_role("link", name="My offers").first.click()
    expect(cleaner).to_have_url(re.compile(r"/offers/mine$"))
    expect(cleaner.get_by_role("link", name="Sunny loft")).to_be_visible()
    check_accessibility(cleaner)
