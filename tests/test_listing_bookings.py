"""The listing's booking filters (`from`, `to`, `area`, `min_bedrooms`,
`sort=soonest`) and expiry: a job whose start has passed with nobody hired
leaves the listing, the landing page and profiles, and takes no offers
until its owner moves the date (CONTRACT "Bookings")."""

import html
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cleaning_app.extensions import db
from cleaning_app.models import Activity, Notification, Offer, OfferStatus

from .api.conftest import bearer, login
from .builders import (
    BOOKING,
    body,
    count,
    make_cleaning,
    make_offer,
    make_user,
    text,
)
from .conftest import Client, make_app

DATE_PASSED = "This job's date has passed."


def shown(response) -> list[str]:
    """The job names on the listing, in order."""
    names = re.findall(r'<h2><a href="/cleanings/\d+">([^<]+)</a></h2>', body(response))
    return [html.unescape(name) for name in names]


def listed(client, query="") -> list[str]:
    response = client.get(f"/cleanings?{query}")
    assert response.status_code == 200, body(response)
    return shown(response)


def in_days(days: int, hour: int = 9, minute: int = 0) -> datetime:
    day = datetime.now(UTC).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def booked(app, owner, name, starts_at, **fields):
    fields = {"hours": Decimal("3"), "bathrooms": 1, **fields}
    return make_cleaning(app, owner, name=name, starts_at=starts_at, **fields)


# --- from and to ----------------------------------------------------------


def test_from_and_to_include_both_days_in_the_site_zone(app, database_url, rita):
    """In Auckland (UTC+12 or +13) a clean at 23:30 on the `to` day starts
    that day at 10:30 or 11:30 UTC, and one at midnight opens the `from`
    day: both count. 23:30 the day before and 00:30 the day after don't."""
    zone = ZoneInfo("Pacific/Auckland")
    first = datetime.now(zone).date() + timedelta(days=10)
    last = first + timedelta(days=2)

    def at(day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)

    booked(app, rita, "Day before", at(first - timedelta(days=1), 23, 30))
    booked(app, rita, "First morning", at(first, 0, 0))
    booked(app, rita, "Last night", at(last, 23, 30))
    booked(app, rita, "Day after", at(last + timedelta(days=1), 0, 30))
    make_cleaning(app, rita, name="Undated")
    auckland = Client(
        make_app(database_url, PHRESH_TIMEZONE="Pacific/Auckland").test_client()
    )

    query = f"from={first}&to={last}&sort=soonest"
    assert listed(auckland, query) == ["First morning", "Last night"]
    assert listed(auckland, f"from={first}&to={first}") == ["First morning"]
    # One bound alone: undated jobs start within no range.
    assert listed(auckland, f"from={last}&sort=soonest") == ["Last night", "Day after"]
    assert listed(auckland, f"to={first}&sort=soonest") == [
        "Day before",
        "First morning",
    ]


@pytest.mark.parametrize(
    "query, message",
    [
        ("from=2026-13-01", "Enter a date like 2026-12-31."),
        ("to=12/01/2026", "Enter a date like 2026-12-31."),
        ("from=2026-1-5", "Enter a date like 2026-12-31."),
        ("from=２０２６-12-01", "Enter a date like 2026-12-31."),
        ("to=9999-12-31", "Enter a date like 2026-12-31."),
        ("from=0001-01-01", "Enter a date like 2026-12-31."),
        ("from=2026-12-10&to=2026-12-09", "must not be before the start date"),
        ("area=" + "x" * 81, "80 characters or fewer"),
        ("area=Cam%00den", "control characters"),
        ("min_bedrooms=x", "Enter a whole number from 0 to 20."),
        ("min_bedrooms=21", "Enter a whole number from 0 to 20."),
        ("min_bedrooms=-1", "Enter a whole number from 0 to 20."),
        ("min_bedrooms=2.5", "Enter a whole number from 0 to 20."),
        ("sort=latest", "Sort by newest, price_asc, price_desc or soonest."),
    ],
)
def test_bad_booking_filters_are_422_on_the_filter_form(app, client, query, message):
    response = client.get(f"/cleanings?{query}")
    page = text(response)
    assert response.status_code == 422
    assert message in page
    assert 'id="job-filters"' in page and 'class="field-msg is-error"' in page


def test_the_filter_form_has_the_booking_fields(client):
    page = body(client.get("/cleanings"))
    assert re.search(r'<input[^>]*name="from"[^>]*type="date"', page) or re.search(
        r'<input[^>]*type="date"[^>]*name="from"', page
    )
    assert 'name="to"' in page and 'name="area"' in page
    assert 'name="min_bedrooms"' in page and 'value="soonest"' in page


def test_htmx_filters_by_date_in_place(app, client, rita):
    booked(app, rita, "Soon", in_days(2))
    booked(app, rita, "Later", in_days(20))
    day = (datetime.now(UTC).date() + timedelta(days=2)).isoformat()
    response = client.htmx("get", f"/cleanings?from={day}&to={day}")
    page = body(response)
    assert response.status_code == 200
    assert "<html" not in page and shown(response) == ["Soon"]
    assert 'id="filters-active"' in page and "2 active" in page


# --- area and bedrooms ----------------------------------------------------


def test_area_contains_ignoring_case_with_wildcards_taken_literally(app, client, rita):
    soon = in_days(3)
    booked(app, rita, "Camden", soon, area="Camden Town")
    booked(app, rita, "camden", soon, area="north camden")
    booked(app, rita, "Hackney", soon, area="Hackney")
    booked(app, rita, "Underscore", soon, area="St_Albans")
    booked(app, rita, "Letter", soon, area="StXAlbans")
    booked(app, rita, "Percent", soon, area="100% Leeds")
    make_cleaning(app, rita, name="No area")
    assert sorted(listed(client, "area=CAMDEN")) == ["Camden", "camden"]
    assert listed(client, "area=t_a") == ["Underscore"]
    assert listed(client, "area=%25") == ["Percent"]
    assert listed(client, "area=  hackney  ") == ["Hackney"]
    assert listed(client, "area=Bristol") == []


def test_min_bedrooms_keeps_homes_at_least_that_big(app, client, rita):
    soon = in_days(3)
    for n in (1, 2, 3):
        booked(app, rita, f"{n} bed", soon + timedelta(minutes=n), bedrooms=n)
    make_cleaning(app, rita, name="Size unknown")
    assert listed(client, "min_bedrooms=2&sort=soonest") == ["2 bed", "3 bed"]
    # At least none is every job, whatever it says of its size.
    assert len(listed(client, "min_bedrooms=0")) == 4


# --- soonest --------------------------------------------------------------


def test_soonest_first_undated_last_ties_by_id(app, client, rita):
    later = booked(app, rita, "In a week", in_days(7))
    tie_a = booked(app, rita, "Tomorrow A", in_days(1))
    tie_b = booked(app, rita, "Tomorrow B", in_days(1))
    undated = make_cleaning(app, rita, name="Undated", minutes_ago=1)
    older = make_cleaning(app, rita, name="Undated older", minutes_ago=60)
    assert tie_a.id < tie_b.id < undated.id and later.id < undated.id < older.id
    assert listed(client, "sort=soonest") == [
        "Tomorrow A",
        "Tomorrow B",
        "In a week",
        "Undated",
        "Undated older",
    ]


def test_soonest_pages_are_stable_when_many_jobs_share_a_start(app, client, rita):
    start = in_days(5)
    for n in range(25):
        booked(app, rita, f"Same start {n:02}", start)
    for n in range(5):
        make_cleaning(app, rita, name=f"Undated {n}")
    first = listed(client, "sort=soonest")
    second = listed(client, "sort=soonest&page=2")
    assert first == [f"Same start {n:02}" for n in range(20)]
    assert second == [f"Same start {n:02}" for n in range(20, 25)] + [
        f"Undated {n}" for n in range(5)
    ]


def test_filters_combine_with_a_search(app, client, rita):
    soon = in_days(4)
    booked(app, rita, "Oven clean", soon, area="Camden", bedrooms=3)
    booked(app, rita, "Oven clean small", soon, area="Camden", bedrooms=1)
    booked(app, rita, "Window clean", soon, area="Camden", bedrooms=3)
    booked(app, rita, "Oven clean far", soon, area="Leeds", bedrooms=3)
    day = soon.date().isoformat()
    query = f"q=oven&area=camden&min_bedrooms=2&from={day}&to={day}&sort=soonest"
    assert listed(client, query) == ["Oven clean"]


def test_a_filtered_listing_page_costs_the_same_however_many_jobs(
    app, client, rita, query_counter
):
    made = []
    day = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
    query = f"from={day}&to={day}&area=camden&min_bedrooms=1&sort=soonest"
    booked(app, rita, "Elsewhere", in_days(3), area="Leeds", bedrooms=2)

    def count_for(total):
        while len(made) < total:  # each job by its own owner
            owner = make_user(app)
            made.append(
                booked(
                    app,
                    owner,
                    f"Job {len(made)}",
                    in_days(3),
                    area="Camden",
                    bedrooms=2,
                )
            )
        with query_counter as counter:
            assert len(listed(client, query)) == total
        return counter.count

    assert count_for(2) == count_for(20)


# --- expiry ---------------------------------------------------------------


@pytest.fixture
def expired(app, rita):
    return booked(
        app, rita, "Yesterday's clean", datetime.now(UTC) - timedelta(hours=20)
    )


def test_expired_jobs_leave_the_listing_landing_and_profile(app, client, rita, expired):
    booked(app, rita, "Tomorrow's clean", in_days(1))
    make_cleaning(app, rita, name="Whenever suits")
    assert sorted(listed(client)) == ["Tomorrow's clean", "Whenever suits"]
    assert "Yesterday's clean" not in listed(client, "sort=soonest")
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    assert "Yesterday's clean" not in listed(client, f"from={yesterday}")
    for page in ("/", "/profiles/rita"):
        shown_there = text(client.get(page))
        assert "Tomorrow's clean" in shown_there, page
        assert "Yesterday's clean" not in shown_there, page


def test_a_range_that_has_ended_holds_no_open_job(app, client, rita, expired):
    booked(app, rita, "Tomorrow's clean", in_days(1))
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    today = datetime.now(UTC).date().isoformat()
    assert listed(client, f"from={yesterday}&to={yesterday}") == []
    assert listed(client, f"to={yesterday}&sort=soonest") == []
    assert "Yesterday's clean" not in listed(client, f"from={yesterday}&to={today}")


def test_expired_jobs_refuse_offers_on_the_pages(app, browser_as, carlos, expired):
    cleaner = browser_as(carlos)
    page = body(cleaner.get(f"/cleanings/{expired.id}"))
    assert f'action="/cleanings/{expired.id}/offers"' not in page
    assert DATE_PASSED in text(cleaner.get(f"/cleanings/{expired.id}"))
    response = cleaner.post(f"/cleanings/{expired.id}/offers", {"message": "Me!"})
    assert response.status_code == 400
    assert DATE_PASSED in text(response)
    assert count(app, Offer) == 0


def test_expired_jobs_refuse_offers_through_the_api(app, carlos, expired):
    api = app.test_client()
    token = login(api, "carlos").get_json()["access_token"]
    response = api.post(f"/api/cleanings/{expired.id}/offers/", headers=bearer(token))
    assert response.status_code == 400
    assert response.get_json() == {"detail": DATE_PASSED}
    assert count(app, Offer) == 0


def test_the_owner_is_told_and_can_re_open_by_editing_the_date(
    app, client, browser_as, rita, carlos, expired
):
    owner = browser_as(rita)
    page = text(owner.get(f"/cleanings/{expired.id}"))
    assert DATE_PASSED in page and "Edit the date to re-open it" in page
    form = {
        "name": expired.name,
        "description": "",
        "cleaning_type": "spot_clean",
        "price": "25",
        **BOOKING,
    }
    assert owner.post(f"/cleanings/{expired.id}/edit", form).status_code == 303
    assert "Yesterday's clean" in listed(client)
    assert DATE_PASSED not in text(owner.get(f"/cleanings/{expired.id}"))
    cleaner = browser_as(carlos)
    response = cleaner.post(f"/cleanings/{expired.id}/offers", {"message": "Me!"})
    assert response.status_code == 303
    assert count(app, Offer) == 1


def test_only_an_unbooked_dated_job_expires(app, browser_as, rita, carlos, expired):
    """A job with a hired cleaner whose start passed is booked, not expired;
    an undated job never expires: only the first job here refuses offers
    because of its date."""
    booked_job = booked(app, rita, "Booked", datetime.now(UTC) - timedelta(hours=1))
    make_offer(app, booked_job, carlos, "accepted")
    undated = make_cleaning(app, rita, name="Old job", minutes_ago=60 * 24 * 400)
    assert DATE_PASSED not in text(browser_as(rita).get(f"/cleanings/{booked_job.id}"))
    other = browser_as(make_user(app, "olga"))
    refused = other.post(f"/cleanings/{booked_job.id}/offers", {"message": "Me!"})
    assert refused.status_code == 400 and DATE_PASSED not in text(refused)
    page = body(other.get(f"/cleanings/{undated.id}"))
    assert f'action="/cleanings/{undated.id}/offers"' in page
    assert other.post(f"/cleanings/{undated.id}/offers", {}).status_code == 303
    assert other.post(f"/cleanings/{expired.id}/offers", {}).status_code == 400


def _nothing_accepted(app, offer_status=OfferStatus.pending):
    """The pending offer is still pending and nobody was told anything."""
    with app.app_context():
        statuses = set(db.session.scalars(db.select(Offer.status)))
    assert statuses == {offer_status}
    assert count(app, Activity) == 0 and count(app, Notification) == 0


def test_an_expired_job_refuses_accepting_its_pending_offer_on_the_pages(
    app, browser_as, rita, carlos, expired
):
    """An offer made before the date passed can't be accepted afterwards:
    the job takes no offers, so the owner moves the date first."""
    make_offer(app, expired, carlos)
    owner = browser_as(rita)
    confirm = owner.get(f"/cleanings/{expired.id}/offers/carlos/accept/confirm")
    assert DATE_PASSED in text(confirm)
    accept = f"/cleanings/{expired.id}/offers/carlos/accept"
    for headers in ({}, {"HX-Request": "true"}):
        response = owner.post(accept, {}, headers=headers)
        assert response.status_code == 400
        assert DATE_PASSED in text(response)
    _nothing_accepted(app)


def test_an_expired_jobs_offers_table_offers_no_accept(
    app, browser_as, rita, carlos, expired
):
    """The owner's table says why instead of an Accept that would refuse;
    declining stays possible. Moving the date brings Accept back."""
    make_offer(app, expired, carlos)
    owner = browser_as(rita)
    confirm = f"/cleanings/{expired.id}/offers/carlos/accept/confirm"
    for page in (f"/cleanings/{expired.id}", f"/cleanings/{expired.id}/offers"):
        shown = text(owner.get(page))
        assert confirm not in shown, page
        assert "Edit the date to accept an offer" in shown, page
        assert f"/cleanings/{expired.id}/offers/carlos/reject" in shown, page
    form = {"name": "Moved", "cleaning_type": "spot_clean", "price": "25", **BOOKING}
    assert owner.post(f"/cleanings/{expired.id}/edit", form).status_code == 303
    assert confirm in text(owner.get(f"/cleanings/{expired.id}"))


def test_an_expired_job_refuses_accepting_through_the_api(app, rita, carlos, expired):
    make_offer(app, expired, carlos)
    api = app.test_client()
    token = login(api, "rita").get_json()["access_token"]
    response = api.put(
        f"/api/cleanings/{expired.id}/offers/carlos/", headers=bearer(token)
    )
    assert response.status_code == 400
    assert response.get_json() == {"detail": DATE_PASSED}
    _nothing_accepted(app)


def test_logged_out_visitors_are_not_asked_to_log_in_to_offer_on_an_expired_job(
    client, expired
):
    page = text(client.get(f"/cleanings/{expired.id}"))
    assert "Log in to make an offer" not in page and DATE_PASSED in page


def test_my_jobs_and_the_job_page_mark_an_expired_job(browser_as, app, rita, expired):
    upcoming = booked(app, rita, "Tomorrow's clean", in_days(1))
    owner = browser_as(rita)
    mine = body(owner.get("/cleanings/mine"))
    assert f'data-cleaning-id="{expired.id}" data-state="expired"' in mine
    assert f'data-cleaning-id="{upcoming.id}" data-state="open"' in mine
    assert 'class="badge badge-expired">Expired<' in body(
        owner.get(f"/cleanings/{expired.id}")
    )
