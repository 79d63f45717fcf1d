"""The cleaners' directory, GET /cleaners: who is listed, the cards'
numbers, filters and their 422s, sorts, pages, htmx."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from cleaning_app.extensions import db
from cleaning_app.models import CleanerProfile

from .builders import (
    body,
    log_in,
    make_cleaning,
    make_evaluation,
    make_offer,
    make_user,
)

HTMX = {"HX-Request": "true"}


def make_cleaner(
    app,
    username=None,
    role="clean",
    services=("spot_clean",),
    hourly_rate="25.00",
    areas=("Camden",),
    available_days=(),
    **fields,
):
    """A user who cleans, with a complete cleaner profile."""
    user = make_user(app, username, role=role, **fields)
    with app.app_context():
        db.session.add(
            CleanerProfile(
                user_id=user.id,
                services=list(services),
                hourly_rate=Decimal(hourly_rate),
                areas=list(areas),
                available_days=list(available_days),
            )
        )
        db.session.commit()
    return user


def shown(response) -> list[str]:
    """The usernames of the cards, in order."""
    return re.findall(r'data-cleaner="([^"]+)"', body(response))


def card(response, username) -> str:
    page = body(response)
    start = page.index(f'data-cleaner="{username}"')
    return page[start : page.index("</article>", start)]


def review(app, owner, cleaner, rating, minutes_ago=1):
    """A completed job of `cleaner` for `owner`, rated `rating`."""
    at = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    job = make_cleaning(app, owner)
    make_evaluation(app, job, cleaner, rating, created_at=at, updated_at=at)


# --- who is listed --------------------------------------------------------


def test_an_empty_directory_is_friendly(client):
    response = client.get("/cleaners")
    assert response.status_code == 200
    assert "No cleaners listed yet." in body(response)


def test_only_active_cleaners_with_a_profile_are_listed(app, client):
    make_cleaner(app, "cleans", role="clean")
    make_cleaner(app, "does_both", role="both")
    make_cleaner(app, "stopped", role="hire")  # kept the profile, hires now
    make_cleaner(app, "gone", is_active=False)
    make_user(app, "no_profile", role="clean")  # never filled the fields in
    make_user(app, "resident")
    assert sorted(shown(client.get("/cleaners"))) == ["cleans", "does_both"]


def test_a_card_shows_the_cleaner_at_a_glance(app, client, rita):
    make_cleaner(
        app,
        "mia",
        full_name="Mia Stone",
        image="https://example.com/mia.png",
        services=("dust_up", "full_clean"),
        hourly_rate="1234.5",
        areas=("Camden", "Kentish Town"),
    )
    make_cleaner(app, "nameless")
    response = client.get("/cleaners")
    mia = card(response, "mia")
    assert '<a href="/profiles/mia">Mia Stone</a>' in mia
    assert 'src="https://example.com/mia.png"' in mia and ">MS<" in mia
    assert "$1,234.50/hr" in mia
    assert "Camden · Kentish Town" in mia
    assert "Dust Up" in mia and "Deep Clean" in mia and "Spot Clean" not in mia
    assert "No reviews yet" in mia and "0</span> jobs done" in mia
    assert '<a href="/profiles/nameless">@nameless</a>' in card(response, "nameless")


def test_a_card_counts_ratings_and_completed_jobs(app, client, rita):
    mia = make_cleaner(app, "mia")
    for rating in (5, 4, 4):
        review(app, rita, mia, rating)
    # Completed without a review yet counts as done; accepted is not done.
    make_offer(app, make_cleaning(app, rita), mia, "completed")
    make_offer(app, make_cleaning(app, rita), mia, "accepted")
    make_offer(app, make_cleaning(app, rita), mia, "pending")
    mia_card = card(client.get("/cleaners"), "mia")
    assert 'rating-average">4.3<' in mia_card
    assert 'rating-count">3</span> reviews' in mia_card
    assert 'jobs-done">4</span> jobs done' in mia_card


# --- sorts ----------------------------------------------------------------


def test_newest_reviewed_first_never_reviewed_last(app, client, rita):
    old = make_cleaner(app, "old")
    fresh = make_cleaner(app, "fresh")
    make_cleaner(app, "first_unreviewed")
    make_cleaner(app, "second_unreviewed")
    review(app, rita, old, 5, minutes_ago=60)
    review(app, rita, fresh, 1, minutes_ago=5)
    review(app, rita, old, 5, minutes_ago=90)
    # Ties (never reviewed) by id, newest first.
    expected = ["fresh", "old", "second_unreviewed", "first_unreviewed"]
    assert shown(client.get("/cleaners")) == expected


def test_sort_by_rating_then_number_of_reviews(app, client, rita):
    one_five = make_cleaner(app, "one_five")
    two_fives = make_cleaner(app, "two_fives")
    fours = make_cleaner(app, "fours")
    make_cleaner(app, "unrated")
    review(app, rita, one_five, 5)
    review(app, rita, two_fives, 5)
    review(app, rita, two_fives, 5)
    review(app, rita, fours, 4)
    expected = ["two_fives", "one_five", "fours", "unrated"]
    assert shown(client.get("/cleaners?sort=rating")) == expected


def test_sort_by_jobs_done(app, client, rita):
    one, three, none = (make_cleaner(app, name) for name in ("one", "three", "none"))
    for _ in range(3):
        make_offer(app, make_cleaning(app, rita), three, "completed")
    review(app, rita, one, 5)
    make_offer(app, make_cleaning(app, rita), none, "accepted")
    assert shown(client.get("/cleaners?sort=jobs")) == ["three", "one", "none"]


def test_sort_by_rate_lowest_first(app, client):
    make_cleaner(app, "dear", hourly_rate="40")
    make_cleaner(app, "cheap", hourly_rate="18.50")
    make_cleaner(app, "middle", hourly_rate="25")
    assert shown(client.get("/cleaners?sort=rate_asc")) == ["cheap", "middle", "dear"]


# --- filters --------------------------------------------------------------


def test_area_matches_part_of_any_area_ignoring_case(app, client):
    make_cleaner(app, "north", areas=("Kentish Town", "Camden"))
    make_cleaner(app, "south", areas=("Brixton",))
    assert shown(client.get("/cleaners?area=CAMD")) == ["north"]
    assert shown(client.get("/cleaners?area=town")) == ["north"]
    assert shown(client.get("/cleaners?area=+brix+")) == ["south"]


def test_area_wildcards_are_literal_and_never_span_two_areas(app, client):
    make_cleaner(app, "plain", areas=("Camden", "Town"))
    make_cleaner(app, "odd", areas=("Zone_5", "100% Hackney"))
    assert shown(client.get("/cleaners?area=%25")) == ["odd"]
    assert shown(client.get("/cleaners?area=_")) == ["odd"]
    assert shown(client.get("/cleaners?area=e_5")) == ["odd"]
    assert shown(client.get("/cleaners?area=CamdenTown")) == []
    assert shown(client.get("/cleaners?area=den%0ATown")) == []  # 422 below


def test_type_rate_rating_and_day_filters(app, client, rita):
    deep = make_cleaner(
        app, "deep", services=("full_clean",), hourly_rate="40", available_days=("sat",)
    )
    quick = make_cleaner(
        app,
        "quick",
        services=("dust_up", "spot_clean"),
        hourly_rate="20",
        available_days=("mon", "sat"),
    )
    make_cleaner(app, "new", hourly_rate="15")
    review(app, rita, deep, 5)
    review(app, rita, deep, 4)  # 4.5
    review(app, rita, quick, 4)
    review(app, rita, quick, 3)  # 3.5

    def names(query):
        return sorted(shown(client.get(f"/cleaners?{query}")))

    assert names("type=full_clean") == ["deep"]
    assert names("type=spot_clean") == ["new", "quick"]
    assert names("max_rate=20") == ["new", "quick"]
    assert names("max_rate=$19.99") == ["new"]
    assert names("min_rating=4") == ["deep"]
    assert names("min_rating=3") == ["deep", "quick"]
    assert names("min_rating=5") == []
    assert names("day=sat") == ["deep", "quick"]
    assert names("day=mon") == ["quick"]
    assert names("type=dust_up&day=sat&max_rate=30&min_rating=3") == ["quick"]
    # Blank values are no filter, as an untouched form sends them.
    assert names("area=&type=&max_rate=+&min_rating=&day=&sort=") == [
        "deep",
        "new",
        "quick",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("area=" + "x" * 81, "Keep the area to 80 characters or fewer."),
        ("area=den%0ATown", "can&#39;t contain control characters"),
        ("type=window_clean", "Choose Dust Up, Spot Clean or Deep Clean."),
        ("max_rate=abc", "Enter an amount in dollars"),
        ("max_rate=0", "The rate must be more than $0."),
        ("max_rate=1.234", "Use at most 2 decimal places"),
        ("max_rate=100000", "below $100,000"),
        ("min_rating=0", "Choose a rating from 1 to 5 stars."),
        ("min_rating=6", "Choose a rating from 1 to 5 stars."),
        ("min_rating=4.5", "Choose a rating from 1 to 5 stars."),
        ("day=monday", "Choose a day: mon, tue"),
        ("sort=cheapest", "Sort by rating, jobs or rate_asc."),
        ("page=0", "Page must be between 1 and 10000."),
        ("page=abc", "Page must be between 1 and 10000."),
    ],
)
def test_a_bad_filter_is_422_on_the_form(app, client, query, message):
    make_cleaner(app, "mia")
    for headers in ({}, HTMX):
        response = client.get(f"/cleaners?{query}", headers=headers)
        assert response.status_code == 422
        page = body(response)
        assert "Some filters aren't valid" in page and message in page
        assert shown(response) == []


def test_the_filters_are_a_get_form_that_htmx_enhances(client):
    page = body(client.get("/cleaners?area=Camden&type=dust_up"))
    form = re.search(r'<form id="cleaner-filters"[^>]*>', page).group(0)
    assert 'method="get" action="/cleaners"' in form
    assert 'hx-get="/cleaners"' in form and 'hx-push-url="true"' in form
    assert 'hx-target="#results"' in form
    assert 'value="Camden"' in page
    assert re.search(
        r'<option selected value="dust_up">|value="dust_up" selected', page
    )


# --- pages and htmx -------------------------------------------------------


def test_twenty_a_page_with_links_that_keep_the_filters(app, client):
    for n in range(21):
        make_cleaner(app, f"c{n:02}", hourly_rate=str(20 + n))
    first = client.get("/cleaners?sort=rate_asc&area=camden")
    assert shown(first) == [f"c{n:02}" for n in range(20)]
    page = body(first)
    assert (
        'rel="next" href="/cleaners?page=2&amp;sort=rate_asc&amp;area=camden"' in page
    )
    assert 'rel="prev"' not in page
    second = client.get("/cleaners?sort=rate_asc&area=camden&page=2")
    assert shown(second) == ["c20"]
    assert 'rel="prev" href="/cleaners?page=1&amp;sort=rate_asc' in body(second)
    assert 'rel="next"' not in body(second)
    past = client.get("/cleaners?page=3")
    assert past.status_code == 200 and "past the last page" in body(past)


def test_htmx_gets_the_results_and_the_form_state_only(app, client):
    make_cleaner(app, "mia")
    full = client.get("/cleaners")
    fragment = client.get("/cleaners", headers=HTMX)
    assert "HX-Request" in full.headers["Vary"]
    assert "HX-Request" in fragment.headers["Vary"]
    assert "<html" in body(full) and "<html" not in body(fragment)
    assert 'id="cleaner-filters"' not in body(fragment)
    assert shown(fragment) == ["mia"]
    assert 'id="filters-active" hx-swap-oob="true"' in body(fragment)
    filtered = body(client.get("/cleaners?area=cam&day=mon", headers=HTMX))
    assert "2 active" in filtered and "No cleaners match those filters." in filtered


def test_a_page_costs_the_same_queries_for_2_or_20_cleaners(
    app, rita, make_client, query_counter
):
    browser = make_client()
    log_in(browser, rita)  # logged in: never a kept page
    counts = []
    for n in (2, 18):
        for _ in range(n):
            cleaner = make_cleaner(app, services=("dust_up", "full_clean"))
            review(app, rita, cleaner, 4)
            make_offer(app, make_cleaning(app, rita), cleaner, "completed")
        with query_counter:
            response = browser.get("/cleaners?sort=rating")
        assert len(shown(response)) in (2, 20)
        assert 'jobs-done">2</span>' in body(response)
        counts.append(query_counter.count)
    assert counts[0] == counts[1]
