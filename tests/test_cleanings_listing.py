"""The public listing of open jobs: filters, sorting, pages, htmx."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import update

from cleaning_app.cleanings import queries
from cleaning_app.extensions import db
from cleaning_app.models import User

from .builders import body, log_in, make_cleaning, make_offer, make_user


def shown(response) -> list[str]:
    """The job names on the page, in order."""
    return re.findall(r'<h2><a href="/cleanings/\d+">([^<]+)</a></h2>', body(response))


def test_empty_listing_is_friendly(client):
    response = client.get("/cleanings")
    assert response.status_code == 200
    assert "No open jobs right now." in body(response)


def test_listing_shows_open_jobs_newest_first(app, client, rita):
    make_cleaning(app, rita, name="Oldest", minutes_ago=30)
    make_cleaning(app, rita, name="Newest", minutes_ago=1)
    make_cleaning(app, rita, name="Middle", minutes_ago=10)
    assert shown(client.get("/cleanings")) == ["Newest", "Middle", "Oldest"]


def test_each_card_shows_the_job_at_a_glance(app, client, rita):
    make_cleaning(
        app,
        rita,
        name="Oven rescue",
        cleaning_type="full_clean",
        price=Decimal("1234.5"),
        description="word " * 100,
        minutes_ago=180,
    )
    page = body(client.get("/cleanings"))
    assert "Oven rescue" in page and "Deep Clean" in page
    assert "$1,234.50/hr" in page
    assert '<a href="/profiles/rita">@rita</a>' in page
    assert "3 hours ago" in page and "<time datetime=" in page
    assert "word " * 40 not in page and "…" in page


def test_jobs_with_an_accepted_or_completed_offer_are_not_listed(app, client, rita):
    cleaners = [make_user(app) for _ in range(3)]
    statuses = ("accepted", "completed", "pending")
    for status, cleaner in zip(statuses, cleaners, strict=True):
        make_offer(app, make_cleaning(app, rita, name=status), cleaner, status)
    rejected = make_cleaning(app, rita, name="rejected")
    make_offer(app, rejected, cleaners[0], "rejected")
    make_offer(app, rejected, cleaners[1], "cancelled")
    assert sorted(shown(client.get("/cleanings"))) == ["pending", "rejected"]


def test_jobs_of_deactivated_owners_are_not_listed(app, client, rita):
    gone = make_user(app, "gone")
    make_cleaning(app, rita, name="Visible")
    make_cleaning(app, gone, name="Hidden")
    with app.app_context():
        db.session.execute(
            update(User).where(User.id == gone.id).values(is_active=False)
        )
        db.session.commit()
    assert shown(client.get("/cleanings")) == ["Visible"]


def test_twenty_a_page_with_real_links_that_keep_the_filters(app, client, rita):
    for n in range(45):
        make_cleaning(
            app, rita, name=f"Job {n:02}", minutes_ago=n, cleaning_type="dust_up"
        )
    first = client.get("/cleanings?type=dust_up&q=job")
    assert shown(first) == [f"Job {n:02}" for n in range(20)]
    assert 'href="/cleanings?page=2&amp;type=dust_up&amp;q=job"' in body(
        first
    ) or re.search(r'href="/cleanings\?[^"]*page=2[^"]*"', body(first))
    link = re.search(r'rel="next" href="([^"]+)"', body(first)).group(1)
    link = link.replace("&amp;", "&")
    assert "type=dust_up" in link and "q=job" in link
    second = client.get(link)
    assert shown(second) == [f"Job {n:02}" for n in range(20, 40)]
    assert 'rel="prev"' in body(second)
    third = client.get("/cleanings?type=dust_up&q=job&page=3")
    assert shown(third) == [f"Job {n:02}" for n in range(40, 45)]
    assert 'rel="next"' not in body(third)
    beyond = client.get("/cleanings?page=9")
    assert beyond.status_code == 200 and "past the last page" in body(beyond)


@pytest.fixture
def catalogue(app, rita):
    jobs = [
        ("Kitchen deep clean", "Oven and fridge", "full_clean", "45.00"),
        ("Dusting shelves", "Books everywhere", "dust_up", "15.50"),
        ("Bathroom refresh", "Tiles, grout and the KITCHEN sink", "spot_clean", "25"),
        ("100% spotless windows", "", "spot_clean", "30"),
    ]
    for age, (name, description, kind, price) in enumerate(jobs):
        make_cleaning(
            app,
            rita,
            name=name,
            description=description,
            cleaning_type=kind,
            price=Decimal(price),
            minutes_ago=age,
        )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=kitchen", ["Kitchen deep clean", "Bathroom refresh"]),
        ("q=KITCHEN+oven", ["Kitchen deep clean"]),
        ("q=100%25", ["100% spotless windows"]),
        ("q=%25", ["100% spotless windows"]),
        ("q=_", []),
        ("q=!", []),
        ("q=%5C", []),
        ("q=%27%3B--", []),
        ("q=nothing+like+this", []),
        ("type=dust_up", ["Dusting shelves"]),
        ("type=spot_clean", ["Bathroom refresh", "100% spotless windows"]),
        (
            "min_price=25",
            ["Kitchen deep clean", "Bathroom refresh", "100% spotless windows"],
        ),
        ("max_price=25.00", ["Dusting shelves", "Bathroom refresh"]),
        ("min_price=20&max_price=40", ["Bathroom refresh", "100% spotless windows"]),
        (
            "min_price=0",
            [
                "Kitchen deep clean",
                "Dusting shelves",
                "Bathroom refresh",
                "100% spotless windows",
            ],
        ),
        (
            "sort=price_asc",
            [
                "Dusting shelves",
                "Bathroom refresh",
                "100% spotless windows",
                "Kitchen deep clean",
            ],
        ),
        (
            "sort=price_desc",
            [
                "Kitchen deep clean",
                "100% spotless windows",
                "Bathroom refresh",
                "Dusting shelves",
            ],
        ),
        (
            "sort=newest&type=spot_clean&max_price=100",
            ["Bathroom refresh", "100% spotless windows"],
        ),
        (
            "q=&type=&min_price=&max_price=&sort=&page=",
            [
                "Kitchen deep clean",
                "Dusting shelves",
                "Bathroom refresh",
                "100% spotless windows",
            ],
        ),
    ],
)
def test_filters_and_sorting(client, catalogue, query, expected):
    response = client.get(f"/cleanings?{query}")
    assert response.status_code == 200
    assert shown(response) == expected


def test_no_match_has_its_own_empty_state(client, catalogue):
    page = body(client.get("/cleanings?q=zebra"))
    assert "No open jobs match those filters." in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("min_price=abc", "Enter an amount in dollars"),
        ("max_price=NaN", "Enter an amount in dollars"),
        ("min_price=-1", "more than $0"),
        ("max_price=1e5", "Enter an amount in dollars"),
        ("min_price=1.234", "at most 2 decimal places"),
        ("max_price=" + "9" * 500, "below $100,000"),
        ("min_price=50&max_price=10", "must not be below the minimum"),
        ("type=x", "Choose Dust Up, Spot Clean or Deep Clean."),
        ("page=0", "Page must be between 1 and"),
        ("page=-3", "Page must be between 1 and"),
        ("page=abc", "Page must be between 1 and"),
        ("page=99999999999999999999999999", "Page must be between 1 and"),
        ("sort=zzz", "Sort by newest, price_asc, price_desc or soonest."),
        ("q=%00", "control characters"),
        ("q=a%00b", "control characters"),
        ("q=" + "x" * 101, "100 characters or fewer"),
    ],
)
def test_bad_filter_values_are_422_on_the_filter_form(
    client, catalogue, query, message
):
    response = client.get(f"/cleanings?{query}")
    page = body(response)
    assert response.status_code == 422
    assert message in page
    assert 'id="job-filters"' in page and 'class="form-error"' in page
    if not query.startswith("page="):  # page has no field of its own
        assert 'class="field-msg is-error"' in page


def test_the_filter_form_works_without_javascript_and_with_htmx(client):
    page = body(client.get("/cleanings"))
    form = re.search(r'<form id="job-filters"[^>]*>', page).group(0)
    assert 'method="get"' in form and 'action="/cleanings"' in form
    assert 'hx-get="/cleanings"' in form
    assert 'hx-trigger="input changed delay:400ms"' in form
    assert 'hx-target="#results"' in form
    assert 'hx-push-url="true"' in form
    for name in ("q", "type", "min_price", "max_price", "sort"):
        assert f'name="{name}"' in page


def test_htmx_gets_only_the_results_fragment(client, catalogue):
    response = client.htmx("get", "/cleanings?type=dust_up")
    page = body(response)
    assert response.status_code == 200
    assert "<html" not in page and 'id="job-filters"' not in page
    assert shown(response) == ["Dusting shelves"]
    assert 'id="q-msg"' in page and 'hx-swap-oob="true"' in page
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_with_a_bad_filter_gets_the_messages_out_of_band(client):
    response = client.htmx("get", "/cleanings?min_price=abc")
    page = body(response)
    assert response.status_code == 422
    assert "<html" not in page
    assert re.search(
        r'id="min_price-msg" class="field-msg is-error"[^>]*hx-swap-oob', page
    )


def test_full_page_also_varies_on_hx_request(client):
    response = client.get("/cleanings")
    assert "<html" in body(response) and "HX-Request" in response.headers["Vary"]


def test_boosted_request_gets_the_full_page(client):
    response = client.htmx("get", "/cleanings", boosted=True)
    assert "<html" in body(response)


@pytest.mark.parametrize("logged_in", [False, True])
def test_listing_costs_the_same_queries_for_2_or_20_jobs(
    app, client, rita, query_counter, logged_in
):
    if logged_in:
        log_in(client, rita)

    made = []

    def count_for(total):
        while len(made) < total:  # each job by its own owner
            made.append(make_cleaning(app, make_user(app)))
        with query_counter as counter:
            assert len(shown(client.get("/cleanings"))) == total
        return counter.count

    assert count_for(2) == count_for(20)


def test_a_search_walks_a_stretch_of_jobs_then_asks_the_trigram_indexes(
    app, client, rita, query_counter, monkeypatch
):
    """A common word fills the page from the newest jobs in one query; a word
    those jobs lack is looked up through the trigram indexes (a MATERIALIZED
    CTE) instead of reading every job, with the same order and pages."""
    monkeypatch.setattr(queries, "ROWS_WALKED_PER_MATCH", 1)  # a 21-job stretch
    for n in range(22):
        make_cleaning(app, rita, name=f"Grout {n:02}", minutes_ago=100 + n)
    for n in range(25):
        make_cleaning(app, rita, name=f"Windows {n:02}", minutes_ago=n)

    def listing_queries(url):
        with query_counter as counter:
            names = shown(client.get(url))
        return names, [s for s in counter.statements if "FROM cleanings" in s]

    names, sent = listing_queries("/cleanings?q=windows")
    assert names == [f"Windows {n:02}" for n in range(20)]
    assert len(sent) == 1 and "MATERIALIZED" not in sent[0]

    names, sent = listing_queries("/cleanings?q=grout")
    assert names == [f"Grout {n:02}" for n in range(20)]
    assert len(sent) == 2 and "MATERIALIZED" in sent[1]
    names, _ = listing_queries("/cleanings?q=grout&page=2")
    assert names == ["Grout 20", "Grout 21"]
    names, _ = listing_queries("/cleanings?q=grout&sort=price_desc&min_price=20")
    assert names == [f"Grout {n:02}" for n in range(21, 1, -1)]  # ties: newest id
