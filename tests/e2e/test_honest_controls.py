"""Controls that say what they will do: Accept asks before it declines every
other offer (htmx's dialog with JavaScript, a confirmation page without),
and choosing stars clears the "Choose an overall rating" message."""

import re

from playwright.sync_api import expect

from ..builders import make_cleaning, make_offer, make_user
from .conftest import check_accessibility, log_in


def job_with_two_offers(app):
    rosa = make_user(app, "rosa")
    job = make_cleaning(app, rosa, name="Kitchen deep clean")
    make_offer(app, job, make_user(app, "carl"), message="Free on Saturday.")
    make_offer(app, job, make_user(app, "dora"), message="Any weekday.")
    return job


def row(page, username):
    return page.locator(f'#offers-table tr[data-offer="{username}"]')


def test_accept_asks_in_a_dialog_with_javascript(app, new_page):
    job = job_with_two_offers(app)
    owner = new_page()
    log_in(owner, "rosa")
    owner.goto(f"/cleanings/{job.id}")
    accepts = []
    owner.on(
        "request",
        lambda request: "/accept" in request.url and accepts.append(request.method),
    )
    questions = []

    def answer_with(yes):
        def handle(dialog):
            questions.append(dialog.message)
            dialog.accept() if yes else dialog.dismiss()

        return handle

    # "Cancel" in the dialog: nothing is sent, the offers stay pending.
    owner.once("dialog", answer_with(False))
    owner.get_by_role("button", name="Accept @carl's offer").click()
    expect(row(owner, "carl")).to_have_attribute("data-status", "pending")
    expect(row(owner, "dora")).to_have_attribute("data-status", "pending")

    # "OK": the accept goes through in place, the other offer is declined.
    owner.once("dialog", answer_with(True))
    with owner.expect_response(re.compile(r"/offers/carl/accept$")):
        owner.get_by_role("button", name="Accept @carl's offer").click()
    expect(row(owner, "carl")).to_have_attribute("data-status", "accepted")
    expect(row(owner, "dora")).to_have_attribute("data-status", "rejected")
    assert (
        questions
        == ["Accept @carl's offer? The 1 other pending offer will be declined."] * 2
    )
    assert accepts == ["POST"]  # only the confirmed click was sent
    # The job can no longer be deleted, and the page says so in place.
    expect(owner.get_by_role("link", name="Delete job")).to_have_count(0)
    expect(
        owner.get_by_text("A job with a hired cleaner can't be deleted.")
    ).to_be_visible()


def test_accept_asks_on_a_page_without_javascript(app, new_page):
    job = job_with_two_offers(app)
    owner = new_page(javascript=False)
    log_in(owner, "rosa")
    owner.goto(f"/cleanings/{job.id}")
    owner.get_by_role("button", name="Accept @carl's offer").click()

    expect(owner).to_have_url(
        re.compile(rf"/cleanings/{job.id}/offers/carl/accept/confirm\??$")
    )
    expect(owner.get_by_role("heading", name="Accept @carl's offer?")).to_be_visible()
    expect(
        owner.get_by_text("The 1 other pending offer will be declined.")
    ).to_be_visible()
    check_accessibility(owner)

    # Changing one's mind leads back to the job, nothing accepted.
    owner.get_by_role("link", name="Not yet").click()
    expect(row(owner, "carl")).to_have_attribute("data-status", "pending")

    owner.get_by_role("button", name="Accept @carl's offer").click()
    owner.get_by_role("button", name="Yes, accept @carl").click()
    expect(owner).to_have_url(re.compile(rf"/cleanings/{job.id}$"))
    expect(owner.get_by_text("You accepted @carl's offer.")).to_be_visible()
    expect(row(owner, "carl")).to_have_attribute("data-status", "accepted")
    expect(row(owner, "dora")).to_have_attribute("data-status", "rejected")
    expect(owner.get_by_role("link", name="Delete job")).to_have_count(0)


def test_choosing_stars_clears_the_rating_message(app, new_page):
    rosa = make_user(app, "rosa")
    job = make_cleaning(app, rosa, name="Kitchen deep clean")
    make_offer(app, job, make_user(app, "carl"), status="accepted")
    owner = new_page()
    log_in(owner, "rosa")
    owner.goto(f"/cleanings/{job.id}/evaluation")
    owner.get_by_role("button", name="Submit review").click()  # no stars yet

    overall = owner.get_by_role("group", name=re.compile("Overall rating"))
    message = owner.locator("#overall_rating-msg")
    expect(message).to_have_text("Choose an overall rating from 1 to 5 stars.")
    expect(overall).to_have_class(re.compile(r"\bhas-error\b"))

    star = overall.get_by_role("radio", name="4 stars")
    star.click()
    expect(star).to_be_checked()
    expect(message).to_have_text("")
    expect(message).not_to_have_class(re.compile(r"\bis-error\b"))
    expect(overall).not_to_have_class(re.compile(r"\bhas-error\b"))
    expect(star).to_have_attribute("aria-invalid", "false")
    check_accessibility(owner)

    owner.get_by_role("button", name="Submit review").click()
    expect(owner).to_have_url(re.compile(r"/profiles/carl$"))
    expect(owner.get_by_text("Your review of @carl is published.")).to_be_visible()
