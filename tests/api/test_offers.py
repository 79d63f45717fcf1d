"""Offers through the API: each row of the CONTRACT's table, the check
order (404 before 403) and phone privacy."""

from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import Offer

from ..builders import CARLOS_PHONE, RITA_PHONE, make_cleaning, make_offer, make_user


def _statuses(app, cleaning) -> dict[int, str]:
    with app.app_context():
        offers = db.session.scalars(
            select(Offer).where(Offer.cleaning_id == cleaning.id)
        )
        return {o.user_id: o.status.value for o in offers}


def test_make_an_offer(as_user, app, job, carlos):
    response = as_user(carlos).post(f"/api/cleanings/{job.id}/offers/")
    assert response.status_code == 201
    offer = response.get_json()
    assert (offer["user_id"], offer["cleaning_id"], offer["status"]) == (
        carlos.id,
        job.id,
        "pending",
    )
    assert _statuses(app, job) == {carlos.id: "pending"}


def test_an_offer_with_a_message_and_a_json_content_type_without_body(
    as_user, app, rita, carlos
):
    first, second = make_cleaning(app, rita), make_cleaning(app, rita)
    speaker = as_user(carlos)
    with_message = speaker.post(
        f"/api/cleanings/{first.id}/offers/", json={"message": "Free on Monday"}
    )
    assert with_message.get_json()["message"] == "Free on Monday"
    empty = speaker.post(
        f"/api/cleanings/{second.id}/offers/",
        headers={"Content-Type": "application/json"},
    )
    assert empty.status_code == 201


def test_offer_refusals(as_user, app, job, rita, carlos):
    own = as_user(rita).post(f"/api/cleanings/{job.id}/offers/")
    assert own.status_code == 400
    assert own.get_json() == {
        "detail": "Users are unable to create offers for cleaning jobs they own."
    }
    speaker = as_user(carlos)
    speaker.post(f"/api/cleanings/{job.id}/offers/")
    again = speaker.post(f"/api/cleanings/{job.id}/offers/")
    assert again.status_code == 400
    assert again.get_json() == {
        "detail": "Users aren't allowed create more than one offer for a cleaning job."
    }
    assert speaker.post("/api/cleanings/999/offers/").status_code == 404
    bad = speaker.post(f"/api/cleanings/{job.id}/offers/", json={"message": 5})
    assert bad.status_code == 400  # the job's refusal comes before the body's 422


def test_a_job_that_is_no_longer_open_takes_no_offers(as_user, app, job, carlos):
    make_offer(app, job, make_user(app, "dana"), status="accepted")
    response = as_user(carlos).post(f"/api/cleanings/{job.id}/offers/")
    assert response.status_code == 400
    assert carlos.id not in _statuses(app, job)


def test_an_invalid_message_is_422(as_user, job, carlos):
    response = as_user(carlos).post(
        f"/api/cleanings/{job.id}/offers/", json={"message": "x" * 1001}
    )
    assert response.status_code == 422
    assert response.get_json()["detail"][0]["loc"] == ["body", "message"]


def test_the_owner_lists_offers_with_users(as_user, app, job, rita, carlos):
    make_offer(app, job, carlos)
    offers = as_user(rita).get(f"/api/cleanings/{job.id}/offers/").get_json()
    assert [(o["user_id"], o["user"]["username"]) for o in offers] == [
        (carlos.id, "carlos")
    ]
    assert offers[0]["user"]["email"] is None
    assert offers[0]["user"]["profile"]["phone_number"] is None  # only pending
    other = as_user(carlos).get(f"/api/cleanings/{job.id}/offers/")
    assert other.status_code == 403
    assert other.get_json() == {"detail": "Unable to access offers."}


def test_one_offer_for_the_owner_or_its_cleaner(as_user, app, job, rita, carlos):
    make_offer(app, job, carlos)
    url = f"/api/cleanings/{job.id}/offers/carlos/"
    assert as_user(rita).get(url).get_json()["user_id"] == carlos.id
    assert as_user(carlos).get(url).get_json()["status"] == "pending"
    dana = make_user(app, "dana")
    response = as_user(dana).get(url)
    assert response.status_code == 403
    assert response.get_json() == {"detail": "Unable to access offer."}
    # 404s come before the 403.
    nobody = as_user(dana).get(f"/api/cleanings/{job.id}/offers/nobody/")
    assert nobody.status_code == 404
    assert nobody.get_json() == {"detail": "No user found with that username."}
    no_offer = as_user(dana).get(f"/api/cleanings/{job.id}/offers/dana/")
    assert no_offer.status_code == 404
    assert no_offer.get_json() == {"detail": "Offer not found."}


def test_accept_rejects_the_other_pending_offers(as_user, app, job, rita, carlos):
    dana = make_user(app, "dana")
    make_offer(app, job, carlos)
    make_offer(app, job, dana)
    response = as_user(rita).put(f"/api/cleanings/{job.id}/offers/carlos/")
    assert response.status_code == 200 and response.get_json()["status"] == "accepted"
    assert _statuses(app, job) == {carlos.id: "accepted", dana.id: "rejected"}


def test_accept_refusals(as_user, app, job, rita, carlos):
    dana = make_user(app, "dana")
    make_offer(app, job, carlos)
    make_offer(app, job, dana, status="rejected")
    url = f"/api/cleanings/{job.id}/offers/carlos/"
    not_owner = as_user(carlos).put(url)
    assert not_owner.status_code == 403
    assert not_owner.get_json() == {
        "detail": "Only the owner of the cleaning may accept offers."
    }
    speaker = as_user(rita)
    rejected = speaker.put(f"/api/cleanings/{job.id}/offers/dana/")
    assert rejected.status_code == 400
    assert rejected.get_json() == {
        "detail": "Can only accept offers that are currently pending."
    }
    assert speaker.put(url).status_code == 200
    make_offer(app, job, make_user(app, "eve"))
    second = speaker.put(f"/api/cleanings/{job.id}/offers/eve/")
    assert second.status_code == 400
    assert second.get_json() == {
        "detail": "That cleaning job already has an accepted offer."
    }


def test_cancel_reopens_the_rejected_offers(as_user, app, job, carlos):
    dana = make_user(app, "dana")
    make_offer(app, job, carlos, status="accepted")
    make_offer(app, job, dana, status="rejected")
    response = as_user(carlos).put(f"/api/cleanings/{job.id}/offers/")
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert _statuses(app, job) == {carlos.id: "cancelled", dana.id: "pending"}
    again = as_user(carlos).put(f"/api/cleanings/{job.id}/offers/")
    assert again.status_code == 400
    assert again.get_json() == {
        "detail": "Can only cancel offers that have been accepted."
    }
    none = as_user(make_user(app, "eve")).put(f"/api/cleanings/{job.id}/offers/")
    assert none.status_code == 404 and none.get_json() == {"detail": "Offer not found."}


def test_rescind_deletes_a_pending_offer(as_user, app, rita, carlos):
    pending, accepted = make_cleaning(app, rita), make_cleaning(app, rita)
    make_offer(app, pending, carlos)
    make_offer(app, accepted, carlos, status="accepted")
    speaker = as_user(carlos)
    response = speaker.delete(f"/api/cleanings/{pending.id}/offers/")
    assert response.status_code == 200 and response.get_json() is None
    assert _statuses(app, pending) == {}
    refused = speaker.delete(f"/api/cleanings/{accepted.id}/offers/")
    assert refused.status_code == 400
    assert refused.get_json() == {
        "detail": "Can only rescind currently pending offers."
    }
    assert speaker.delete(f"/api/cleanings/{pending.id}/offers/").status_code == 404


def test_phones_are_shown_to_both_sides_of_an_accepted_offer_only(
    as_user, app, job, rita, carlos
):
    make_offer(app, job, carlos, status="accepted")
    offers = as_user(rita).get(f"/api/cleanings/{job.id}/offers/").get_json()
    assert offers[0]["user"]["profile"]["phone_number"] == CARLOS_PHONE
    assert offers[0]["user"]["email"] is None
    seen = as_user(carlos).get(f"/api/cleanings/{job.id}/").get_json()
    assert seen["owner"]["profile"]["phone_number"] == RITA_PHONE
    assert seen["owner"]["email"] is None
    stranger = as_user(make_user(app, "dana"))
    assert stranger.get("/api/profiles/carlos/").get_json()["phone_number"] is None
    assert (
        stranger.get(f"/api/cleanings/{job.id}/").get_json()["owner"]["profile"][
            "phone_number"
        ]
        is None
    )
