"""The job form's booking fields (CONTRACT "Bookings"): their rules and
messages, the site's time zone at the edge, the inline checks, editing."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cleaning_app.models import Activity, Cleaning

from .builders import (
    BOOKED,
    BOOKING,
    activity_kinds,
    all_cleanings,
    body,
    count,
    get_cleaning,
    log_in,
    make_cleaning,
    make_offer,
    make_user,
    text,
)
from .conftest import Client, make_app

JOB = {"name": "Kitchen clean", "price": "32.50", "cleaning_type": "full_clean"}
TODAY = datetime.now(UTC).date()
PAST_DAY = "That date has passed; pick today or a later day."
PAST = "That time has passed; pick a time in the future."
TOO_FAR = "Pick a date at most a year ahead."
DST_GAP = "The clocks skip that time on this day (daylight saving); pick another."
NOT_HOURS = "Choose from 1 to 12 hours, in steps of half an hour."
AREA = "Enter a town or neighbourhood of 2 to 80 characters."
BEDROOMS = "Enter a number of bedrooms from 0 to 20."
BATHROOMS = "Enter a number of bathrooms from 1 to 20."
CONTROL = "This field can't contain control characters."
DONE_MOVED = "This clean is marked done, so its date can no longer change."


@pytest.fixture
def resident(app, client):
    user = make_user(app, "resident_rosa")
    log_in(client, user)
    return user


def message_of(response, field: str) -> str:
    """The text under one field, and whether it is an error."""
    match = re.search(
        rf'<p id="{field}-msg" class="field-msg( is-error)?"[^>]*>(.*?)</p>',
        text(response),
        re.S,
    )
    assert match, f"no message under {field}"
    return ("error: " if match.group(1) else "") + match.group(2).strip()


BAD = [
    ("date", "", "Pick the day of the clean."),
    ("date", "12/12/2026", "Enter a date like 2026-12-12."),
    ("date", "2026-02-30", "Enter a date like 2026-12-12."),
    ("date", "\x00", "Enter a date like 2026-12-12."),
    ("date", (TODAY - timedelta(days=1)).isoformat(), PAST_DAY),
    ("date", (TODAY + timedelta(days=400)).isoformat(), TOO_FAR),
    ("date", "9999-12-31", TOO_FAR),
    ("date", "0001-01-01", PAST_DAY),
    ("start_time", "", "Pick the time the clean starts."),
    ("start_time", "25:00", "Enter a time like 09:00."),
    ("start_time", "9am", "Enter a time like 09:00."),
    ("hours", "", "Choose about how many hours the clean takes."),
    ("hours", "0.5", NOT_HOURS),
    ("hours", "12.5", NOT_HOURS),
    ("hours", "2.25", NOT_HOURS),
    ("hours", "NaN", NOT_HOURS),
    ("hours", "3.0", NOT_HOURS),
    ("area", "", "Say which town or neighbourhood the home is in."),
    ("area", "A", AREA),
    ("area", "x" * 81, AREA),
    ("area", "Cam\tden", CONTROL),
    ("address", "x" * 201, "Keep the address to 200 characters or fewer."),
    ("address", "1 Main St\x07", CONTROL),
    ("bedrooms", "", BEDROOMS),
    ("bedrooms", "-1", BEDROOMS),
    ("bedrooms", "21", BEDROOMS),
    ("bedrooms", "two", BEDROOMS),
    ("bedrooms", "1.5", BEDROOMS),
    ("bathrooms", "0", BATHROOMS),
    ("bathrooms", "21", BATHROOMS),
    ("bathrooms", "", BATHROOMS),
]
# ids by position: a value computed from the clock must not name the test.
IDS = [f"{field}-{i}" for i, (field, _, _) in enumerate(BAD)]


@pytest.mark.parametrize(("field", "value", "message"), BAD, ids=IDS)
def test_a_bad_booking_field_is_422_with_its_message_and_writes_nothing(
    app, client, resident, field, value, message
):
    data = {**JOB, **BOOKING, "address": "12 Baker Street", field: value}
    response = client.post("/cleanings/new", data)
    assert response.status_code == 422
    assert message_of(response, field) == f"error: {message}"
    page = text(response)
    # Every other value is kept in the form.
    for name in ("area", "address", "bedrooms", "bathrooms", "date", "start_time"):
        if name != field:
            assert f'name="{name}"' in page and f'value="{data[name]}"' in page, name
    assert count(app, Cleaning) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"), BAD[:6] + BAD[-6:], ids=IDS[:6] + IDS[-6:]
)
def test_an_edit_with_a_bad_booking_field_is_422_and_changes_nothing(
    app, client, resident, field, value, message
):
    job = make_cleaning(app, resident, **BOOKED)
    before = get_cleaning(app, job.id)
    data = {**JOB, **BOOKING, field: value}
    response = client.post(f"/cleanings/{job.id}/edit", data)
    assert response.status_code == 422
    assert message_of(response, field) == f"error: {message}"
    after = get_cleaning(app, job.id)
    assert (after.name, after.starts_at, after.updated_at) == (
        before.name,
        before.starts_at,
        before.updated_at,
    )


def test_a_time_earlier_today_has_passed(app, client, resident):
    data = {**JOB, **BOOKING, "date": TODAY.isoformat(), "start_time": "00:00"}
    response = client.post("/cleanings/new", data)
    assert response.status_code == 422
    assert message_of(response, "start_time") == f"error: {PAST}"
    assert message_of(response, "date") == "The day of the clean."
    assert count(app, Cleaning) == 0


@pytest.mark.parametrize(
    ("hours", "stored"), [("1", "1.0"), ("1.5", "1.5"), ("12", "12.0")]
)
def test_the_edges_that_are_fine_are_stored(app, client, resident, hours, stored):
    data = {**JOB, **BOOKING, "hours": hours, "bedrooms": "0", "bathrooms": "20"}
    data |= {"area": "NW", "address": "a" * 200}
    response = client.post("/cleanings/new", data)
    assert response.status_code == 303, body(response)
    (job,) = all_cleanings(app)
    assert (str(job.hours), job.bedrooms, job.bathrooms) == (stored, 0, 20)
    assert (job.area, job.address) == ("NW", "a" * 200)


def test_a_posted_job_stores_its_booking_in_utc(app, client, resident):
    data = {**JOB, **BOOKING, "address": " 12 Baker Street ", "start_time": "17:30"}
    assert client.post("/cleanings/new", data).status_code == 303
    (job,) = all_cleanings(app)
    day = date.fromisoformat(BOOKING["date"])
    assert job.starts_at == datetime(day.year, day.month, day.day, 17, 30, tzinfo=UTC)
    assert (job.hours, job.area, job.address) == (3, "Camden", "12 Baker Street")
    assert (job.bedrooms, job.bathrooms) == (2, 1)


def test_the_form_uses_native_inputs_and_inline_checks(client, resident):
    page = body(client.get("/cleanings/new"))
    assert re.search(r'<input[^>]*id="date"[^>]*type="date"', page)
    assert f'min="{TODAY.isoformat()}"' in page  # the picker offers no past day
    assert re.search(r'<input[^>]*id="start_time"[^>]*type="time"', page)
    assert re.search(r'<select[^>]*id="hours"', page)
    assert re.search(r'<input[^>]*id="bedrooms"[^>]*type="number"', page)
    for field in ("date", "start_time", "hours", "area", "address", "bedrooms"):
        assert f'hx-post="/cleanings/check/{field}"' in page, field
    assert "(optional)" in re.search(r'<label for="address">.*?</label>', page).group()


# --- the site's time zone --------------------------------------------------


@pytest.fixture
def london(database_url, app):
    """A browser on a copy of the app whose site zone is Europe/London."""
    other = make_app(database_url, PHRESH_TIMEZONE="Europe/London")
    return Client(other.test_client())


def next_date(month: int, day: int) -> date:
    """The next `month`/`day` after today (within a year)."""
    for year in (TODAY.year, TODAY.year + 1):
        candidate = date(year, month, day)
        if candidate > TODAY:
            return candidate
    raise AssertionError


def next_spring_forward() -> date:
    """London's next last Sunday of March, when 01:00-02:00 is skipped."""
    for year in (TODAY.year, TODAY.year + 1):
        day = date(year, 3, 31)
        day -= timedelta(days=(day.weekday() + 1) % 7)
        if day > TODAY:
            return day
    raise AssertionError


def test_a_summer_time_in_london_is_stored_in_utc_and_shown_as_typed(
    app, london, resident
):
    log_in(london, resident)
    summer = next_date(7, 1)
    data = {**JOB, **BOOKING, "date": summer.isoformat(), "start_time": "09:00"}
    response = london.post("/cleanings/new", data)
    assert response.status_code == 303, body(response)
    (job,) = all_cleanings(app)
    assert job.starts_at == datetime(summer.year, 7, 1, 8, 0, tzinfo=UTC)
    page = text(london.get(f"/cleanings/{job.id}"))
    assert f'<time datetime="{summer.isoformat()}T08:00:00+00:00">' in page
    assert f"{summer:%a} 1 Jul" in page and ", 09:00" in page
    form = text(london.get(f"/cleanings/{job.id}/edit"))
    assert f'value="{summer.isoformat()}"' in form and 'value="09:00"' in form


def test_a_time_the_clocks_skip_has_its_own_message(app, london, resident):
    log_in(london, resident)
    day = next_spring_forward().isoformat()
    data = {**JOB, **BOOKING, "date": day, "start_time": "01:30"}
    response = london.post("/cleanings/new", data)
    assert response.status_code == 422
    assert message_of(response, "start_time") == f"error: {DST_GAP}"
    assert count(app, Cleaning) == 0
    # The hour after the gap is fine, and is 01:00 UTC.
    response = london.post("/cleanings/new", {**data, "start_time": "02:00"})
    assert response.status_code == 303
    (job,) = all_cleanings(app)
    assert job.starts_at.astimezone(ZoneInfo("Europe/London")).hour == 2
    assert job.starts_at.astimezone(UTC).hour == 1


# --- inline checks -----------------------------------------------------------


def test_the_inline_check_answers_one_fields_message(client, resident):
    data = {**JOB, **BOOKING, "area": "A"}
    response = client.htmx("post", "/cleanings/check/area", data)
    assert response.status_code == 200
    assert message_of(response, "area") == f"error: {AREA}"
    assert 'id="date-msg"' not in body(response)
    fine = client.htmx("post", "/cleanings/check/date", data)
    assert message_of(fine, "date") == "The day of the clean."
    day = next_date(1, 1).isoformat()
    gap = client.htmx(
        "post", "/cleanings/check/start_time", {"date": day, "start_time": "00:00"}
    )
    assert message_of(gap, "start_time") == "Local time, 24-hour clock."


def test_the_inline_check_knows_only_the_booking_fields(client, resident):
    assert client.post("/cleanings/check/area", BOOKING).status_code == 200
    assert client.post("/cleanings/check/owner_id", BOOKING).status_code == 404
    assert client.post("/cleanings/check/name", BOOKING).status_code == 404


def test_the_inline_check_needs_a_login_and_a_csrf_token(app, client):
    assert client.post("/cleanings/check/area", BOOKING).status_code == 302
    log_in(client, make_user(app))
    response = client.post("/cleanings/check/area", BOOKING, csrf=False)
    assert response.status_code == 400


# --- editing ---------------------------------------------------------------


def test_an_undated_job_shows_empty_booking_fields_that_the_edit_requires(
    app, client, resident
):
    job = make_cleaning(app, resident, name="Old job")
    form = body(client.get(f"/cleanings/{job.id}/edit"))
    assert re.search(r'<input[^>]*id="date"[^>]*value=""', form)
    assert re.search(r'<input[^>]*id="area"[^>]*value=""', form)
    response = client.post(f"/cleanings/{job.id}/edit", JOB)
    assert response.status_code == 422
    assert message_of(response, "date") == "error: Pick the day of the clean."
    assert get_cleaning(app, job.id).starts_at is None
    assert (
        client.post(f"/cleanings/{job.id}/edit", {**JOB, **BOOKING}).status_code == 303
    )
    assert get_cleaning(app, job.id).starts_at == BOOKED["starts_at"]


def test_the_edit_form_is_filled_with_the_booking(app, client, resident):
    job = make_cleaning(
        app, resident, address="9 Elm Row", **{**BOOKED, "hours": Decimal("2.5")}
    )
    form = text(client.get(f"/cleanings/{job.id}/edit"))
    assert f'value="{BOOKING["date"]}"' in form and 'value="09:00"' in form
    assert re.search(
        r'<option selected value="2.5">|<option value="2.5" selected', form
    )
    assert 'value="Camden"' in form and 'value="9 Elm Row"' in form


def test_editing_the_date_of_an_expired_job_reopens_it(app, client, resident):
    past = datetime.now(UTC) - timedelta(days=2)
    job = make_cleaning(app, resident, name="Gone by", **{**BOOKED, "starts_at": past})
    response = client.post(f"/cleanings/{job.id}/edit", {**JOB, **BOOKING})
    assert response.status_code == 303
    assert get_cleaning(app, job.id).starts_at == BOOKED["starts_at"]
    assert activity_kinds(app)[-1] == ("cleaning_updated", resident.id, job.id)
    assert "Kitchen clean" in text(client.get("/cleanings"))


def test_changing_only_the_booking_writes_an_update_event(app, client, resident):
    job = make_cleaning(app, resident, **JOB, **BOOKED)
    unchanged = client.post(f"/cleanings/{job.id}/edit", {**JOB, **BOOKING})
    assert unchanged.status_code == 303 and count(app, Activity) == 0
    data = {**JOB, **BOOKING, "bedrooms": "3"}
    assert client.post(f"/cleanings/{job.id}/edit", data).status_code == 303
    assert get_cleaning(app, job.id).bedrooms == 3
    assert activity_kinds(app) == [("cleaning_updated", resident.id, job.id)]


def test_a_done_jobs_start_cannot_move_past_when_it_was_done(app, client, resident):
    started = datetime.now(UTC) - timedelta(hours=3)
    done = datetime.now(UTC) - timedelta(hours=1)
    job = make_cleaning(app, resident, **{**BOOKED, "starts_at": started}, done_at=done)
    cleaner = make_user(app, "cleo")
    make_offer(app, job, cleaner, status="accepted")
    response = client.post(f"/cleanings/{job.id}/edit", {**JOB, **BOOKING})
    assert response.status_code == 400
    assert message_of(response, "date") == f"error: {DONE_MOVED}"
    assert get_cleaning(app, job.id).starts_at == started
    # Its other fields can still change.
    day = started.date().isoformat()
    same_start = {**JOB, **BOOKING, "date": day, "start_time": f"{started:%H:%M}"}
    response = client.post(f"/cleanings/{job.id}/edit", {**same_start, "name": "New"})
    assert response.status_code == 303
    after = get_cleaning(app, job.id)
    assert (after.name, after.starts_at) == ("New", started)


def test_an_edit_may_keep_a_start_that_has_passed(app, client, resident):
    started = (datetime.now(UTC) - timedelta(days=3)).replace(second=41)
    job = make_cleaning(app, resident, **{**BOOKED, "starts_at": started})
    form = text(client.get(f"/cleanings/{job.id}/edit"))
    assert f'value="{started:%H:%M}"' in form
    kept = {"date": started.date().isoformat(), "start_time": f"{started:%H:%M}"}
    response = client.post(f"/cleanings/{job.id}/edit", {**JOB, **BOOKING, **kept})
    assert response.status_code == 303, body(response)
    after = get_cleaning(app, job.id)
    assert (after.name, after.starts_at) == (JOB["name"], started)
    # Another time on that passed day is a new start, and has passed.
    moved = {**kept, "start_time": f"{started - timedelta(minutes=5):%H:%M}"}
    response = client.post(f"/cleanings/{job.id}/edit", {**JOB, **BOOKING, **moved})
    assert response.status_code == 422
    assert get_cleaning(app, job.id).starts_at == started


def test_the_edit_forms_inline_check_lets_a_kept_passed_start_stand(
    app, client, browser_as, resident
):
    """The edit form checks as typed with saving's own rule: the job's start
    may stay as it is once passed, so neither field is flagged; moving it to
    another passed time is. Only the job's owner may use it."""
    started = (datetime.now(UTC) - timedelta(days=3)).replace(second=41)
    job = make_cleaning(app, resident, **{**BOOKED, "starts_at": started})
    check = f"/cleanings/{job.id}/check"
    form = body(client.get(f"/cleanings/{job.id}/edit"))
    for field in ("date", "start_time", "hours", "area", "address", "bedrooms"):
        assert f'hx-post="{check}/{field}"' in form, field
    kept = {**JOB, **BOOKING, "date": f"{started:%Y-%m-%d}"}
    kept["start_time"] = f"{started:%H:%M}"
    date_msg = client.htmx("post", f"{check}/date", kept)
    assert message_of(date_msg, "date") == "The day of the clean."
    time_msg = client.htmx("post", f"{check}/start_time", kept)
    assert message_of(time_msg, "start_time") == "Local time, 24-hour clock."
    moved = {**kept, "start_time": f"{started - timedelta(minutes=5):%H:%M}"}
    flagged = client.htmx("post", f"{check}/start_time", moved)
    assert message_of(flagged, "start_time") == f"error: {PAST}"
    other = browser_as(make_user(app, "olga"))
    assert other.post(f"{check}/date", kept).status_code == 403
    assert client.post(f"/cleanings/{job.id + 1}/check/date", kept).status_code == 404
    assert client.post(f"{check}/name", kept).status_code == 404
