"""`flask seed`: demo users and jobs that look like a living marketplace."""

from sqlalchemy import func, select

from cleaning_app.extensions import db
from cleaning_app.models import Activity, Cleaning, User


def invoke(app, *args):
    """As `flask seed` runs: with the app context the flask command provides."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def test_seed_fills_jobs_with_feed_events_in_the_past(app):
    result = invoke(app, "seed", "--users", "6", "--cleanings", "60")
    assert result.exit_code == 0, result.output
    assert "resident_rita" in result.output and "cleaner_carlos" in result.output
    with app.app_context():
        jobs = list(db.session.scalars(select(Cleaning)))
        posted = select(Activity).where(Activity.kind == "cleaning_posted")
        events = {a.cleaning_id: a for a in db.session.scalars(posted)}
        owners = {u.id: u.username for u in db.session.scalars(select(User))}
        now = db.session.scalar(select(func.now()))
    assert len(jobs) == 60 and len(owners) == 6
    assert {j.cleaning_type for j in jobs} == {"dust_up", "spot_clean", "full_clean"}
    assert all(j.created_at < now for j in jobs)
    # No seeded job was edited; marking done leaves updated_at alone.
    assert all(j.updated_at == j.created_at for j in jobs)
    assert all(0 < j.price < 100000 for j in jobs)
    assert len({j.name for j in jobs}) > 20
    for job in jobs:
        event = events[job.id]
        assert (event.kind, event.actor_id) == ("cleaning_posted", job.owner_id)
        assert event.created_at == job.created_at
    posted_by = [owners[j.owner_id] for j in jobs]
    assert posted_by.count("resident_rita") >= 6
    assert "cleaner_carlos" not in posted_by


def test_seed_if_empty_leaves_a_filled_database_alone(app):
    invoke(app, "seed", "--users", "3", "--cleanings", "5")
    result = invoke(app, "seed", "--if-empty")
    assert "not seeding" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Cleaning)) == 5
