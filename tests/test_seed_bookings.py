"""`flask seed` fills the bookings (CONTRACT "Bookings") realistically and
never in an impossible state: a past job was hired and done (and reviewed
both ways, or not yet) or expired unbooked; a future job is open or booked.

One seed for the module, in a zone that is not UTC (so "working hours"
means the site's hours), read back with SQL of its own."""

import re
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from cleaning_app.seed import DEMO_PASSWORD
from cleaning_app.seed_text import AREAS

from .builders import log_in
from .conftest import Client
from .seeded import ZONE, seeded_app, sql

HIRED = "o.status IN ('accepted', 'completed')"
# When a dated job was done: marked done, or its scheduled end.
FINISHED = "coalesce(c.done_at, c.starts_at + c.hours * interval '1 hour')"
# A reader's sense of a home's bedrooms, independent of seed_text.
BEDROOM_WORDS = {"studio": 0, "one": 1, "two": 2, "three": 3, "four": 4}


@pytest.fixture(scope="module")
def seeded(database_url):
    with seeded_app(database_url, users=14, cleanings=400) as app:
        yield app


def none_of(app, where: str, joins: str = "") -> None:
    """No job matches `where`: the offending rows, if any, in the message."""
    found = sql(app, f"SELECT c.id FROM cleanings c {joins} WHERE {where}")
    assert found == [], where


def test_no_seeded_timestamp_lies_in_the_future(seeded):
    for table in ("users", "cleanings", "offers", "evaluations", "client_reviews"):
        future = f"SELECT count(*) FROM {table} WHERE created_at > now()"
        future += " OR updated_at > now()"
        assert sql(seeded, future) == [(0,)], table
    assert sql(seeded, "SELECT count(*) FROM activities WHERE created_at > now()")[
        0
    ] == (0,)
    none_of(seeded, "c.done_at > now()")
    # Only a booked clean's start lies ahead, and every job was posted
    # before its start, with its offers.
    none_of(seeded, "c.created_at >= c.starts_at")
    none_of(
        seeded, "o.created_at >= c.starts_at", "JOIN offers o ON o.cleaning_id = c.id"
    )


def test_past_jobs_are_done_or_expired_and_future_ones_open_or_booked(seeded):
    hired = f"JOIN offers o ON o.cleaning_id = c.id AND {HIRED}"
    # Past and hired: done, or its scheduled end has passed.
    none_of(seeded, f"c.starts_at <= now() AND {FINISHED} > now()", hired)
    # Done only with a hired cleaner, never before the start.
    none_of(
        seeded,
        f"c.done_at IS NOT NULL AND NOT EXISTS (SELECT FROM offers o"
        f" WHERE o.cleaning_id = c.id AND {HIRED})",
    )
    none_of(seeded, "c.done_at < c.starts_at")
    # A future job is not done, and was not rated.
    none_of(seeded, "c.starts_at > now() AND c.done_at IS NOT NULL")
    none_of(
        seeded,
        "c.starts_at > now() AND o.status = 'completed'",
        "JOIN offers o ON o.cleaning_id = c.id",
    )
    # An undated job has no booking at all and no done_at.
    none_of(
        seeded,
        "c.starts_at IS NULL AND (c.done_at IS NOT NULL OR c.hours IS NOT NULL"
        " OR c.area IS NOT NULL OR c.bedrooms IS NOT NULL OR c.address <> '')",
    )


def test_reviews_both_ways_only_of_the_hired_cleaner_on_a_done_job(seeded):
    for table, who in (
        ("evaluations", "r.cleaner_id"),
        ("client_reviews", "r.cleaner_id"),
    ):
        joins = f"JOIN {table} r ON r.cleaning_id = c.id"
        # The reviewed cleaner is the hired one.
        none_of(
            seeded,
            f"NOT EXISTS (SELECT FROM offers o WHERE o.cleaning_id = c.id"
            f" AND o.user_id = {who} AND {HIRED})",
            joins,
        )
        # Reviewed only once done (dated jobs), and after the job was posted.
        none_of(seeded, f"c.starts_at IS NOT NULL AND r.created_at < {FINISHED}", joins)
        none_of(seeded, "r.created_at <= c.created_at", joins)
    none_of(
        seeded,
        "r.client_id <> c.owner_id",
        "JOIN client_reviews r ON r.cleaning_id = c.id",
    )
    # A completed offer is exactly a rated one.
    none_of(
        seeded,
        "(o.status = 'completed') <> EXISTS (SELECT FROM evaluations e"
        " WHERE e.cleaning_id = c.id AND e.cleaner_id = o.user_id)",
        "JOIN offers o ON o.cleaning_id = c.id",
    )


STORIES = {
    "open, no offers yet": "c.starts_at > now() AND NOT EXISTS"
    " (SELECT FROM offers o WHERE o.cleaning_id = c.id)",
    "open with pending offers": "c.starts_at > now() AND EXISTS (SELECT FROM"
    " offers o WHERE o.cleaning_id = c.id AND o.status = 'pending')",
    "booked": f"c.starts_at > now() AND EXISTS (SELECT FROM offers o"
    f" WHERE o.cleaning_id = c.id AND {HIRED})",
    "expired": f"c.starts_at <= now() AND NOT EXISTS (SELECT FROM offers o"
    f" WHERE o.cleaning_id = c.id AND {HIRED})",
    "done and reviewed both ways": "c.done_at IS NOT NULL"
    " AND EXISTS (SELECT FROM evaluations e WHERE e.cleaning_id = c.id)"
    " AND EXISTS (SELECT FROM client_reviews r WHERE r.cleaning_id = c.id)",
    "done by its end passing, reviewed both ways": "c.done_at IS NULL"
    " AND c.starts_at < now()"
    " AND EXISTS (SELECT FROM evaluations e WHERE e.cleaning_id = c.id)"
    " AND EXISTS (SELECT FROM client_reviews r WHERE r.cleaning_id = c.id)",
    "done, not yet rated": f"c.starts_at < now() AND EXISTS (SELECT FROM"
    f" offers o WHERE o.cleaning_id = c.id AND {HIRED} AND o.status = 'accepted')",
    "undated (posted before bookings)": "c.starts_at IS NULL",
    "with a street address": "c.address <> ''",
    "without a street address": "c.starts_at IS NOT NULL AND c.address = ''",
}


@pytest.mark.parametrize("story", STORIES)
def test_every_story_appears(seeded, story):
    found = sql(seeded, f"SELECT count(*) FROM cleanings c WHERE {STORIES[story]}")
    assert found[0][0] > 0, story


def test_starts_on_the_quarter_hour_in_working_hours_of_the_site_zone(seeded):
    starts = sql(
        seeded,
        "SELECT (starts_at AT TIME ZONE :zone)::time,"
        " ((starts_at + hours * interval '1 hour') AT TIME ZONE :zone)::time,"
        " starts_at > now() FROM cleanings WHERE starts_at IS NOT NULL",
        zone=ZONE,
    )
    assert len(starts) > 300
    for start, end, _ in starts:
        assert start.minute % 15 == 0 and start.second == 0, start
        assert start.hour >= 8 and start <= end and end.hour * 60 + end.minute <= 1200
    # Spread over the past weeks and the next weeks.
    days = sql(
        seeded,
        "SELECT count(DISTINCT starts_at::date), min(starts_at) - now(),"
        " max(starts_at) - now() FROM cleanings",
    )[0]
    assert days[0] > 30
    assert days[1].days <= -21 and days[2].days >= 21
    assert 0.2 < sum(future for *_, future in starts) / len(starts) < 0.8


def test_areas_come_from_the_list_and_sizes_match_the_titles(seeded):
    jobs = sql(
        seeded,
        "SELECT name, cleaning_type, area, bedrooms, bathrooms, hours FROM cleanings"
        " WHERE starts_at IS NOT NULL",
    )
    areas = {area for _, _, area, *_ in jobs}
    assert areas <= set(AREAS) and len(areas) > 6
    hours = {}
    for name, kind, _, bedrooms, bathrooms, length in jobs:
        place = name.rsplit(", ", 1)[1]
        said = [n for word, n in BEDROOM_WORDS.items() if re.match(word + r"\b", place)]
        if said and ("bed" in place or "studio" in place):
            assert bedrooms == said[0], (name, bedrooms)
        if "house" in place or "home" in place:
            assert bedrooms >= 2, (name, bedrooms)
        assert 0 <= bedrooms <= 5 and 1 <= bathrooms <= 3, name
        assert bathrooms <= max(bedrooms, 1), name
        hours.setdefault((kind, min(bedrooms, 3)), []).append(length)
    mean = {key: sum(v) / len(v) for key, v in hours.items()}
    # Hours grow with the home and with the depth of the clean.
    for kind in ("dust_up", "spot_clean", "full_clean"):
        assert mean[kind, 0] < mean[kind, 1] < mean[kind, 2] < mean[kind, 3], kind
    for bedrooms in range(4):
        assert mean["dust_up", bedrooms] < mean["full_clean", bedrooms]


def test_demo_logins_show_a_booking_and_reviews_both_ways(seeded):
    booked = sql(
        seeded,
        "SELECT count(*) FROM cleanings c JOIN users r ON r.id = c.owner_id"
        " JOIN offers o ON o.cleaning_id = c.id AND o.status = 'accepted'"
        " JOIN users w ON w.id = o.user_id WHERE r.username = 'resident_rita'"
        " AND w.username = 'cleaner_carlos' AND c.starts_at > now()",
    )
    assert booked[0][0] >= 1
    both_ways = sql(
        seeded,
        "SELECT count(*) FROM cleanings c JOIN users r ON r.id = c.owner_id"
        " JOIN evaluations e ON e.cleaning_id = c.id"
        " JOIN client_reviews cr ON cr.cleaning_id = c.id"
        " WHERE r.username = 'resident_rita' AND c.starts_at < now()",
    )
    assert both_ways[0][0] >= 2
    # Rita has a done job still to rate; Carlos reviewed residents too.
    to_rate = sql(
        seeded,
        "SELECT count(*) FROM cleanings c JOIN users r ON r.id = c.owner_id"
        " JOIN offers o ON o.cleaning_id = c.id AND o.status = 'accepted'"
        " WHERE r.username = 'resident_rita' AND c.starts_at < now()",
    )
    assert to_rate[0][0] >= 1
    written = sql(
        seeded,
        "SELECT count(*) FROM client_reviews cr JOIN users w ON w.id = cr.cleaner_id"
        " WHERE w.username = 'cleaner_carlos'",
    )
    assert written[0][0] >= 10


def test_every_demo_job_page_shows_its_state(seeded):
    """Each of the demo logins' jobs opens (no state the pages cannot
    draw); the resident's booked clean offers its calendar event, and her
    done, unrated job its "Rate" button."""
    jobs = sql(
        seeded,
        "SELECT c.id, u.username FROM cleanings c JOIN users u ON u.id = c.owner_id"
        " WHERE u.username = 'resident_rita' OR EXISTS (SELECT FROM offers o"
        " JOIN users w ON w.id = o.user_id WHERE o.cleaning_id = c.id"
        " AND w.username = 'cleaner_carlos') ORDER BY c.id",
    )
    booked = sql(
        seeded,
        "SELECT c.id FROM cleanings c JOIN offers o ON o.cleaning_id = c.id"
        " JOIN users w ON w.id = o.user_id AND w.username = 'cleaner_carlos'"
        " WHERE o.status = 'accepted' AND c.starts_at > now() ORDER BY c.id",
    )[0][0]
    for username in ("resident_rita", "cleaner_carlos"):
        browser = Client(seeded.test_client())
        log_in(browser, username, DEMO_PASSWORD)
        pages = [f"/cleanings/{cleaning_id}" for cleaning_id, _ in jobs]
        for url in [*pages, "/cleanings/mine", "/offers/mine", f"/profiles/{username}"]:
            assert browser.get(url).status_code == 200, url
        event = browser.get(f"/cleanings/{booked}/calendar.ics")
        assert event.status_code == 200
        (vevent,) = Calendar.from_ical(event.get_data()).walk("VEVENT")
        assert vevent.decoded("dtstart") > datetime.now(UTC)
    to_rate = sql(
        seeded,
        "SELECT c.id FROM cleanings c JOIN users u ON u.id = c.owner_id"
        " JOIN offers o ON o.cleaning_id = c.id AND o.status = 'accepted'"
        " WHERE u.username = 'resident_rita' AND c.starts_at < now()",
    )[0][0]
    rita = Client(seeded.test_client())
    log_in(rita, "resident_rita", DEMO_PASSWORD)
    assert "Add to calendar" in rita.get(f"/cleanings/{booked}").get_data(as_text=True)
    assert "Rate @" in rita.get(f"/cleanings/{to_rate}").get_data(as_text=True)
