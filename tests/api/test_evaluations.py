"""Evaluations and a cleaner's stats through the API."""

import statistics
from datetime import UTC, datetime, timedelta

from ..builders import make_cleaning, make_evaluation, make_offer, make_user

EVALUATION = {"overall_rating": 4, "professionalism": 5, "headline": "Spotless"}


def test_the_owner_rates_the_accepted_cleaner(as_user, app, job, rita, carlos):
    make_offer(app, job, carlos, status="accepted")
    url = f"/api/users/carlos/evaluations/{job.id}/"
    response = as_user(rita).post(url, json={"evaluation_create": EVALUATION})
    assert response.status_code == 201
    answer = response.get_json()
    assert (answer["cleaning_id"], answer["cleaner_id"]) == (job.id, carlos.id)
    assert answer["overall_rating"] == 4 and answer["no_show"] is False
    assert answer["completeness"] is None and answer["headline"] == "Spotless"
    offer = as_user(rita).get(f"/api/cleanings/{job.id}/offers/carlos/").get_json()
    assert offer["status"] == "completed"
    shown = as_user(carlos).get(url)
    assert shown.status_code == 200 and shown.get_json()["overall_rating"] == 4


def test_evaluation_refusals_in_the_contracts_order(as_user, app, job, rita, carlos):
    make_offer(app, job, carlos, status="pending")
    url = f"/api/users/carlos/evaluations/{job.id}/"
    bad_body = {"evaluation_create": {"overall_rating": 9}}
    dana = make_user(app, "dana")
    no_offer = as_user(rita).post(
        f"/api/users/dana/evaluations/{job.id}/", json=bad_body
    )
    assert no_offer.status_code == 404
    assert no_offer.get_json() == {"detail": "Offer not found."}
    not_owner = as_user(dana).post(url, json=bad_body)
    assert not_owner.status_code == 403
    assert not_owner.get_json() == {
        "detail": "Users are unable to leave evaluations for cleaning jobs they"
        " do not own."
    }
    pending = as_user(rita).post(url, json=bad_body)
    assert pending.status_code == 400
    assert pending.get_json() == {
        "detail": "Users are unable to leave multiple evaluations jobs they did"
        " not accept."
    }


def test_invalid_evaluations_are_422_and_a_second_one_400(
    as_user, app, job, rita, carlos
):
    make_offer(app, job, carlos, status="accepted")
    url = f"/api/users/carlos/evaluations/{job.id}/"
    speaker = as_user(rita)
    for bad in (
        {"overall_rating": 0},
        {"overall_rating": 6},
        {},
        {"overall_rating": 3, "efficiency": 7},
    ):
        response = speaker.post(url, json={"evaluation_create": bad})
        assert response.status_code == 422, bad
        assert response.get_json()["detail"][0]["loc"][:2] == [
            "body",
            "evaluation_create",
        ]
    assert speaker.post(url, json={"evaluation_create": EVALUATION}).status_code == 201
    again = speaker.post(url, json={"evaluation_create": EVALUATION})
    assert again.status_code == 400


def test_lists_and_single_evaluations(as_user, app, rita, carlos):
    first, second = make_cleaning(app, rita), make_cleaning(app, rita)
    for job, rating in ((first, 3), (second, 5)):
        make_offer(app, job, carlos, status="completed")
        make_evaluation(app, job, carlos, overall_rating=rating)
    speaker = as_user(rita)
    listed = speaker.get("/api/users/carlos/evaluations/").get_json()
    assert sorted(e["overall_rating"] for e in listed) == [3, 5]
    assert {e["owner"] for e in listed} == {rita.id}
    nobody = speaker.get("/api/users/nobody/evaluations/")
    assert nobody.status_code == 404
    assert nobody.get_json() == {"detail": "No user found with that username."}
    missing = speaker.get("/api/users/carlos/evaluations/999/")
    assert missing.status_code == 404
    assert missing.get_json() == {"detail": "No evaluation found for that cleaning."}


def test_stats_are_exact_means(as_user, app, rita, carlos):
    ratings = [(4, 5, True), (5, None, False), (5, 2, False)]
    for overall, professionalism, no_show in ratings:
        job = make_cleaning(app, rita)
        make_offer(app, job, carlos, status="completed")
        make_evaluation(
            app,
            job,
            carlos,
            overall_rating=overall,
            professionalism=professionalism,
            no_show=no_show,
        )
    stats = as_user(rita).get("/api/users/carlos/evaluations/stats/").get_json()
    assert stats["avg_overall_rating"] == statistics.mean([4, 5, 5])
    assert stats["avg_professionalism"] == statistics.mean([5, 2])
    assert stats["avg_completeness"] is None  # every one left blank
    assert (stats["min_overall_rating"], stats["max_overall_rating"]) == (4, 5)
    assert (stats["four_stars"], stats["five_stars"], stats["one_stars"]) == (1, 2, 0)
    assert stats["total_evaluations"] == 3 and stats["total_no_show"] == 1


def test_stats_of_a_cleaner_without_evaluations(as_user, rita, carlos):
    # The original answered this with a 500.
    response = as_user(rita).get("/api/users/carlos/evaluations/stats/")
    assert response.status_code == 200
    stats = response.get_json()
    assert stats["total_evaluations"] == 0 and stats["five_stars"] == 0
    assert stats["avg_overall_rating"] is None and stats["min_overall_rating"] is None
    assert as_user(rita).get("/api/users/nobody/evaluations/stats/").status_code == 404


def test_rating_waits_until_the_job_is_done(as_user, app, rita, carlos):
    """CONTRACT "Bookings": the pages' gate, with its message; a job whose
    scheduled end has passed may be rated without "Mark done"."""
    now = datetime.now(UTC)
    running = make_cleaning(app, rita, starts_at=now - timedelta(hours=1), hours=3)
    over = make_cleaning(app, rita, starts_at=now - timedelta(hours=5), hours=3)
    for job in (running, over):
        make_offer(app, job, carlos, status="accepted")
    early = as_user(rita).post(
        f"/api/users/carlos/evaluations/{running.id}/",
        json={"evaluation_create": EVALUATION},
    )
    assert early.status_code == 400
    assert early.get_json() == {
        "detail": "You can rate the cleaner once the job is done."
    }
    shown = as_user(carlos).get(f"/api/users/carlos/evaluations/{running.id}/")
    assert shown.status_code == 404  # nothing was written
    late = as_user(rita).post(
        f"/api/users/carlos/evaluations/{over.id}/",
        json={"evaluation_create": EVALUATION},
    )
    assert late.status_code == 201


def test_a_job_marked_done_keeps_its_cleaner(as_user, app, rita, carlos):
    """The API's cancel refuses as the pages' does once the job is done."""
    now = datetime.now(UTC)
    job = make_cleaning(
        app, rita, starts_at=now - timedelta(hours=2), hours=3, done_at=now
    )
    make_offer(app, job, carlos, status="accepted")
    response = as_user(carlos).put(f"/api/cleanings/{job.id}/offers/")
    assert response.status_code == 400
    assert response.get_json() == {
        "detail": "This job is marked done, so your offer can't be cancelled."
    }
    offer = as_user(rita).get(f"/api/cleanings/{job.id}/offers/carlos/").get_json()
    assert offer["status"] == "accepted"
