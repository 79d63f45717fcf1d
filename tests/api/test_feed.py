"""The jobs feed through the API."""

from datetime import timedelta

from sqlalchemy import func, update

from cleaning_app.extensions import db
from cleaning_app.models import Cleaning

from ..builders import make_cleaning, make_user
from .conftest import bearer


def test_feed_lists_creates_and_updates_newest_first(as_user, app, rita, carlos):
    old = make_cleaning(app, rita, minutes_ago=30)
    new = make_cleaning(app, carlos, minutes_ago=10)
    edit = {"cleaning_update": {"price": 99}}
    assert as_user(rita).put(f"/api/cleanings/{old.id}/", json=edit).status_code == 200
    feed = as_user(rita).get("/api/feed/cleanings/").get_json()
    events = [(item["id"], item["event_type"]) for item in feed]
    assert events == [
        (old.id, "is_update"),
        (new.id, "is_create"),
        (old.id, "is_create"),
    ]
    assert [item["row_number"] for item in feed] == [1, 2, 3]
    updated, created = feed[0], feed[2]
    assert updated["event_timestamp"] == updated["updated_at"]
    assert created["event_timestamp"] == created["created_at"]
    assert (
        feed[1]["owner"]["username"] == "carlos" and feed[1]["owner"]["email"] is None
    )


def test_feed_pages_by_starting_date_and_chunk_size(as_user, app, rita):
    jobs = [make_cleaning(app, rita, minutes_ago=m) for m in (40, 30, 20, 10)]
    speaker = as_user(rita)
    first = speaker.get("/api/feed/cleanings/?page_chunk_size=2").get_json()
    assert [i["id"] for i in first] == [jobs[3].id, jobs[2].id]
    before = first[-1]["event_timestamp"]
    rest = speaker.get(
        "/api/feed/cleanings/", query_string={"starting_date": before}
    ).get_json()
    assert [i["id"] for i in rest] == [jobs[1].id, jobs[0].id]


def test_feed_query_errors_are_422(api, token_of, rita):
    headers = bearer(token_of(rita))
    for query in ("page_chunk_size=0", "page_chunk_size=51", "starting_date=soon"):
        response = api.get(f"/api/feed/cleanings/?{query}", headers=headers)
        assert response.status_code == 422, query
        assert response.get_json()["detail"][0]["loc"][0] == "query"


def test_any_iso_offset_and_the_calendars_edges_are_answered(api, token_of, rita):
    headers = bearer(token_of(rita))

    def feed_before(moment):
        query = {"starting_date": moment}
        return api.get("/api/feed/cleanings/", query_string=query, headers=headers)

    # PostgreSQL refuses offsets beyond 15:59; these were 500s.
    for moment in ("2000-01-01T00:00:00+16:00", "1357-12-02T11:01:34-16:49"):
        assert feed_before(moment).status_code == 200, moment
    for moment in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        assert feed_before(moment).status_code == 422, moment


def test_a_deactivated_owners_events_leave_the_page_without_shortening_it(
    as_user, app, rita, carlos
):
    """Each kind of event is read newest first and cut at the page size;
    the owner's check comes before that cut, so a deactivated owner's
    newer events never take a page's places."""
    gone = make_user(app, "gone", is_active=False)
    listed = make_cleaning(app, carlos, minutes_ago=40)
    edited = make_cleaning(app, rita, minutes_ago=30)
    hidden = [make_cleaning(app, gone, minutes_ago=m) for m in (5, 4, 3)]
    with app.app_context():
        for job in [edited, *hidden]:
            db.session.execute(
                update(Cleaning)
                .where(Cleaning.id == job.id)
                .values(updated_at=func.now() - timedelta(minutes=1))
            )
        db.session.commit()
    feed = as_user(rita).get("/api/feed/cleanings/?page_chunk_size=3").get_json()
    events = [(item["id"], item["event_type"]) for item in feed]
    assert events == [
        (edited.id, "is_update"),
        (edited.id, "is_create"),
        (listed.id, "is_create"),
    ]
