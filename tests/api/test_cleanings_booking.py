"""A job's booking in the API: extra, optional fields with the pages' rules;
the street address only for the owner and the hired cleaner."""

from datetime import UTC, datetime, timedelta

import pytest

from ..builders import BOOKED, all_cleanings, make_cleaning, make_offer, make_user

NEW = {"name": "Two-bedroom flat", "price": 25.5}
SOON = (datetime.now(UTC) + timedelta(days=7)).replace(microsecond=0)
BOOKING = {
    "starts_at": SOON.isoformat(),
    "hours": 2.5,
    "area": "Camden",
    "address": "12 Baker Street",
    "bedrooms": 2,
    "bathrooms": 1,
}
FIELDS = ("starts_at", "hours", "area", "address", "bedrooms", "bathrooms")


def test_a_job_posted_with_its_booking_answers_it(as_user, app, rita):
    response = as_user(rita).post(
        "/api/cleanings/", json={"new_cleaning": {**NEW, **BOOKING}}
    )
    assert response.status_code == 201, response.get_json()
    job = response.get_json()
    assert datetime.fromisoformat(job["starts_at"]) == SOON
    assert job["starts_at"].endswith("+00:00")
    assert {k: job[k] for k in FIELDS[1:]} == {k: BOOKING[k] for k in FIELDS[1:]}
    (stored,) = all_cleanings(app)
    assert (stored.starts_at, stored.hours, stored.address) == (
        SOON,
        2.5,
        "12 Baker Street",
    )


def test_the_booking_is_optional_and_null_when_left_out(as_user, app, rita):
    response = as_user(rita).post("/api/cleanings/", json={"new_cleaning": NEW})
    assert response.status_code == 201
    assert {k: response.get_json()[k] for k in FIELDS} == dict.fromkeys(FIELDS)
    (stored,) = all_cleanings(app)
    assert (stored.starts_at, stored.address) == (None, "")


def test_a_naive_or_offset_start_is_stored_in_utc(as_user, app, rita):
    start = SOON.replace(tzinfo=None).isoformat()
    job = as_user(rita).post(
        "/api/cleanings/", json={"new_cleaning": {**NEW, "starts_at": start}}
    )
    assert datetime.fromisoformat(job.get_json()["starts_at"]) == SOON
    offset = SOON.astimezone(UTC).replace(tzinfo=None).isoformat() + "+02:00"
    other = as_user(rita).post(
        "/api/cleanings/", json={"new_cleaning": {**NEW, "starts_at": offset}}
    )
    assert datetime.fromisoformat(other.get_json()["starts_at"]) == SOON - timedelta(
        hours=2
    )


BAD = [
    ("starts_at", "2020-01-01T09:00:00Z"),
    ("starts_at", (datetime.now(UTC) + timedelta(days=400)).isoformat()),
    ("starts_at", "next tuesday"),
    ("starts_at", "9999-12-31T23:59:59-15:00"),
    ("hours", 0.5),
    ("hours", 12.5),
    ("hours", 2.25),
    ("hours", "NaN"),
    ("area", "A"),
    ("area", " A "),
    ("area", "x" * 81),
    ("area", "Cam\x00den"),
    ("address", "x" * 201),
    ("address", "a\x07"),
    ("bedrooms", -1),
    ("bedrooms", 21),
    ("bedrooms", 1.5),
    ("bathrooms", 0),
    ("bathrooms", 21),
]


# ids by position: a value computed from the clock must not name the test
# (pytest-xdist's workers would collect different names).
@pytest.mark.parametrize(
    ("field", "value"), BAD, ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD)]
)
def test_a_bad_booking_field_is_422_at_its_place_and_writes_nothing(
    as_user, app, rita, field, value
):
    speaker = as_user(rita)
    created = speaker.post(
        "/api/cleanings/", json={"new_cleaning": {**NEW, field: value}}
    )
    assert created.status_code == 422, created.get_json()
    assert created.get_json()["detail"][0]["loc"] == ["body", "new_cleaning", field]
    job = make_cleaning(app, rita, **BOOKED)
    updated = speaker.put(
        f"/api/cleanings/{job.id}/", json={"cleaning_update": {field: value}}
    )
    assert updated.status_code == 422
    assert updated.get_json()["detail"][0]["loc"] == ["body", "cleaning_update", field]
    assert [(c.id, c.starts_at, c.area) for c in all_cleanings(app)] == [
        (job.id, BOOKED["starts_at"], "Camden")
    ]


def test_an_update_changes_the_booking_and_null_clears_it(as_user, app, rita):
    job = make_cleaning(app, rita, address="1 Old Road", **BOOKED)
    speaker = as_user(rita)
    change = {"starts_at": SOON.isoformat(), "bedrooms": 4, "address": None}
    answer = speaker.put(f"/api/cleanings/{job.id}/", json={"cleaning_update": change})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["bedrooms"] == 4 and answer.get_json()["address"] is None
    (stored,) = all_cleanings(app)
    assert (stored.starts_at, stored.bedrooms, stored.address) == (SOON, 4, "")
    assert (stored.area, stored.hours) == ("Camden", 3)  # absent keys stay


def test_an_expired_job_reopens_when_its_start_moves_ahead(as_user, app, rita):
    past = datetime.now(UTC) - timedelta(days=1)
    job = make_cleaning(app, rita, **{**BOOKED, "starts_at": past})
    answer = as_user(rita).put(
        f"/api/cleanings/{job.id}/",
        json={"cleaning_update": {"starts_at": SOON.isoformat()}},
    )
    assert answer.status_code == 200
    assert all_cleanings(app)[0].starts_at == SOON


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("owner", True),
        ("accepted", True),
        ("completed", True),
        ("pending", False),
        ("stranger", False),
    ],
)
def test_the_address_is_only_for_the_owner_and_the_hired_cleaner(
    as_user, app, rita, who, sees
):
    job = make_cleaning(app, rita, address="221B Baker Street", **BOOKED)
    caller = rita if who == "owner" else make_user(app, who)
    if who in ("accepted", "completed", "pending"):
        make_offer(app, job, caller, who)
    answer = as_user(caller).get(f"/api/cleanings/{job.id}/").get_json()
    assert answer["area"] == "Camden"
    assert answer["address"] == ("221B Baker Street" if sees else None)
    # Never in the feed, not even the owner's own.
    feed = as_user(caller).get("/api/feed/cleanings/").get_json()
    assert [item["address"] for item in feed] == [None]


def test_a_cleaner_hired_on_another_of_the_owners_jobs_sees_no_address(
    as_user, app, rita
):
    job = make_cleaning(app, rita, address="221B Baker Street", **BOOKED)
    other = make_cleaning(app, rita, **BOOKED)
    cleaner = make_user(app, "cleo")
    make_offer(app, other, cleaner, "accepted")
    make_offer(app, job, cleaner, "pending")
    answer = as_user(cleaner).get(f"/api/cleanings/{job.id}/").get_json()
    assert answer["address"] is None


def test_the_owners_list_and_offers_never_leak_it_to_others(as_user, app, rita):
    make_cleaning(app, rita, address="221B Baker Street", **BOOKED)
    mine = as_user(rita).get("/api/cleanings/").get_json()
    assert [j["address"] for j in mine] == ["221B Baker Street"]


def test_a_done_jobs_start_cannot_move(as_user, app, rita):
    started = datetime.now(UTC) - timedelta(hours=3)
    done = datetime.now(UTC) - timedelta(hours=1)
    job = make_cleaning(app, rita, **{**BOOKED, "starts_at": started}, done_at=done)
    make_offer(app, job, make_user(app, "cleo"), "accepted")
    answer = as_user(rita).put(
        f"/api/cleanings/{job.id}/",
        json={"cleaning_update": {"starts_at": SOON.isoformat()}},
    )
    assert answer.status_code == 400
    assert answer.get_json() == {
        "detail": "This clean is marked done, so its date can no longer change."
    }
    assert all_cleanings(app)[0].starts_at == started
