"""Evaluations of cleaners: leave one, list them, one, and the stats."""

from fractions import Fraction

from flask import g

from ..auth.services import find_by_username
from ..evaluations import services
from ..evaluations.stats import cleaner_stats
from ..extensions import db
from ..models import User
from . import queries
from . import schemas as s
from .cleanings import find
from .core import ApiError, Body, operation
from .errors import NO_OFFER, NO_USER, NOT_ACCEPTED
from .present import evaluation_public

NOT_OWNER = "Users are unable to leave evaluations for cleaning jobs they do not own."
NO_EVALUATION = "No evaluation found for that cleaning."
WORDS = ("one", "two", "three", "four", "five")


def _cleaner(username: str) -> User:
    cleaner = find_by_username(username)
    if cleaner is None:
        raise ApiError(404, NO_USER)
    return cleaner


@operation(
    "POST",
    "/users/{username}/evaluations/{cleaning_id}/",
    status=201,
    response=s.EvaluationPublic,
    body=Body(s.EvaluationCreate, "evaluation_create"),
    errors=(400, 401, 403, 404, 422),
    tag="evaluations",
)
def create(user: User, username: str, cleaning_id: int, body):
    """The job's owner rates the accepted cleaner; the offer is completed."""
    cleaning = find(cleaning_id)
    cleaner = _cleaner(username)
    if queries.offer(cleaning.id, cleaner.id) is None:
        raise ApiError(404, NO_OFFER)
    g.api_forbidden = NOT_OWNER
    accepted = services.offer_to_evaluate(cleaning, user)
    if accepted.user_id != cleaner.id:
        raise ApiError(400, NOT_ACCEPTED)
    given = body().model_dump()
    given["headline"] = given["headline"] or ""
    given["comment"] = given["comment"] or ""
    evaluation = services.evaluate(cleaning, user, services.EvaluationInput(**given))
    db.session.commit()
    return evaluation_public(evaluation, cleaning.owner_id)


@operation(
    "GET",
    "/users/{username}/evaluations/",
    response=list[s.EvaluationPublic],
    errors=(401, 404, 422),
    tag="evaluations",
)
def index(user: User, username: str):
    """Every evaluation of the cleaner, newest first."""
    cleaner = _cleaner(username)
    rows = queries.evaluations_of(cleaner.id)
    return [evaluation_public(e, owner_id) for e, owner_id in rows]


@operation(
    "GET",
    "/users/{username}/evaluations/stats/",
    response=s.EvaluationAggregate,
    errors=(401, 404, 422),
    tag="evaluations",
)
def stats(user: User, username: str):
    """Averages, extremes and counts; a cleaner without evaluations has
    zero counts and null averages."""
    found = cleaner_stats(_cleaner(username).id)
    return s.EvaluationAggregate(
        avg_overall_rating=_mean(found.overall, found.total),
        avg_professionalism=_mean(found.professionalism, found.total),
        avg_completeness=_mean(found.completeness, found.total),
        avg_efficiency=_mean(found.efficiency, found.total),
        max_overall_rating=found.max_overall,
        min_overall_rating=found.min_overall,
        total_evaluations=found.total,
        total_no_show=found.no_shows,
        **{f"{word}_stars": found.star_counts[n + 1] for n, word in enumerate(WORDS)},
    )


def _mean(average, most: int) -> float | None:
    """The database's average as `statistics.mean` gives it: the exact
    fraction `sum/count` rounded once to a float. PostgreSQL's numeric
    average carries 16 or more decimals, close enough to recover that
    fraction (its count is at most `most`) and so to round it exactly."""
    if average is None:
        return None
    return float(Fraction(average).limit_denominator(max(most, 1)))


@operation(
    "GET",
    "/users/{username}/evaluations/{cleaning_id}/",
    response=s.EvaluationPublic,
    errors=(401, 404, 422),
    tag="evaluations",
)
def show(user: User, username: str, cleaning_id: int):
    """The cleaner's evaluation for one job."""
    found = queries.evaluation(_cleaner(username).id, cleaning_id)
    if found is None:
        raise ApiError(404, NO_EVALUATION)
    return evaluation_public(*found)
