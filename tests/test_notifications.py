"""Notifications are written by the action that causes them, in its
transaction, through the pages and the JSON API alike; nobody is told of
their own action (CONTRACT "Conversations and notifications")."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from cleaning_app.extensions import db
from cleaning_app.models import Cleaning, User
from cleaning_app.notifications.services import notify
from cleaning_app.offers import services as offers
from tests.builders import EVALUATION_FIELDS, make_cleaning, make_offer, make_user
from tests.notified import all_notifications, emails_to, notifications_of, queued_emails

RATING = {"overall_rating": "5", "comment": "Spotless."}
assert set(RATING) <= set(EVALUATION_FIELDS)


def started_job(app, owner, cleaner, status="accepted"):
    """`owner`'s two-hour job that ended an hour ago, `cleaner` hired."""
    job = make_cleaning(
        app,
        owner,
        starts_at=datetime.now(UTC) - timedelta(hours=3),
        hours=Decimal("2"),
        area="Camden",
        bedrooms=2,
        bathrooms=1,
    )
    make_offer(app, job, cleaner, status=status)
    return job


# ------------------------------------------------------------------ pages


def test_an_offer_notifies_the_owner_only(app, cleaner, job, rita, carlos):
    response = cleaner.post(f"/cleanings/{job.id}/offers", data={"message": "Hi"})
    assert response.status_code == 303
    assert notifications_of(app, rita) == [("offer_received", carlos.id, job.id)]
    assert notifications_of(app, carlos) == []
    # On by default: the owner is emailed, in the same transaction.
    [email] = emails_to(app, rita)
    assert "@carlos made an offer on “Two-bedroom flat”" in email["subject"]


def test_accepting_notifies_the_hired_cleaner_and_each_declined_one(
    app, owner, job, rita, carlos
):
    dana = make_user(app, "dana")
    make_offer(app, job, carlos)
    make_offer(app, job, dana)
    response = owner.post(f"/cleanings/{job.id}/offers/carlos/accept")
    assert response.status_code == 303
    assert notifications_of(app, carlos) == [("offer_accepted", rita.id, job.id)]
    assert notifications_of(app, dana) == [("offer_rejected", rita.id, job.id)]
    assert notifications_of(app, rita) == []


def test_rejecting_notifies_the_cleaner(app, owner, job, rita, carlos):
    make_offer(app, job, carlos)
    assert owner.post(f"/cleanings/{job.id}/offers/carlos/reject").status_code == 303
    assert notifications_of(app, carlos) == [("offer_rejected", rita.id, job.id)]
    # A declined offer is not emailed unless the cleaner asked for it.
    assert emails_to(app, carlos) == []


def test_cancelling_notifies_the_owner(app, cleaner, job, rita, carlos):
    make_offer(app, job, carlos, status="accepted")
    assert cleaner.post(f"/cleanings/{job.id}/my-offer/cancel").status_code == 303
    assert notifications_of(app, rita) == [("offer_cancelled", carlos.id, job.id)]
    assert notifications_of(app, carlos) == []


def test_rescinding_notifies_nobody(app, cleaner, job, carlos):
    make_offer(app, job, carlos)
    assert cleaner.post(f"/cleanings/{job.id}/my-offer/rescind").status_code == 303
    assert all_notifications(app) == []


def test_marking_done_notifies_the_owner(app, cleaner, rita, carlos):
    job = started_job(app, rita, carlos)
    assert cleaner.post(f"/cleanings/{job.id}/done").status_code == 303
    assert notifications_of(app, rita) == [("job_done", carlos.id, job.id)]
    assert notifications_of(app, carlos) == []


def test_reviews_notify_the_one_reviewed(app, owner, cleaner, rita, carlos):
    job = started_job(app, rita, carlos)
    assert cleaner.post(f"/cleanings/{job.id}/done").status_code == 303
    response = owner.post(f"/cleanings/{job.id}/evaluation", data=RATING)
    assert response.status_code == 303
    assert notifications_of(app, carlos) == [("review_received", rita.id, job.id)]
    response = cleaner.post(
        f"/cleanings/{job.id}/client-review", data={"rating": "4", "comment": "Kind."}
    )
    assert response.status_code == 303
    assert notifications_of(app, rita) == [
        ("job_done", carlos.id, job.id),
        ("review_received", carlos.id, job.id),
    ]


def test_a_refused_action_notifies_nobody(app, owner, cleaner, job, carlos):
    # Offering on one's own job, accepting what isn't there: 4xx, no rows.
    assert owner.post(f"/cleanings/{job.id}/offers", data={}).status_code == 400
    assert owner.post(f"/cleanings/{job.id}/offers/carlos/accept").status_code == 404
    assert all_notifications(app) == []
    assert queued_emails(app) == []


# -------------------------------------------------------- the transaction


def test_a_rolled_back_change_writes_and_queues_nothing(app, job, carlos):
    with app.app_context():
        cleaning = db.session.get(Cleaning, job.id)
        offers.make_offer(cleaning, db.session.get(User, carlos.id), "Hi")
        db.session.flush()
        db.session.rollback()
        db.session.remove()
    assert all_notifications(app) == []
    assert queued_emails(app) == []
    # The same change committed writes both: the test can see them.
    with app.app_context():
        cleaning = db.session.get(Cleaning, job.id)
        offers.make_offer(cleaning, db.session.get(User, carlos.id), "Hi")
        db.session.commit()
        db.session.remove()
    assert len(all_notifications(app)) == 1
    assert len(queued_emails(app)) == 1


def test_notify_writes_nothing_for_ones_own_action(app, job, rita):
    with app.app_context():
        assert notify(rita.id, "offer_received", job.id, rita.id) is None
        db.session.commit()
        db.session.remove()
    assert all_notifications(app) == []
    assert queued_emails(app) == []
