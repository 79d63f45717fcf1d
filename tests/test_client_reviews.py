"""The hired cleaner reviews the resident (CONTRACT "Bookings": client
reviews), and a profile shows both reputations: as a cleaner and as a
client."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from cleaning_app.evaluations import lifecycle
from cleaning_app.extensions import db
from cleaning_app.models import ClientReview, Offer
from tests.builders import (
    body,
    make_cleaning,
    make_evaluation,
    make_offer,
    make_user,
)
from tests.test_submission_keys import hidden_fields

REVIEW = {"rating": "4", "comment": "Clear instructions.\r\nKey under the mat."}


def booked(app, owner, cleaner, starts_in=None, hours="2", status="accepted", **kw):
    """`owner`'s job starting `starts_in` hours from now (negative: past;
    None: undated), with `cleaner`'s offer in `status`."""
    starts_at = None
    if starts_in is not None:
        starts_at = datetime.now(UTC) + timedelta(hours=starts_in)
        kw.update(hours=Decimal(hours), area="Camden", bedrooms=1, bathrooms=1)
    job = make_cleaning(app, owner, starts_at=starts_at, **kw)
    make_offer(app, job, cleaner, status=status)
    return job


def make_client_review(app, job, cleaner, rating, comment="", **fields):
    with app.app_context():
        review = ClientReview(
            cleaning_id=job.id,
            cleaner_id=cleaner.id,
            client_id=job.owner_id,
            rating=rating,
            comment=comment,
            **fields,
        )
        db.session.add(review)
        db.session.commit()


def url(job):
    return f"/cleanings/{job.id}/client-review"


def reviews(app):
    with app.app_context():
        rows = db.session.scalars(select(ClientReview))
        return [
            (r.cleaning_id, r.cleaner_id, r.client_id, r.rating, r.comment)
            for r in rows
        ]


@pytest.fixture
def done_job(app, rita, carlos):
    """rita's job, over (its end passed), carlos hired."""
    return booked(app, rita, carlos, starts_in=-5, hours="2", name="Sunny flat")


# --- writing a review --------------------------------------------------------


def test_the_hired_cleaner_reviews_the_resident(app, cleaner, rita, carlos, done_job):
    page = cleaner.get(url(done_job))
    assert page.status_code == 200
    html = body(page)
    assert "Review @rita" in html
    # The evaluation form's star picker: five radio buttons named `rating`.
    assert html.count('class="star-input" type="radio"') == 5
    assert 'name="rating"' in html and 'name="comment"' in html
    response = cleaner.post(url(done_job), REVIEW)
    assert response.status_code == 303
    assert response.headers["Location"] == "/profiles/rita"
    assert reviews(app) == [
        (
            done_job.id,
            carlos.id,
            rita.id,
            4,
            "Clear instructions.\r\nKey under the mat.",
        )
    ]


def test_after_mark_done_the_cleaner_may_review(app, cleaner, rita, carlos):
    job = booked(app, rita, carlos, starts_in=-1, hours="4")
    assert cleaner.post(url(job), REVIEW).status_code == 400
    assert cleaner.post(f"/cleanings/{job.id}/done").status_code == 303
    assert cleaner.post(url(job), REVIEW).status_code == 303
    assert len(reviews(app)) == 1


def test_an_undated_job_is_reviewed_at_once(app, cleaner, rita, carlos):
    dated = booked(app, rita, carlos, starts_in=24)
    undated = booked(app, rita, carlos, starts_in=None)
    assert cleaner.post(url(dated), REVIEW).status_code == 400
    assert cleaner.post(url(undated), REVIEW).status_code == 303
    assert [row[0] for row in reviews(app)] == [undated.id]


def test_after_the_owner_rated_the_cleaner_may_still_review(
    app, cleaner, rita, carlos, done_job
):
    make_evaluation(app, done_job, carlos)  # the offer becomes completed
    with app.app_context():
        db.session.get(Offer, (done_job.id, carlos.id)).status = "completed"
        db.session.commit()
    assert cleaner.post(url(done_job), REVIEW).status_code == 303


def test_comment_is_optional(app, cleaner, done_job):
    assert cleaner.post(url(done_job), {"rating": "1"}).status_code == 303
    assert [row[3:] for row in reviews(app)] == [(1, "")]


@pytest.mark.parametrize("starts_in", [24, -1], ids=["before start", "before end"])
def test_not_yet_is_400(app, cleaner, rita, carlos, starts_in):
    job = booked(app, rita, carlos, starts_in=starts_in, hours="3")
    for response in (cleaner.get(url(job)), cleaner.post(url(job), REVIEW)):
        assert response.status_code == 400
        assert lifecycle.NOT_RATEABLE_YET in body(response)
    assert reviews(app) == []


def test_a_second_review_is_400_and_keeps_the_first(app, cleaner, done_job):
    assert cleaner.post(url(done_job), REVIEW).status_code == 303
    again = cleaner.post(url(done_job), {"rating": "1", "comment": "Changed my mind"})
    assert again.status_code == 400
    assert lifecycle.ALREADY_REVIEWED in body(again)
    assert cleaner.get(url(done_job)).status_code == 400
    assert [row[3] for row in reviews(app)] == [4]


def test_a_race_on_the_key_is_400_not_500(app, cleaner, carlos, done_job, monkeypatch):
    """Two posts that both pass the check: the second one's INSERT meets
    the table's key and reads as "already reviewed"."""
    make_client_review(app, done_job, carlos, 2, "First")
    monkeypatch.setattr(lifecycle, "offer_to_review", lifecycle.hired_offer)
    response = cleaner.post(url(done_job), REVIEW)
    assert response.status_code == 400
    assert lifecycle.ALREADY_REVIEWED in body(response)
    assert [row[3:] for row in reviews(app)] == [(2, "First")]


def test_the_same_form_posted_twice_stores_one_review(app, cleaner, done_job):
    form = {**REVIEW, **hidden_fields(cleaner, url(done_job))}
    first = cleaner.post(url(done_job), form)
    again = cleaner.post(url(done_job), form)
    assert first.status_code == again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert len(reviews(app)) == 1


# --- who may --------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "other cleaner", "stranger"])
def test_anyone_but_the_hired_cleaner_gets_403(
    app, browser_as, rita, carlos, done_job, who
):
    if who == "owner":
        user = rita
    else:
        user = make_user(app, "nadia")
        if who == "other cleaner":
            make_offer(app, done_job, user, status="rejected")
    browser = browser_as(user)
    assert browser.get(url(done_job)).status_code == 403
    assert browser.post(url(done_job), REVIEW).status_code == 403
    assert reviews(app) == []


@pytest.mark.parametrize("status", ["pending", "cancelled", "rejected"])
def test_without_an_accepted_offer_it_is_403(app, cleaner, rita, carlos, status):
    job = booked(app, rita, carlos, starts_in=-5, status=status)
    assert cleaner.post(url(job), REVIEW).status_code == 403
    assert reviews(app) == []


def test_anonymous_is_sent_to_login(app, client, done_job):
    for response in (client.get(url(done_job)), client.post(url(done_job), REVIEW)):
        assert response.status_code in (302, 303)
        location = urlsplit(response.headers["Location"])
        assert location.path == "/auth/login"
        assert parse_qs(location.query)["next"] == [url(done_job)]
    assert reviews(app) == []


def test_missing_job_is_404(cleaner, done_job):
    assert cleaner.get(url(done_job)).status_code == 200  # the same path exists
    assert cleaner.get("/cleanings/999999/client-review").status_code == 404
    assert cleaner.post("/cleanings/999999/client-review", REVIEW).status_code == 404
    assert cleaner.get("/cleanings/abc/client-review").status_code == 404


def test_without_csrf_is_400(app, cleaner, done_job):
    assert cleaner.post(url(done_job), REVIEW, csrf=False).status_code == 400
    assert reviews(app) == []


# --- bad fields -----------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "6", "-1", "abc", "3.5", " 3", "", "9" * 40])
def test_bad_rating_is_422(app, cleaner, done_job, value):
    response = cleaner.post(url(done_job), {**REVIEW, "rating": value})
    assert response.status_code == 422
    html = body(response)
    assert 'id="rating-msg" class="field-msg is-error"' in html
    assert "from 1 to 5 stars" in html
    assert "Key under the mat." in html  # the comment is kept
    assert reviews(app) == []


def test_missing_rating_is_422(app, cleaner, done_job):
    response = cleaner.post(url(done_job), {"comment": "Nice"})
    assert response.status_code == 422
    assert "Choose a rating from 1 to 5 stars." in body(response)
    assert reviews(app) == []


@pytest.mark.parametrize("comment", ["x" * 2001, "bad\x00byte", "bell\x07"])
def test_bad_comment_is_422(app, cleaner, done_job, comment):
    response = cleaner.post(url(done_job), {"rating": "5", "comment": comment})
    assert response.status_code == 422
    assert 'id="comment-msg" class="field-msg is-error"' in body(response)
    assert reviews(app) == []


def test_the_longest_comment_is_accepted(app, cleaner, done_job):
    assert (
        cleaner.post(url(done_job), {"rating": "5", "comment": "y" * 2000}).status_code
        == 303
    )


def test_htmx_post_gets_the_form_fragment(app, cleaner, done_job):
    response = cleaner.htmx("post", url(done_job), {"rating": "9"})
    assert response.status_code == 422
    html = body(response)
    assert 'id="client-review-form"' in html and "<html" not in html


# --- the job page's link ------------------------------------------------------


def review_link(job):
    return f'href="{url(job)}"'


def test_the_job_page_offers_the_review_only_when_it_would_work(
    app, cleaner, owner, rita, carlos
):
    job = booked(app, rita, carlos, starts_in=-1, hours="4")
    assert review_link(job) not in body(cleaner.get(f"/cleanings/{job.id}"))
    cleaner.post(f"/cleanings/{job.id}/done")
    page = body(cleaner.get(f"/cleanings/{job.id}"))
    assert review_link(job) in page and "Review @rita" in page
    assert review_link(job) not in body(owner.get(f"/cleanings/{job.id}"))
    cleaner.post(url(job), REVIEW)
    page = body(cleaner.get(f"/cleanings/{job.id}"))
    assert review_link(job) not in page
    assert "You reviewed the resident." in page


# --- the profile's two reputations -----------------------------------------


def test_a_profile_shows_the_reputation_as_a_client(app, client, rita):
    cleaners = [
        make_user(app, "carlos", full_name="Carlos Diaz"),
        make_user(app, "nadia"),
    ]
    for cleaner, rating, comment in zip(
        cleaners, (4, 5), ("Tidy home", "Kind and clear"), strict=True
    ):
        job = booked(
            app, rita, cleaner, starts_in=-48, name=f"Job for {cleaner.username}"
        )
        make_client_review(app, job, cleaner, rating, comment)
    html = body(client.get("/profiles/rita"))
    assert "As a client" in html
    assert '<span class="client-rating-value">4.5</span>' in html
    assert "2 reviews from cleaners" in html
    assert "Carlos Diaz" in html and "Tidy home" in html
    assert "@nadia" in html and "Kind and clear" in html
    assert "No reviews as a client yet" not in html
    # The cleaner side still says it has none: the two are kept apart.
    assert "No reviews yet" in html


def test_a_cleaners_client_reviews_do_not_count_as_theirs(app, client, rita, carlos):
    job = booked(app, rita, carlos, starts_in=-48)
    make_client_review(app, job, carlos, 1, "Late to answer")
    html = body(client.get("/profiles/carlos"))
    assert "No reviews as a client yet" in html
    assert "Late to answer" not in html


def test_only_the_newest_client_reviews_are_listed(app, client, rita):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for n in range(7):
        cleaner = make_user(app, f"cleaner{n}")
        job = booked(app, rita, cleaner, starts_in=-48)
        make_client_review(
            app, job, cleaner, 3, f"Comment {n}", created_at=start + timedelta(days=n)
        )
    html = body(client.get("/profiles/rita"))
    assert "7 reviews from cleaners" in html
    shown = [n for n in range(7) if f"Comment {n}<" in html]
    assert shown == [2, 3, 4, 5, 6]


def test_no_client_reviews(app, client, rita):
    assert "No reviews as a client yet" in body(client.get("/profiles/rita"))


def test_the_client_part_costs_one_query_however_many(app, client, rita, query_counter):
    make_user(app, "quiet")
    for n in range(12):
        cleaner = make_user(app)
        job = booked(app, rita, cleaner, starts_in=-48)
        make_client_review(app, job, cleaner, 1 + n % 5, f"Comment {n}")

    def page_queries(username):
        with query_counter as counter:
            assert client.get(f"/profiles/{username}").status_code == 200
        return counter.statements

    few, many = page_queries("quiet"), page_queries("rita")
    assert len(few) == len(many)
    assert sum("client_reviews" in s for s in many) == 1
