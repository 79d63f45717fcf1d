"""Journey 5: the feed shows the newest events; "Load more" brings the
older ones (appended in place with JavaScript, a plain link without)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from ..builders import make_activity, make_cleaning, make_user
from .conftest import check_accessibility, log_in, mark_window, screenshot


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_feed_loads_older_events(app, new_page, javascript):
    rosa = make_user(app, "rosa")
    carl = make_user(app, "carl")
    start = datetime.now(UTC) - timedelta(days=3)
    for n in range(25):
        job = make_cleaning(app, rosa, name=f"Job number {n}")
        make_activity(app, rosa, job, created_at=start + timedelta(hours=n))
    make_activity(
        app, rosa, job, kind="offer_accepted", created_at=start + timedelta(hours=30)
    )
    make_activity(
        app,
        rosa,
        job,
        kind="cleaning_completed",
        created_at=start + timedelta(hours=31),
    )

    page = new_page(javascript=javascript)
    page.goto("/")  # the landing page shows the newest jobs and events
    expect(page.locator(".landing-jobs .job-card").first).to_be_visible()
    expect(page.locator(".landing-feed .feed-item").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "landing")
    log_in(page, carl.username)
    page.get_by_role("link", name="Feed").click()
    items = page.locator("#feed .feed-item")
    expect(items).to_have_count(20)
    expect(items.nth(0)).to_have_attribute("data-event", "cleaning_completed")
    expect(items.nth(1)).to_have_attribute("data-event", "offer_accepted")
    expect(items.nth(2)).to_have_attribute("data-event", "cleaning_posted")
    expect(items.nth(2)).to_contain_text("@rosa posted a job Job number 24")
    check_accessibility(page)
    screenshot(page, "feed")

    if javascript:
        same_page = mark_window(page)
        page.get_by_role("link", name="Load more").click()
        expect(items).to_have_count(27)  # the older seven, under the first 20
        assert same_page(), "Load more reloaded the whole page"
    else:
        page.get_by_role("link", name="Load more").click()
        expect(page).to_have_url(re.compile(r"/feed\?before="))
        expect(items).to_have_count(7)
        check_accessibility(page)
    expect(page.get_by_text("You're all caught up.")).to_be_visible()
    # Newest first, none skipped, none twice.
    posted = page.locator('#feed .feed-item[data-event="cleaning_posted"] .feed-job')
    first = 24 if javascript else 6
    assert posted.all_inner_texts() == [f"Job number {n}" for n in range(first, -1, -1)]
