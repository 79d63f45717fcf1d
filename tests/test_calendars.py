"""Calendars: a booked clean's .ics for its two sides, and each user's
private feed (CONTRACT "Bookings"). Every answer is parsed back with
icalendar, and its instants checked, in UTC and in a zone with summer time."""

import html
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from icalendar import Calendar
from sqlalchemy import update

from cleaning_app.extensions import db
from cleaning_app.models import Cleaning, User

from .builders import body, make_cleaning, make_offer, make_user
from .conftest import Client, make_app

ADDRESS = "12 Elm Road, Flat 3"
LINK = re.compile(r'id="calendar-link" type="url" value="([^"]+)"')


def soon(days=3, hour=9):
    """A whole hour some days ahead, in UTC."""
    day = datetime.now(UTC) + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def booked(app, owner, cleaner, status="accepted", **fields):
    """A dated job of `owner`'s with `cleaner` hired."""
    fields.setdefault("starts_at", soon())
    fields.setdefault("hours", Decimal("3"))
    fields.setdefault("area", "Camden")
    fields.setdefault("address", ADDRESS)
    fields.setdefault("bedrooms", 2)
    fields.setdefault("bathrooms", 1)
    job = make_cleaning(app, owner, **fields)
    # An offer placed in time with its job (`minutes_ago`).
    at = {"created_at": job.created_at, "updated_at": job.updated_at}
    make_offer(app, job, cleaner, status=status, **at)
    return job


def events(response):
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.get_data()).walk("VEVENT")


def the_event(response):
    (event,) = events(response)
    return event


def ics_url(job):
    return f"/cleanings/{job.id}/calendar.ics"


def feed_path(browser) -> str:
    """The private link the account page shows, as a path."""
    page = browser.get("/account")
    assert page.status_code == 200
    link = html.unescape(LINK.search(body(page)).group(1))
    assert link.startswith("http://localhost/calendar/") and link.endswith(".ics")
    return link.removeprefix("http://localhost")


# --- one clean's event ----------------------------------------------------


def test_the_owner_downloads_the_clean_as_an_event(app, owner, rita, carlos):
    start = soon()
    job = booked(app, rita, carlos, name="Two-bedroom flat", starts_at=start)
    response = owner.get(ics_url(job))
    event = the_event(response)
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="phresh-cleaning-{job.id}.ics"'
    )
    assert event.decoded("dtstart") == start
    assert event.decoded("dtend") == start + timedelta(hours=3)
    assert str(event["summary"]) == "Two-bedroom flat (Spot Clean)"
    assert str(event["location"]) == f"{ADDRESS}, Camden"
    description = str(event["description"])
    assert "Your cleaner: Carlos Diaz (@carlos)" in description
    assert "$25.00/hr, about $75.00 in all" in description
    assert f"http://localhost/cleanings/{job.id}" in description
    assert str(event["uid"]) == f"cleaning-{job.id}@localhost"
    assert "dtstamp" in event and "last-modified" in event
    # Written in UTC, which every calendar app reads alike.
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in response.get_data(as_text=True)


@pytest.mark.parametrize("status", ["accepted", "completed"])
def test_the_hired_cleaner_downloads_it_naming_the_owner(
    app, cleaner, rita, carlos, status
):
    job = booked(app, rita, carlos, status=status, hours=Decimal("2.5"))
    event = the_event(cleaner.get(ics_url(job)))
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2.5)
    assert "The owner: Rita Reyes (@rita)" in str(event["description"])
    assert ADDRESS in str(event["location"])


def test_times_are_the_same_instants_in_a_zone_with_summer_time(app, database_url):
    london = make_app(database_url, PHRESH_TIMEZONE="Europe/London")
    owner, cleaner = make_user(london, "ann"), make_user(london, "bob")
    # 09:00 in London in July is 08:00 UTC; 09:00 in January is 09:00 UTC.
    summer = datetime(datetime.now(UTC).year + 1, 7, 1, 8, 0, tzinfo=UTC)
    winter = summer.replace(month=1, hour=9)
    jobs = [
        booked(london, owner, cleaner, starts_at=at, hours=Decimal("1.5"))
        for at in (summer, winter)
    ]
    browser = Client(london.test_client())
    browser.post(
        "/auth/login", {"login": "ann", "password": "correct horse battery staple"}
    )
    for job, start in zip(jobs, (summer, winter), strict=True):
        event = the_event(browser.get(ics_url(job)))
        assert event.decoded("dtstart") == start
        assert event.decoded("dtend") == start + timedelta(hours=1.5)
    feed = events(Client(london.test_client()).get(feed_path(browser)))
    assert [e.decoded("dtstart") for e in feed] == [winter, summer]


def test_an_edit_updates_the_event_rather_than_adding_one(app, owner, rita, carlos):
    job = booked(app, rita, carlos, minutes_ago=60)
    before = the_event(owner.get(ics_url(job)))
    with app.app_context():
        db.session.execute(
            update(Cleaning).where(Cleaning.id == job.id).values(name="Moved flat")
        )
        db.session.commit()
    after = the_event(owner.get(ics_url(job)))
    assert after["uid"] == before["uid"]
    assert str(after["summary"]) == "Moved flat (Spot Clean)"
    assert after["sequence"] > before["sequence"]
    assert after.decoded("last-modified") > before.decoded("last-modified")


def test_others_get_403_and_never_the_address(app, rita, carlos, browser_as, client):
    job = booked(app, rita, carlos)
    pending = make_user(app, "penny")
    make_offer(app, job, pending)
    for user in (pending, make_user(app, "stranger")):
        response = browser_as(user).get(ics_url(job))
        assert response.status_code == 403
        assert ADDRESS not in body(response)
    response = client.get(ics_url(job))
    assert response.status_code == 302
    assert response.location == f"/auth/login?next={ics_url(job)}"


def test_nothing_to_put_in_a_calendar_is_a_404(app, rita, carlos, owner, cleaner):
    undated = booked(app, rita, carlos, starts_at=None, hours=None)
    unhired = make_cleaning(app, rita, starts_at=soon(), hours=Decimal("2"))
    make_offer(app, unhired, carlos)  # pending
    assert owner.get(ics_url(undated)).status_code == 404
    assert cleaner.get(ics_url(undated)).status_code == 404
    assert owner.get(ics_url(unhired)).status_code == 404
    assert cleaner.get(ics_url(unhired)).status_code == 403  # not hired
    assert owner.get("/cleanings/999999/calendar.ics").status_code == 404


def test_the_job_page_offers_the_download_to_the_two_sides_only(
    app, rita, carlos, owner, cleaner, browser_as, client
):
    job = booked(app, rita, carlos)
    undated = booked(app, rita, carlos, starts_at=None, hours=None)
    # A file, not a page: a boosted link would swap it into the page.
    link = f'href="{ics_url(job)}" download hx-boost="false"'
    assert link in body(owner.get(f"/cleanings/{job.id}"))
    assert link in body(cleaner.get(f"/cleanings/{job.id}"))
    assert link not in body(browser_as(make_user(app)).get(f"/cleanings/{job.id}"))
    assert link not in body(client.get(f"/cleanings/{job.id}"))
    assert "Add to calendar" not in body(owner.get(f"/cleanings/{undated.id}"))


# --- the private feed -------------------------------------------------------


def test_the_feed_lists_exactly_the_users_booked_cleans(
    app, rita, carlos, owner, make_client
):
    other = make_user(app, "olga")
    mine_as_owner = booked(app, rita, carlos, starts_at=soon(2))
    mine_as_cleaner = booked(app, other, rita, status="completed", starts_at=soon(5))
    last_week = booked(app, rita, carlos, starts_at=soon(-3))
    booked(app, rita, carlos, starts_at=soon(-10))  # long past
    booked(app, rita, carlos, starts_at=None, hours=None)  # undated
    booked(app, other, carlos)  # not rita's
    pending = make_cleaning(app, rita, starts_at=soon(), hours=Decimal("2"))
    make_offer(app, pending, carlos)
    make_cleaning(app, rita, starts_at=soon(), hours=Decimal("2"))  # no offers
    stranger = make_client()  # a calendar app: no cookies
    response = stranger.get(feed_path(owner))
    found = events(response)
    assert [str(e["uid"]) for e in found] == [
        f"cleaning-{job.id}@localhost"
        for job in (last_week, mine_as_owner, mine_as_cleaner)
    ]
    calendar = Calendar.from_ical(response.get_data())
    assert str(calendar["x-wr-calname"]) == "Phresh cleans (@rita)"
    assert ADDRESS in str(found[1]["location"])
    assert "Your cleaner: Carlos Diaz (@carlos)" in str(found[1]["description"])
    assert "The owner: @olga" in str(found[2]["description"])


def test_the_feed_needs_no_cookies_and_sets_none(app, rita, carlos, owner, make_client):
    booked(app, rita, carlos)
    path = feed_path(owner)
    calendar_app = make_client()
    for _ in range(2):
        response = calendar_app.raw.get(path)
        assert response.status_code == 200
        assert response.headers.getlist("Set-Cookie") == []
        # Nothing on the way may keep a copy of a feed with addresses in it.
        assert response.headers["Cache-Control"] == "private, no-store"
        assert "ETag" not in response.headers
    assert calendar_app.raw.get_cookie("session") is None


def test_renewing_the_link_ends_the_old_one(app, rita, carlos, owner, make_client):
    booked(app, rita, carlos)
    old = feed_path(owner)
    calendar_app = make_client()
    assert calendar_app.get(old).status_code == 200
    response = owner.post("/account/calendar")
    assert (response.status_code, response.location) == (303, "/account")
    page = body(owner.get("/account"))
    assert "Your calendar link is renewed" in page
    new = feed_path(owner)
    assert new != old
    assert calendar_app.get(old).status_code == 404
    assert len(events(calendar_app.get(new))) == 1
    assert feed_path(owner) == new  # shown again, not renewed by looking


def test_renewing_needs_the_csrf_token_and_acts_once_per_form(app, owner, make_client):
    path = feed_path(owner)
    response = owner.post("/account/calendar", csrf=False)
    assert response.status_code == 400
    assert feed_path(owner) == path
    form = body(owner.get("/account"))
    key = re.search(r'name="submission_key" value="([^"]+)"', form).group(1)
    for _ in range(2):  # a double click
        response = owner.post("/account/calendar", {"submission_key": key})
        assert response.status_code == 303
    renewed = feed_path(owner)
    assert renewed != path
    assert make_client().get(renewed).status_code == 200


def test_a_deactivated_users_link_is_a_404(app, rita, owner, make_client):
    path = feed_path(owner)
    with app.app_context():
        db.session.execute(
            update(User).where(User.id == rita.id).values(is_active=False)
        )
        db.session.commit()
    assert make_client().get(path).status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "1-",
        "1-" + "0" * 64,
        "0-" + "0" * 64,
        "99999999999-" + "a" * 64,
        "2147483648-" + "a" * 64,
        "9" * 5000,
        "1-" + "a" * 5000,
        "ü-ñ",
        "..",
        "a.b.c",
        "1.2-3",
        "%00",
        "1-%0A",
        "-1-" + "a" * 64,
    ],
)
def test_bad_tokens_are_404s(app, owner, client, token):
    good = feed_path(owner)
    response = client.raw.get(f"/calendar/{token}.ics")
    assert response.status_code == 404
    assert response.headers.getlist("Set-Cookie") == []
    assert client.get(good).status_code == 200


def test_a_link_turned_another_way_is_a_404(app, rita, carlos, owner, cleaner, client):
    rita_path, carlos_path = feed_path(owner), feed_path(cleaner)
    rita_id, rita_mac = (
        rita_path.removeprefix("/calendar/").removesuffix(".ics").split("-")
    )
    carlos_mac = carlos_path.removesuffix(".ics").split("-")[1]
    for token in (
        f"{rita_id}-{carlos_mac}",  # another user's MAC
        f"{rita_id}-{rita_mac.upper()}",
        f"{rita_id}-{rita_mac[:-1]}",
        f"0{rita_id}-{rita_mac}",
        f"{rita_id}-{rita_mac}.ics",
    ):
        assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert client.get(rita_path).status_code == 200


def test_a_feed_costs_the_same_queries_for_2_or_20_cleans(
    app, rita, carlos, owner, make_client, query_counter
):
    path = feed_path(owner)
    calendar_app = make_client()
    counts = []
    for n in (2, 18):
        for day in range(n):
            booked(app, rita, carlos, starts_at=soon(day + 1))
        with query_counter:
            assert len(events(calendar_app.get(path))) in (2, 20)
        counts.append(query_counter.count)
    assert counts[0] == counts[1]


# --- the account page -----------------------------------------------------


def test_the_account_page_shows_the_link_and_links_the_password(app, owner, client):
    page = body(owner.get("/account"))
    assert 'href="/account/password"' in page
    assert re.search(r'id="calendar-link" type="url" value="[^"]+" readonly', page)
    assert 'action="/account/calendar"' in page
    assert 'href="/account"' in body(owner.get("/cleanings"))  # the nav's Account
    assert owner.get("/account/password").status_code == 200
    response = client.get("/account")
    assert response.location == "/auth/login?next=/account"
