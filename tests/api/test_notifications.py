"""The JSON API notifies as the pages do: it calls the same services."""

from tests.builders import make_user
from tests.notified import notifications_of
from tests.test_notifications import started_job


def test_the_api_notifies_as_the_pages_do(app, as_user, job, rita, carlos):
    dana = make_user(app, "dana")
    assert as_user(carlos).post(f"/api/cleanings/{job.id}/offers/").status_code == 201
    assert as_user(dana).post(f"/api/cleanings/{job.id}/offers/").status_code == 201
    response = as_user(rita).put(f"/api/cleanings/{job.id}/offers/carlos/")
    assert response.status_code == 200
    assert as_user(carlos).put(f"/api/cleanings/{job.id}/offers/").status_code == 200
    assert notifications_of(app, rita) == [
        ("offer_received", carlos.id, job.id),
        ("offer_received", dana.id, job.id),
        ("offer_cancelled", carlos.id, job.id),
    ]
    assert notifications_of(app, carlos) == [("offer_accepted", rita.id, job.id)]
    assert notifications_of(app, dana) == [("offer_rejected", rita.id, job.id)]


def test_the_api_evaluation_notifies_the_cleaner(app, as_user, rita, carlos):
    job = started_job(app, rita, carlos)
    response = as_user(rita).post(
        f"/api/users/carlos/evaluations/{job.id}/",
        json={"evaluation_create": {"overall_rating": 5}},
    )
    assert response.status_code == 201, response.get_json()
    assert notifications_of(app, carlos) == [("review_received", rita.id, job.id)]
