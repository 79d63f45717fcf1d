"""Journey: the owner of a job and a cleaner who offered talk in the
offer's private thread, with JavaScript (sent messages appear in place,
the other side's arrive by polling) and without it (plain form posts)."""

import re

import pytest
from playwright.sync_api import expect

from ..builders import make_cleaning, make_offer, make_user
from .conftest import check_accessibility, log_in, mark_window, screenshot


@pytest.fixture
def fast_poll(app, monkeypatch):
    """The thread asks for new messages every second, not every 10."""
    monkeypatch.setitem(app.config, "MESSAGES_POLL_SECONDS", 1)


def test_a_conversation_with_javascript(app, new_page, fast_poll):
    rita = make_user(app, "rita")
    carlos = make_user(app, "carlos")
    job = make_cleaning(app, rita, name="Sunny loft")
    make_offer(app, job, carlos, message="I can come on Friday.")

    owner = new_page()
    log_in(owner, "rita")
    owner.goto(f"/cleanings/{job.id}")
    owner.locator('[data-offer="carlos"] [data-thread]').click()
    expect(owner).to_have_url(re.compile(r"/offers/carlos/messages$"))
    thread = owner.locator("#messages")
    expect(thread.get_by_text("I can come on Friday.")).to_be_visible()
    check_accessibility(owner)

    same_page = mark_window(owner)
    owner.get_by_label("Your message").fill("Could you bring a ladder?")
    owner.get_by_role("button", name="Send", exact=True).click()
    expect(thread.get_by_text("Could you bring a ladder?")).to_be_visible()
    expect(owner.get_by_label("Your message")).to_have_value("")
    assert same_page()

    cleaner = new_page()
    log_in(cleaner, "carlos")
    cleaner.goto(f"/cleanings/{job.id}")
    link = cleaner.locator("[data-thread]")
    expect(link).to_contain_text("1 new")
    link.click()
    expect(
        cleaner.locator("#messages").get_by_text("Could you bring a ladder?")
    ).to_be_visible()
    cleaner.get_by_label("Your message").fill("Yes, a small one.")
    cleaner.get_by_role("button", name="Send", exact=True).click()
    expect(
        cleaner.locator("#messages").get_by_text("Yes, a small one.")
    ).to_be_visible()

    # The owner's open thread learns of it by polling, without a reload.
    expect(thread.get_by_text("Yes, a small one.")).to_be_visible(timeout=10_000)
    assert same_page()
    # Each message once, in order: the poll and the send never repeat one.
    expect(thread.locator(".message")).to_have_count(3)
    expect(thread.locator(".message").last).to_contain_text("Yes, a small one.")
    screenshot(owner, "conversation-owner")
    owner.goto(f"/cleanings/{job.id}")
    expect(owner.locator('[data-offer="carlos"] [data-thread]')).not_to_contain_text(
        "new"
    )


def test_a_conversation_without_javascript(app, new_page):
    rita = make_user(app, "rita")
    carlos = make_user(app, "carlos")
    job = make_cleaning(app, rita, name="Sunny loft")
    make_offer(app, job, carlos)

    cleaner = new_page(javascript=False)
    log_in(cleaner, "carlos")
    cleaner.goto(f"/cleanings/{job.id}")
    cleaner.get_by_role("link", name="Messages with the owner").click()
    expect(cleaner.get_by_text("No messages yet.")).to_be_visible()
    cleaner.get_by_label("Your message").fill("Is parking easy?")
    cleaner.get_by_role("button", name="Send", exact=True).click()
    expect(cleaner).to_have_url(re.compile(r"/offers/carlos/messages$"))
    expect(cleaner.locator("#messages").get_by_text("Is parking easy?")).to_be_visible()
    check_accessibility(cleaner)

    owner = new_page(javascript=False)
    log_in(owner, "rita")
    owner.goto(f"/cleanings/{job.id}")
    link = owner.locator('[data-offer="carlos"] [data-thread]')
    expect(link).to_contain_text("1 new")
    link.click()
    expect(owner.locator("#messages").get_by_text("Is parking easy?")).to_be_visible()
    owner.get_by_label("Your message").fill("Yes, in front of the house.")
    owner.get_by_role("button", name="Send", exact=True).click()
    expect(
        owner.locator("#messages").get_by_text("Yes, in front of the house.")
    ).to_be_visible()
    # A blank message (the browser lets spaces through) is refused, with why.
    owner.get_by_label("Your message").fill("   ")
    owner.get_by_role("button", name="Send", exact=True).click()
    expect(owner.get_by_text("Write a message first.")).to_be_visible()

    cleaner.reload()
    expect(
        cleaner.locator("#messages").get_by_text("Yes, in front of the house.")
    ).to_be_visible()
