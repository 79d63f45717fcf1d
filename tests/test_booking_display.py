"""How a job's booking is shown: the facts line on cards, My jobs, the
profile and the job page; the street address only for the owner and the
hired cleaner (CONTRACT "Bookings")."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from .builders import (
    BOOKED,
    make_activity,
    make_cleaning,
    make_offer,
    make_user,
    text,
)

ADDRESS = "221B Baker Street, Flat 2"
START = BOOKED["starts_at"]
SHOWN = f"{START:%a} {START.day} {START:%b}, 09:00"
TIME = f'<time datetime="{START.isoformat()}">{SHOWN}</time>'
# 3 h at $32.50 an hour.
FACTS = f"{TIME} · 3 h · Camden · 2 bed, 1 bath · about $97.50"


@pytest.fixture
def booked(app, rita):
    return make_cleaning(
        app,
        rita,
        name="Move-out clean",
        price=Decimal("32.50"),
        address=ADDRESS,
        **BOOKED,
    )


@pytest.fixture
def undated(app, rita):
    return make_cleaning(app, rita, name="Old style job", price=Decimal("20"))


def facts_lines(page: str) -> list[str]:
    return [
        line.strip()
        for line in re.findall(r'class="job-booking">(.*?)</(?:p|span)>', page, re.S)
    ]


@pytest.mark.parametrize("path", ["/cleanings", "/"])
def test_cards_show_the_booking_facts(client, booked, undated, path):
    lines = facts_lines(text(client.get(path)))
    assert FACTS in lines
    assert "Date to be agreed" in lines


def test_the_job_page_shows_the_facts(client, booked):
    page = text(client.get(f"/cleanings/{booked.id}"))
    assert FACTS in facts_lines(page)
    assert "estimated total about $97.50" in page
    assert "Studio" not in page


def test_an_undated_job_says_so_and_skips_what_it_lacks(client, undated):
    page = text(client.get(f"/cleanings/{undated.id}"))
    assert facts_lines(page) == ["Date to be agreed"]
    assert "about $" not in page and " h ·" not in page
    assert "Date to be agreed" in page


def test_a_studio_and_half_hours(app, client, rita):
    make_cleaning(
        app,
        rita,
        price=Decimal("20"),
        **{**BOOKED, "hours": Decimal("2.5"), "bedrooms": 0},
    )
    (line,) = facts_lines(text(client.get("/cleanings")))
    assert line.endswith("· 2.5 h · Camden · Studio, 1 bath · about $50.00")


def test_my_jobs_and_the_profile_show_the_facts(browser_as, rita, booked, undated):
    owner = browser_as(rita)
    mine = facts_lines(text(owner.get("/cleanings/mine")))
    assert FACTS in mine and "Date to be agreed" in mine
    profile = facts_lines(text(owner.get("/profiles/rita")))
    assert FACTS in profile and "Date to be agreed" in profile


def test_a_start_in_another_year_names_the_year(app, client, rita):
    later = START + timedelta(days=366)
    make_cleaning(app, rita, **{**BOOKED, "starts_at": later})
    page = text(client.get("/cleanings"))
    assert f"{later:%a} {later.day} {later:%b} {later.year}, 09:00" in page


# --- the street address ------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("owner", True),
        ("accepted", True),
        ("completed", True),
        ("pending", False),
        ("rejected", False),
        ("stranger", False),
        ("anonymous", False),
    ],
)
def test_the_address_is_on_the_job_page_only_for_the_two_sides(
    app, client, browser_as, rita, booked, who, sees
):
    if who == "anonymous":
        browser = client
    elif who == "owner":
        browser = browser_as(rita)
    else:
        user = make_user(app, who)
        if who != "stranger":
            make_offer(app, booked, user, status=who)
        browser = browser_as(user)
    page = text(browser.get(f"/cleanings/{booked.id}"))
    assert "Camden" in page
    assert (ADDRESS in page) is sees
    assert ("Baker Street" in page) is sees


def test_the_address_is_on_no_list_or_public_page(
    app, client, browser_as, rita, carlos
):
    job = make_cleaning(app, rita, address=ADDRESS, **BOOKED)
    make_offer(app, job, carlos, status="accepted")
    open_job = make_cleaning(app, rita, address="7 Open Lane", **BOOKED)
    for posted in (job, open_job):
        make_activity(app, rita, posted)
    owner, cleaner = browser_as(rita), browser_as(carlos)
    pages = [
        client.get("/cleanings"),
        client.get("/"),
        client.get("/profiles/rita"),
        owner.get("/cleanings"),
        owner.get("/"),
        owner.get("/feed"),
        owner.get("/cleanings/mine"),
        owner.get("/profiles/rita"),
        cleaner.get("/offers/mine"),
        cleaner.get("/cleanings?q=clean"),
    ]
    assert re.search(rf'href="/cleanings/{job.id}"', text(owner.get("/feed")))
    for response in pages:
        assert response.status_code == 200
        page = text(response)
        assert "Baker Street" not in page and "Open Lane" not in page, page[:200]
    assert "7 Open Lane" in text(owner.get(f"/cleanings/{open_job.id}"))


def test_the_hired_cleaner_is_told_the_booked_date_not_to_agree_one(
    app, browser_as, rita, carlos, booked, undated
):
    """The hired cleaner's panel words the booking: a dated job names its
    start; only an undated one asks them to agree on a time."""
    make_offer(app, booked, carlos, status="accepted")
    make_offer(app, undated, carlos, status="accepted")
    cleaner = browser_as(carlos)
    dated = re.sub(r"<[^>]+>", "", text(cleaner.get(f"/cleanings/{booked.id}")))
    assert f"You're booked for {SHOWN}" in dated
    assert "agree on a time" not in dated
    assert "agree on a time" in text(cleaner.get(f"/cleanings/{undated.id}"))
