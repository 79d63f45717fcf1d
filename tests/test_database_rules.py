"""The database itself refuses what breaks a business rule, whoever writes:
SQL straight to PostgreSQL, past every form and service, is stopped by the
named constraint that keeps that rule (and what keeps the rule passes)."""

import pytest
from psycopg2 import errorcodes
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from cleaning_app.extensions import db

from .builders import make_cleaning, make_offer, make_user

CHECK = errorcodes.CHECK_VIOLATION
UNIQUE = errorcodes.UNIQUE_VIOLATION
FOREIGN_KEY = errorcodes.FOREIGN_KEY_VIOLATION
RESTRICT = errorcodes.RESTRICT_VIOLATION
NEW_JOB = (
    "INSERT INTO cleanings (name, description, cleaning_type, price, owner_id)"
    " VALUES ('Flat', '', :kind, CAST(:price AS numeric), :owner)"
)
NEW_OFFER = "INSERT INTO offers (cleaning_id, user_id, status) VALUES (:job, :user, :s)"
NEW_EVALUATION = (
    "INSERT INTO evaluations (cleaning_id, cleaner_id, overall_rating,"
    " professionalism, completeness, efficiency)"
    " VALUES (:job, :user, :overall_rating, :professionalism, :completeness,"
    " :efficiency)"
)
GOOD_RATINGS = dict.fromkeys(
    ("overall_rating", "professionalism", "completeness", "efficiency"), 3
)


def run(app, statement, **params) -> None:
    with app.app_context():
        db.session.execute(text(statement), params)
        db.session.commit()


def refusal(app, statement, **params) -> tuple[str, str]:
    """The SQLSTATE and constraint name the database refused the statement
    with; the test fails if it was accepted."""
    with app.app_context():
        with pytest.raises(IntegrityError) as refused:
            db.session.execute(text(statement), params)
            db.session.commit()
        db.session.rollback()
    error = refused.value.orig
    return error.pgcode, error.diag.constraint_name


@pytest.fixture
def scene(app):
    rita = make_user(app, "rita")
    carlos = make_user(app, "carlos")
    dana = make_user(app, "dana")
    job = make_cleaning(app, rita)
    return rita, carlos, dana, job


@pytest.mark.parametrize("price", ["0", "0.00", "-0.01", "-5"])
def test_a_price_not_above_zero_is_refused(app, scene, price):
    rita, _, _, job = scene
    insert = refusal(app, NEW_JOB, kind="spot_clean", price=price, owner=rita.id)
    update = refusal(app, "UPDATE cleanings SET price = CAST(:p AS numeric)", p=price)
    assert insert == update == (CHECK, "ck_cleanings_price_positive")
    run(app, NEW_JOB, kind="spot_clean", price="0.01", owner=rita.id)


@pytest.mark.parametrize("kind", ["deep_clean", "", "SPOT_CLEAN", "Spot Clean"])
def test_an_unknown_cleaning_type_is_refused(app, scene, kind):
    rita, _, _, job = scene
    assert refusal(app, NEW_JOB, kind=kind, price="20", owner=rita.id) == (
        CHECK,
        "ck_cleanings_cleaning_type",
    )
    for known in ("dust_up", "spot_clean", "full_clean"):
        run(app, "UPDATE cleanings SET cleaning_type = :k", k=known)


@pytest.mark.parametrize("status", ["done", "", "PENDING", "open"])
def test_an_unknown_offer_status_is_refused(app, scene, status):
    _, carlos, dana, job = scene
    make_offer(app, job, carlos)
    assert refusal(app, "UPDATE offers SET status = :s", s=status) == (
        CHECK,
        "ck_offers_status",
    )
    assert refusal(app, NEW_OFFER, job=job.id, user=dana.id, s=status) == (
        CHECK,
        "ck_offers_status",
    )
    for known in ("pending", "accepted", "rejected", "cancelled", "completed"):
        run(app, "UPDATE offers SET status = :s", s=known)


@pytest.mark.parametrize("rating", sorted(GOOD_RATINGS))
@pytest.mark.parametrize("value", [0, 6, -1])
def test_a_rating_outside_one_to_five_is_refused(app, scene, rating, value):
    _, carlos, _, job = scene
    make_offer(app, job, carlos, status="completed")
    where = {"job": job.id, "user": carlos.id}
    bad = {**GOOD_RATINGS, rating: value}
    assert refusal(app, NEW_EVALUATION, **where, **bad) == (
        CHECK,
        f"ck_evaluations_{rating}_range",
    )
    run(app, NEW_EVALUATION, **where, **GOOD_RATINGS)
    assert refusal(app, f"UPDATE evaluations SET {rating} = :v", v=value) == (
        CHECK,
        f"ck_evaluations_{rating}_range",
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [("accepted", "accepted"), ("accepted", "completed"), ("completed", "accepted")],
)
def test_a_second_accepted_offer_on_a_job_is_refused(app, scene, first, second):
    _, carlos, dana, job = scene
    make_offer(app, job, carlos, status=first)
    assert refusal(app, NEW_OFFER, job=job.id, user=dana.id, s=second) == (
        UNIQUE,
        "uq_offers_one_accepted_per_cleaning",
    )
    # Offers in the other states are not limited, and a pending one still
    # cannot be promoted next to the accepted one.
    run(app, NEW_OFFER, job=job.id, user=dana.id, s="pending")
    assert refusal(
        app, "UPDATE offers SET status = :s WHERE user_id = :u", s=second, u=dana.id
    ) == (UNIQUE, "uq_offers_one_accepted_per_cleaning")


def test_a_duplicate_offer_is_refused(app, scene):
    _, carlos, _, job = scene
    make_offer(app, job, carlos, status="rejected")
    assert refusal(app, NEW_OFFER, job=job.id, user=carlos.id, s="pending") == (
        UNIQUE,
        "pk_offers",
    )


def test_a_second_evaluation_of_the_same_job_and_cleaner_is_refused(app, scene):
    _, carlos, _, job = scene
    make_offer(app, job, carlos, status="completed")
    where = {"job": job.id, "user": carlos.id}
    run(app, NEW_EVALUATION, **where, **GOOD_RATINGS)
    assert refusal(app, NEW_EVALUATION, **where, **GOOD_RATINGS) == (
        UNIQUE,
        "pk_evaluations",
    )


def test_an_evaluation_needs_an_offer_that_it_then_keeps(app, scene):
    _, carlos, dana, job = scene
    assert refusal(app, NEW_EVALUATION, job=job.id, user=dana.id, **GOOD_RATINGS) == (
        FOREIGN_KEY,
        "fk_evaluations_offer",
    )
    make_offer(app, job, carlos, status="completed")
    run(app, NEW_EVALUATION, job=job.id, user=carlos.id, **GOOD_RATINGS)
    assert refusal(app, "DELETE FROM offers") == (RESTRICT, "fk_evaluations_offer")


@pytest.mark.parametrize(
    ("column", "constraint"),
    [("username", "uq_users_lower_username"), ("email", "uq_users_lower_email")],
)
def test_a_username_or_email_taken_in_another_case_is_refused(app, column, constraint):
    make_user(app, "rita", email="rita@example.com")
    values = {"username": "someone", "email": "someone@example.com"}
    values[column] = "RITA" if column == "username" else "Rita@Example.COM"
    assert refusal(
        app,
        "INSERT INTO users (username, email, password) VALUES (:username, :email, 'h')",
        **values,
    ) == (UNIQUE, constraint)


def test_a_second_profile_for_a_user_is_refused(app):
    user = make_user(app, "solo")
    assert refusal(app, "INSERT INTO profiles (user_id) VALUES (:u)", u=user.id) == (
        UNIQUE,
        "uq_profiles_user_id",
    )


def test_an_unknown_feed_event_kind_is_refused(app, scene):
    rita, _, _, job = scene
    assert refusal(
        app,
        "INSERT INTO activities (kind, actor_id, cleaning_id)"
        " VALUES ('hacked', :a, :c)",
        a=rita.id,
        c=job.id,
    ) == (CHECK, "ck_activities_kind")
