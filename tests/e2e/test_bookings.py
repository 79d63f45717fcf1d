"""Journey: bookings (CONTRACT "Bookings: when, where, how big"). A resident
posts a job with a date and a street address; a cleaner finds it by date
and area, with JavaScript and without; the resident accepts, the cleaner
marks the clean done once it has started, both rate each other, and each
side downloads the calendar event and reads it back with icalendar."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import text

from cleaning_app.extensions import db

from ..builders import BOOKED, make_cleaning, make_offer, make_user
from .conftest import (
    check_accessibility,
    fill_booking,
    log_in,
    mark_window,
    screenshot,
)

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
ADDRESS = "12 Albert Road"
DAY = datetime.now(UTC).date() + timedelta(days=10)
MY_BOOKING = {
    "date": DAY.isoformat(),
    "start_time": "10:30",
    "hours": "3.5",
    "area": "Stoke Newington",
    "address": ADDRESS,
    "bedrooms": "3",
    "bathrooms": "2",
}


def shown_day(day, at: str) -> str:
    """The listing's "Thu 10 Dec, 10:30" (the tests' site zone is UTC)."""
    year = "" if day.year == datetime.now(UTC).year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%b}{year}, {at}"


def card(page, name):
    return page.locator(".job-card", has=page.get_by_role("link", name=name))


def filter_jobs(page, javascript, **values):
    """Fill the listing's filters; with JavaScript they apply as they are
    typed (htmx, in place), without it the Search button sends them.
    Returns the check that no full page load happened (with JavaScript)."""
    if "/cleanings" not in page.url:
        page.goto("/cleanings")
    toggle = page.locator("details.filters-toggle")
    summary = toggle.locator("summary")
    if toggle.get_attribute("open") is None and summary.is_visible():
        summary.click()  # a narrow screen keeps the filters behind it
    same_page = mark_window(page)
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)
    if not javascript:
        page.get_by_role("button", name="Search").click()
    return same_page


@JAVASCRIPT
def test_post_a_dated_job_and_find_it_by_date_and_area(app, new_page, javascript):
    make_user(app, "rosa", full_name="Rosa Resident")
    make_user(app, "carl", full_name="Carl Cleaner")
    other = make_user(app, "olga")
    # Beside it: the same area another week, the same day elsewhere.
    later = BOOKED["starts_at"] + timedelta(days=14)
    make_cleaning(
        app,
        other,
        name="Later clean",
        **{**BOOKED, "starts_at": later, "area": "Stoke Newington"},
    )
    same_day = datetime.combine(DAY, datetime.min.time(), UTC) + timedelta(hours=9)
    make_cleaning(
        app, other, name="Elsewhere clean", **{**BOOKED, "starts_at": same_day}
    )

    owner = new_page(javascript=javascript)
    log_in(owner, "rosa")
    owner.goto("/cleanings/new")
    owner.get_by_label("Job title").fill("Spring clean, family home")
    owner.get_by_label("Deep Clean").check()
    owner.get_by_label("Hourly rate").fill("32.50")
    fill_booking(owner, MY_BOOKING)
    owner.get_by_role("button", name="Post job").click()

    expect(owner).to_have_url(re.compile(r"/cleanings/\d+$"))
    job_url = owner.url
    facts = owner.locator(".job .job-booking").first
    expect(facts).to_have_text(
        f"{shown_day(DAY, '10:30')} · 3.5 h · Stoke Newington · 3 bed, 2 bath"
        " · about $113.75"
    )
    expect(owner.locator(".job-address")).to_contain_text(ADDRESS)
    check_accessibility(owner)
    screenshot(owner, "booking-job-owner")

    cleaner = new_page(javascript=javascript)
    log_in(cleaner, "carl")
    day = DAY.isoformat()
    in_place = filter_jobs(cleaner, javascript, From=day, To=day, Area="newington")
    expect(card(cleaner, "Spring clean, family home")).to_be_visible()
    expect(card(cleaner, "Spring clean, family home")).to_contain_text(
        f"{shown_day(DAY, '10:30')} · 3.5 h · Stoke Newington"
    )
    expect(cleaner.locator(".job-card")).to_have_count(1)
    assert ADDRESS not in cleaner.content()
    expect(cleaner).to_have_url(re.compile(rf"from={day}.*area=newington"))
    assert in_place() == javascript
    check_accessibility(cleaner)
    screenshot(cleaner, "booking-listing-filtered")

    # Any date: the later clean in the same area shows too, until the
    # bedrooms filter leaves it out (2 bed).
    cleaner.goto("/cleanings")
    filter_jobs(cleaner, javascript, Area="stoke")
    expect(card(cleaner, "Later clean")).to_be_visible()
    expect(cleaner.locator(".job-card")).to_have_count(2)
    filter_jobs(cleaner, javascript, Bedrooms="3")
    expect(cleaner.locator(".job-card")).to_have_count(1)
    expect(card(cleaner, "Spring clean, family home")).to_be_visible()
    cleaner.get_by_role("link", name="Spring clean, family home").click()
    expect(cleaner).to_have_url(job_url)
    expect(cleaner.get_by_text(ADDRESS)).to_have_count(0)  # not hired


def in_the_past(app, cleaning_id: int) -> None:
    """The clean started an hour ago (booked the day before): the only way
    to reach a job's start without waiting for it."""
    with app.app_context():
        db.session.execute(
            text(
                "UPDATE cleanings SET starts_at = now() - interval '1 hour',"
                " created_at = now() - interval '1 day' WHERE id = :id"
            ),
            {"id": cleaning_id},
        )
        db.session.commit()


def pick_stars(page, question, n):
    group = page.get_by_role("group", name=re.compile(question))
    star = group.get_by_role("radio", name=f"{n} stars" if n > 1 else "1 star")
    star.click()
    expect(star).to_be_checked()


def calendar_event(page, cleaning_id):
    """Download the job's .ics from its page and parse it back."""
    link = page.get_by_role("link", name="Add to calendar")
    expect(link).to_have_attribute("href", f"/cleanings/{cleaning_id}/calendar.ics")
    with page.expect_download() as info:
        link.click()
    body = Path(info.value.path()).read_bytes()
    events = Calendar.from_ical(body).walk("VEVENT")
    assert len(events) == 1
    return events[0]


@JAVASCRIPT
def test_accept_mark_done_rate_both_ways_and_add_to_calendar(app, new_page, javascript):
    rosa = make_user(app, "rosa", full_name="Rosa Resident")
    carl = make_user(app, "carl", full_name="Carl Cleaner")
    dora = make_user(app, "dora", full_name="Dora Duster")
    job = make_cleaning(
        app,
        rosa,
        name="Move-out deep clean",
        cleaning_type="full_clean",
        price="30.00",
        address=ADDRESS,
        **BOOKED,
    )
    make_offer(app, job, carl, message="Free that morning.")
    make_offer(app, job, dora)

    owner = new_page(javascript=javascript)
    log_in(owner, "rosa")
    owner.goto(f"/cleanings/{job.id}")
    expect(owner.get_by_role("link", name="Add to calendar")).to_have_count(0)
    if javascript:
        owner.once("dialog", lambda dialog: dialog.accept())
    owner.get_by_role("button", name="Accept @carl's offer").click()
    if not javascript:
        owner.get_by_role("button", name=re.compile("^Yes, accept")).click()
    row = owner.locator('#offers-table tr[data-offer="carl"]')
    expect(row).to_have_attribute("data-status", "accepted")
    # Booked, not yet done: nothing to rate.
    expect(owner.get_by_role("link", name="Rate @carl")).to_have_count(0)

    event = calendar_event(owner, job.id)
    start = BOOKED["starts_at"]
    assert event.decoded("dtstart") == start
    assert event.decoded("dtstart").utcoffset() == timedelta(0)  # UTC, no TZID
    assert event.decoded("dtend") == start + timedelta(hours=3)
    assert "Move-out deep clean" in str(event["summary"])
    assert str(event["location"]) == f"{ADDRESS}, Camden"

    cleaner = new_page(javascript=javascript)
    log_in(cleaner, "carl")
    cleaner.goto(f"/cleanings/{job.id}")
    expect(cleaner.get_by_role("heading", name="Offer accepted")).to_be_visible()
    expect(cleaner.locator(".job-address")).to_contain_text(ADDRESS)
    expect(cleaner.get_by_role("button", name="Mark done")).to_have_count(0)
    mine = calendar_event(cleaner, job.id)
    assert mine.decoded("dtstart") == start
    assert str(mine["location"]) == f"{ADDRESS}, Camden"
    # The private link a calendar app subscribes to lists the same clean.
    cleaner.goto("/account")
    link = cleaner.get_by_label("Private calendar link").input_value()
    feed = new_page().request.get(link)  # no login: the link is the key
    assert feed.status == 200
    (subscribed,) = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert subscribed["uid"] == mine["uid"]
    assert subscribed.decoded("dtstart") == start
    cleaner.goto(f"/cleanings/{job.id}")

    in_the_past(app, job.id)
    cleaner.reload()
    cleaner.get_by_role("button", name="Mark done").click()
    expect(cleaner.get_by_text("You marked this job done.")).to_be_visible()
    expect(cleaner.get_by_role("button", name="Mark done")).to_have_count(0)
    check_accessibility(cleaner)
    screenshot(cleaner, "booking-job-done-cleaner")

    owner.reload()
    owner.get_by_role("link", name="Rate @carl").click()
    expect(owner).to_have_url(re.compile(rf"/cleanings/{job.id}/evaluation$"))
    pick_stars(owner, "Overall rating", 5)
    owner.get_by_label("Headline").fill("Spotless, deposit back")
    owner.get_by_role("button", name="Submit review").click()
    expect(owner).to_have_url(re.compile(r"/profiles/carl$"))
    expect(owner.locator(".review").first).to_contain_text("Spotless, deposit back")

    cleaner.reload()
    cleaner.get_by_role("link", name="Review @rosa").click()
    expect(cleaner).to_have_url(re.compile(rf"/cleanings/{job.id}/client-review$"))
    check_accessibility(cleaner)
    cleaner.get_by_role("button", name="Submit review").click()  # no stars yet
    expect(cleaner.locator(".star-field.has-error")).to_have_count(1)
    pick_stars(cleaner, "Rating", 4)
    cleaner.get_by_label("Comment").fill("Clear instructions, keys in the lockbox.")
    cleaner.get_by_role("button", name="Submit review").click()
    expect(cleaner).to_have_url(re.compile(r"/profiles/rosa$"))
    expect(
        cleaner.get_by_text("Thanks! Your review of @rosa is published.")
    ).to_be_visible()
    expect(
        cleaner.get_by_text("Clear instructions, keys in the lockbox.")
    ).to_be_visible()
    screenshot(cleaner, "booking-client-review")

    cleaner.goto(f"/cleanings/{job.id}")
    expect(cleaner.get_by_text("You reviewed the resident. Thank you!")).to_be_visible()
    with app.app_context():
        done_at, starts_at = db.session.execute(
            text("SELECT done_at, starts_at FROM cleanings WHERE id = :id"),
            {"id": job.id},
        ).one()
    assert starts_at <= done_at <= datetime.now(UTC)
