"""The lifecycle after a booking (CONTRACT "Bookings"): the hired cleaner
marks the job done after its start; the owner may rate only once the job
is done (or its scheduled end has passed, or at once for an undated job);
the job page offers "Mark done" and "Rate" only when they would work."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import update

from cleaning_app.evaluations import lifecycle, services
from cleaning_app.extensions import db
from cleaning_app.models import Cleaning, Evaluation, Offer
from tests.api.conftest import bearer, login
from tests.builders import (
    body,
    count,
    get_cleaning,
    log_in,
    make_cleaning,
    make_offer,
    make_user,
)

RATING = {"overall_rating": "5", "comment": "Spotless."}


def hours_from_now(hours: float) -> datetime:
    return datetime.now(UTC) + timedelta(hours=hours)


def booked(app, owner, cleaner, starts_in=None, hours="2", status="accepted"):
    """`owner`'s job starting `starts_in` hours from now (negative: in the
    past; None: undated), with `cleaner` hired."""
    starts_at = None if starts_in is None else hours_from_now(starts_in)
    job = make_cleaning(
        app,
        owner,
        starts_at=starts_at,
        hours=None if starts_in is None else Decimal(hours),
        area="Camden",
        bedrooms=2,
        bathrooms=1,
    )
    make_offer(app, job, cleaner, status=status)
    return job


def done_url(job):
    return f"/cleanings/{job.id}/done"


def rate_url(job):
    return f"/cleanings/{job.id}/evaluation"


def done_at(app, job):
    return get_cleaning(app, job.id).done_at


# --- marking a job done -----------------------------------------------------


def test_the_hired_cleaner_marks_a_started_job_done(app, cleaner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=-1, hours="3")
    response = cleaner.post(done_url(job))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/cleanings/{job.id}"
    marked = done_at(app, job)
    assert marked is not None and marked >= job.starts_at
    assert "You marked this job done." in body(cleaner.get(f"/cleanings/{job.id}"))


def test_an_undated_job_can_be_marked_done_at_once(app, cleaner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=None)
    assert cleaner.post(done_url(job)).status_code == 303
    assert done_at(app, job) is not None


def test_a_job_whose_end_passed_can_still_be_marked_done(app, cleaner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=-30, hours="2")
    assert cleaner.post(done_url(job)).status_code == 303
    assert done_at(app, job) is not None


def test_before_the_start_is_400(app, cleaner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=24)
    response = cleaner.post(done_url(job))
    assert response.status_code == 400
    assert lifecycle.NOT_STARTED in body(response)
    assert done_at(app, job) is None


def test_twice_is_400_and_keeps_the_first_time(app, cleaner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=-1)
    assert cleaner.post(done_url(job)).status_code == 303
    first = done_at(app, job)
    again = cleaner.post(done_url(job))
    assert again.status_code == 400
    assert lifecycle.ALREADY_DONE in body(again)
    assert done_at(app, job) == first


def test_a_race_past_the_checks_is_stopped_by_the_update(
    app, cleaner, rita, carlos, monkeypatch
):
    """Two clicks that both pass the checks: the UPDATE's own WHERE lets
    only one write; the other gets the same 400 as a late click."""
    job = booked(app, rita, carlos, starts_in=-1)
    earlier = hours_from_now(-0.5)
    with app.app_context():
        db.session.get(Cleaning, job.id).done_at = earlier
        db.session.commit()
    monkeypatch.setattr(lifecycle, "_refuse_unless_markable", lambda cleaning: None)
    response = cleaner.post(done_url(job))
    assert response.status_code == 400
    assert lifecycle.ALREADY_DONE in body(response)
    assert done_at(app, job) == earlier


def test_the_update_itself_refuses_a_job_not_started(
    app, cleaner, rita, carlos, monkeypatch
):
    """Even past a wrong check, the UPDATE never writes a done_at before the
    start (which the CHECK would answer with a 500)."""
    job = booked(app, rita, carlos, starts_in=24)
    monkeypatch.setattr(lifecycle, "_refuse_unless_markable", lambda cleaning: None)
    response = cleaner.post(done_url(job))
    assert response.status_code == 400
    assert lifecycle.NOT_STARTED in body(response)
    assert done_at(app, job) is None


@pytest.mark.parametrize("who", ["owner", "other cleaner", "stranger"])
def test_anyone_but_the_hired_cleaner_gets_403(app, browser_as, rita, carlos, who):
    job = booked(app, rita, carlos, starts_in=-1)
    if who == "owner":
        user = rita
    else:
        user = make_user(app, "nadia")
        if who == "other cleaner":
            make_offer(app, job, user, status="rejected")
    assert browser_as(user).post(done_url(job)).status_code == 403
    assert done_at(app, job) is None


@pytest.mark.parametrize("status", ["pending", "cancelled", "rejected"])
def test_without_an_accepted_offer_it_is_403(app, cleaner, rita, carlos, status):
    job = booked(app, rita, carlos, starts_in=-1, status=status)
    assert cleaner.post(done_url(job)).status_code == 403
    assert done_at(app, job) is None


def test_anonymous_is_sent_to_login(app, client, rita, carlos):
    job = booked(app, rita, carlos, starts_in=-1)
    response = client.post(done_url(job))
    assert response.status_code in (302, 303)
    location = urlsplit(response.headers["Location"])
    assert location.path == "/auth/login"
    assert parse_qs(location.query)["next"] == [done_url(job)]
    assert done_at(app, job) is None


def test_missing_job_is_404_and_get_is_405(app, cleaner, rita, carlos):
    assert cleaner.post("/cleanings/999999/done").status_code == 404
    assert cleaner.post("/cleanings/abc/done").status_code == 404
    job = booked(app, rita, carlos, starts_in=-1)
    assert cleaner.get(done_url(job)).status_code == 405


def test_without_csrf_is_400(app, cleaner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=-1)
    assert cleaner.post(done_url(job), {}, csrf=False).status_code == 400
    assert done_at(app, job) is None


# --- the rating gate -----------------------------------------------------------


def evaluation_count(app):
    return count(app, Evaluation)


def offer_status(app, job, cleaner):
    with app.app_context():
        return db.session.get(Offer, (job.id, cleaner.id)).status


@pytest.mark.parametrize("starts_in", [24, -1], ids=["before start", "before end"])
def test_rating_before_the_job_is_done_is_400(app, owner, rita, carlos, starts_in):
    job = booked(app, rita, carlos, starts_in=starts_in, hours="3")
    for response in (owner.get(rate_url(job)), owner.post(rate_url(job), RATING)):
        assert response.status_code == 400
        assert services.NOT_DONE_YET in body(response)
    assert evaluation_count(app) == 0
    assert offer_status(app, job, carlos) == "accepted"


def test_rating_after_mark_done(app, owner, cleaner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=-1, hours="3")
    assert cleaner.post(done_url(job)).status_code == 303
    assert owner.get(rate_url(job)).status_code == 200
    response = owner.post(rate_url(job), RATING)
    assert response.status_code == 303
    assert response.headers["Location"] == "/profiles/carlos"
    assert evaluation_count(app) == 1


def move_start(app, job, starts_in):
    with app.app_context():
        db.session.get(Cleaning, job.id).starts_at = hours_from_now(starts_in)
        db.session.commit()


def test_rating_opens_once_the_scheduled_end_passed(app, owner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=-1, hours="2")
    assert owner.post(rate_url(job), RATING).status_code == 400
    move_start(app, job, -3)  # its end (start + 2 h) is an hour ago now
    assert owner.post(rate_url(job), RATING).status_code == 303
    assert offer_status(app, job, carlos) == "completed"


def test_an_undated_job_is_rated_at_once_a_dated_one_waits(app, owner, rita, carlos):
    dated = booked(app, rita, carlos, starts_in=24)
    undated = booked(app, rita, carlos, starts_in=None)
    assert owner.post(rate_url(dated), RATING).status_code == 400
    assert owner.post(rate_url(undated), RATING).status_code == 303
    assert evaluation_count(app) == 1


# --- the job page's buttons ------------------------------------------------


def job_page(browser, job):
    response = browser.get(f"/cleanings/{job.id}")
    assert response.status_code == 200
    return body(response)


def has_rate_link(page, job):
    return f'href="{rate_url(job)}"' in page


def has_done_form(page, job):
    return f'action="{done_url(job)}"' in page


def test_before_the_start_neither_button_shows(app, owner, cleaner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=24)
    mine = job_page(owner, job)
    assert not has_rate_link(mine, job) and not has_done_form(mine, job)
    assert "You can rate @carlos once the job is done." in mine
    assert not has_done_form(job_page(cleaner, job), job)


def test_after_the_start_the_cleaner_sees_mark_done(
    app, owner, cleaner, browser_as, rita, carlos
):
    job = booked(app, rita, carlos, starts_in=-1, hours="3")
    page = job_page(cleaner, job)
    assert has_done_form(page, job) and "Mark done" in page
    assert not has_rate_link(job_page(owner, job), job)
    assert not has_done_form(job_page(owner, job), job)
    assert not has_done_form(job_page(browser_as(make_user(app)), job), job)


def test_once_done_the_owner_sees_rate_and_mark_done_goes(
    app, owner, cleaner, rita, carlos
):
    job = booked(app, rita, carlos, starts_in=-1, hours="3")
    cleaner.post(done_url(job))
    assert not has_done_form(job_page(cleaner, job), job)
    page = job_page(owner, job)
    assert has_rate_link(page, job) and "Rate @carlos" in page
    assert "@carlos marked the job done." in page


def test_after_the_scheduled_end_the_owner_sees_rate(app, owner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=-1, hours="2")
    assert not has_rate_link(job_page(owner, job), job)
    move_start(app, job, -3)
    assert has_rate_link(job_page(owner, job), job)


def test_an_undated_job_shows_rate_and_mark_done_at_once(
    app, owner, cleaner, rita, carlos
):
    job = booked(app, rita, carlos, starts_in=None)
    assert has_rate_link(job_page(owner, job), job)
    assert has_done_form(job_page(cleaner, job), job)


def test_the_mark_done_form_carries_a_submission_key(app, rita, carlos, make_client):
    job = booked(app, rita, carlos, starts_in=-1)
    browser = make_client()
    log_in(browser, carlos)
    page = job_page(browser, job)
    start = page.index(f'action="{done_url(job)}"')
    form = page[start : page.index("</form>", start)]
    assert 'name="submission_key"' in form and 'name="csrf_token"' in form


def test_once_done_the_offer_cannot_be_cancelled(app, cleaner, rita, carlos):
    """Cancelling would re-open a job that has been cleaned."""
    job = booked(app, rita, carlos, starts_in=-1)
    cancel = f"/cleanings/{job.id}/my-offer/cancel"
    assert f'action="{cancel}"' in job_page(cleaner, job)
    assert cleaner.post(done_url(job)).status_code == 303
    assert f'action="{cancel}"' not in job_page(cleaner, job)
    response = cleaner.post(cancel)
    assert response.status_code == 400
    assert "marked done" in body(response)
    assert offer_status(app, job, carlos) == "accepted"


def test_marking_done_is_no_edit_of_the_job(app, browser_as, cleaner, rita, carlos):
    """Marking done writes `done_at` only: the job's `updated_at` stays (the
    trigger leaves it alone), so its page shows no "Last updated" and the
    API feed has no `is_update` event for it; a real edit still counts."""
    job = booked(app, rita, carlos, starts_in=-1)
    assert cleaner.post(done_url(job)).status_code == 303
    after = get_cleaning(app, job.id)
    assert after.done_at is not None and after.updated_at == job.updated_at
    assert "Last updated" not in body(browser_as(rita).get(f"/cleanings/{job.id}"))
    api = app.test_client()
    token = login(api, "rita").get_json()["access_token"]
    feed = api.get("/api/feed/cleanings/", headers=bearer(token)).get_json()
    assert [(e["id"], e["event_type"]) for e in feed] == [(job.id, "is_create")]
    with app.app_context():
        db.session.execute(
            update(Cleaning).where(Cleaning.id == job.id).values(name="Renamed")
        )
        db.session.commit()
    assert get_cleaning(app, job.id).updated_at > job.updated_at
