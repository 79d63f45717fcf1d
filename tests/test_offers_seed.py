"""`flask seed` adds offers in every state, evaluations of the completed
ones and their feed events, all following the marketplace's rules."""

from collections import defaultdict

from sqlalchemy import func, select

from cleaning_app.extensions import db
from cleaning_app.models import Activity, Cleaning, Evaluation, Offer, User

TAKEN = {"accepted", "completed"}


def seeded(app):
    with app.app_context():
        result = app.test_cli_runner().invoke(
            args=["seed", "--users", "10", "--cleanings", "120"]
        )
        assert result.exit_code == 0, result.output
        jobs = {c.id: c for c in db.session.scalars(select(Cleaning))}
        offers = list(db.session.scalars(select(Offer)))
        evaluations = list(db.session.scalars(select(Evaluation)))
        events = list(db.session.scalars(select(Activity)))
        names = dict(db.session.execute(select(User.username, User.id)).all())
        now = db.session.scalar(select(func.now()))
        db.session.expunge_all()
    return jobs, offers, evaluations, events, names, now


def test_offers_in_every_state_follow_the_rules(app):
    jobs, offers, _, _, names, now = seeded(app)
    assert {o.status for o in offers} == {
        "pending",
        "accepted",
        "rejected",
        "cancelled",
        "completed",
    }
    by_job = defaultdict(list)
    for offer in offers:
        by_job[offer.cleaning_id].append(offer.status)
        job = jobs[offer.cleaning_id]
        assert offer.user_id != job.owner_id
        assert job.created_at <= offer.created_at <= offer.updated_at <= now
    for statuses in by_job.values():
        assert sum(s in TAKEN for s in statuses) <= 1
        if "rejected" in statuses or "pending" in statuses:
            assert ("rejected" in statuses) == any(s in TAKEN for s in statuses)
    assert 0 < len(by_job) < len(jobs)  # some jobs still wait for offers
    carlos = {o.status for o in offers if o.user_id == names["cleaner_carlos"]}
    assert {"pending", "accepted", "completed"} <= carlos
    # The demo resident posts jobs; she never offers to clean one.
    assert all(o.user_id != names["resident_rita"] for o in offers)


def test_a_cancel_leaves_what_the_app_would(app):
    """The cancelled cleaner had been accepted (the feed says so), and the
    offers rejected then are pending again from the moment of the cancel."""
    _, offers, _, events, _, _ = seeded(app)
    accepted_at = {
        e.cleaning_id: e.created_at for e in events if e.kind == "offer_accepted"
    }
    cancelled = [o for o in offers if o.status == "cancelled"]
    assert cancelled
    for offer in cancelled:
        assert offer.created_at < accepted_at[offer.cleaning_id] < offer.updated_at
        for other in offers:
            if other.cleaning_id == offer.cleaning_id and other is not offer:
                assert other.status == "pending"
                assert other.updated_at == offer.updated_at


def test_accepted_and_completed_jobs_have_their_events_and_evaluations(app):
    jobs, offers, evaluations, events, _, now = seeded(app)
    taken = {o.cleaning_id: o for o in offers if o.status in TAKEN}
    accepted_events = {e.cleaning_id: e for e in events if e.kind == "offer_accepted"}
    cancelled = {o.cleaning_id for o in offers if o.status == "cancelled"}
    assert set(accepted_events) == set(taken) | cancelled
    for cleaning_id, event in accepted_events.items():
        job = jobs[cleaning_id]
        assert event.actor_id == job.owner_id
        assert job.created_at < event.created_at <= now
        if cleaning_id in taken:
            assert event.created_at >= taken[cleaning_id].created_at
    completed = {(o.cleaning_id, o.user_id) for o in offers if o.status == "completed"}
    assert {(e.cleaning_id, e.cleaner_id) for e in evaluations} == completed
    done_events = {e.cleaning_id: e for e in events if e.kind == "cleaning_completed"}
    assert set(done_events) == {cleaning_id for cleaning_id, _ in completed}
    rated = {o.cleaning_id: o for o in offers if o.status == "completed"}
    for evaluation in evaluations:
        # Rating the clean is what completes the offer.
        assert rated[evaluation.cleaning_id].updated_at == evaluation.created_at
        event = done_events[evaluation.cleaning_id]
        assert event.created_at == evaluation.created_at <= now
        assert accepted_events[evaluation.cleaning_id].created_at < event.created_at
        assert 1 <= evaluation.overall_rating <= 5
    good = sum(e.overall_rating >= 4 for e in evaluations)
    assert good > len(evaluations) / 2
