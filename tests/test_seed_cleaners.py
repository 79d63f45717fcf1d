"""`flask seed` makes about a third of the users cleaners, and each
cleaner's profile agrees with the work they offered on and took (CONTRACT
"Cleaners: directory and invitations"). One seed for the module, read back
with SQL of its own."""

from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from .builders import text as page_text
from .conftest import Client
from .seeded import ZONE, seeded_app, sql

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@pytest.fixture(scope="module")
def seeded(database_url):
    with seeded_app(database_url, users=90, cleanings=900) as app:
        yield app


@pytest.fixture(scope="module")
def work(seeded):
    """cleaner id -> [(kind, price, area, weekday in the site zone, taken)]"""
    rows = sql(
        seeded,
        "SELECT o.user_id, c.cleaning_type, c.price, c.area,"
        f" lower(to_char(c.starts_at AT TIME ZONE '{ZONE}', 'Dy')),"
        " o.status IN ('accepted', 'completed')"
        " FROM offers o JOIN cleanings c ON c.id = o.cleaning_id",
    )
    found = defaultdict(list)
    for user_id, *rest in rows:
        found[user_id].append(tuple(rest))
    return found


@pytest.fixture(scope="module")
def profiles(seeded):
    return {
        row.user_id: row
        for row in sql(
            seeded,
            "SELECT p.*, u.role, u.username FROM cleaner_profiles p"
            " JOIN users u ON u.id = p.user_id",
        )
    }


def test_about_a_third_are_cleaners_and_each_has_a_profile(seeded, profiles):
    roles = dict(sql(seeded, "SELECT role, count(*) FROM users GROUP BY role"))
    cleaners = roles.get("clean", 0) + roles.get("both", 0)
    assert roles["both"] > 0 and roles["clean"] > 0
    assert 0.2 <= cleaners / sum(roles.values()) <= 0.5
    assert len(profiles) == cleaners
    assert {row.role for row in profiles.values()} == {"clean", "both"}


def test_the_demo_logins(seeded, profiles):
    roles = dict(sql(seeded, "SELECT username, role FROM users"))
    assert roles["resident_rita"] == "hire"
    assert roles["cleaner_carlos"] == "clean"
    carlos = next(p for p in profiles.values() if p.username == "cleaner_carlos")
    assert carlos.services and carlos.hourly_rate > 0
    assert len(carlos.areas) >= 2 and carlos.available_days


def test_only_cleaners_offer_and_only_those_who_hire_post(seeded):
    assert (
        sql(
            seeded,
            "SELECT o.user_id FROM offers o JOIN users u ON u.id = o.user_id"
            " WHERE u.role = 'hire'",
        )
        == []
    )
    assert (
        sql(
            seeded,
            "SELECT c.id FROM cleanings c JOIN users u ON u.id = c.owner_id"
            " WHERE u.role = 'clean'",
        )
        == []
    )


def test_services_list_every_kind_offered_on_or_taken(profiles, work):
    for user_id, jobs in work.items():
        kinds = {kind for kind, *_ in jobs}
        assert kinds <= set(profiles[user_id].services), user_id


def test_the_rate_is_near_the_jobs_taken(profiles, work):
    for user_id, jobs in work.items():
        prices = [price for _, price, _, _, taken in jobs if taken] or [
            price for _, price, *_ in jobs
        ]
        rate = profiles[user_id].hourly_rate
        assert min(prices) * Decimal("0.9") <= rate <= max(prices) * Decimal("1.1")


def test_areas_are_where_they_worked_most(profiles, work):
    for user_id, jobs in work.items():
        areas = Counter(area for _, _, area, _, _ in jobs if area)
        if not areas:
            continue
        listed = profiles[user_id].areas
        assert set(listed) <= set(areas), user_id
        most = max(areas.values())
        assert any(areas[area] == most for area in listed), user_id


def test_days_are_when_they_cleaned_most(profiles, work):
    for user_id, jobs in work.items():
        days = Counter(day for *_, day, taken in jobs if day and taken)
        if not days:
            continue
        listed = profiles[user_id].available_days
        assert listed == [day for day in DAYS if day in listed]
        assert set(listed) <= set(days), user_id
        most = max(days.values())
        assert any(days[day] == most for day in listed), user_id


def test_the_demo_cleaners_profile_page_shows_his_work(seeded):
    with seeded.app_context():
        page = page_text(Client(seeded.test_client()).get("/profiles/cleaner_carlos"))
    assert "Cleans homes" in page and "/hr" in page
