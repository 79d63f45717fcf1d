"""Demo offers and evaluations for `flask seed`: every state an offer can
be in, following the marketplace's rules (at most one accepted or
completed offer a job; rejected offers only beside an accepted or completed
one; a cancel puts the rejected offers back to pending), with the feed
events they cause and the times the app would have given them. Bulk
inserts; nothing in the future.

A job's story (its offers' end state, whether its date has passed) is
chosen before the job is made, since the job's dates follow from it: a
rated job was done weeks ago, a booked one is still to come, and an open
job whose date passed unbooked has expired. Only a hired, done job gets
reviews, both ways: the owner's evaluation and the cleaner's client review.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import insert

from ..extensions import db
from ..models import Activity, ActivityKind, ClientReview, Evaluation, Offer
from ..profiles.services import REVIEWS_PER_PAGE
from ..seed_text import (
    CLIENT_COMMENTS,
    COMMENTS,
    HEADLINES,
    NO_SHOW_HEADLINE,
    STAR_BANDS,
)

MESSAGES = [
    "",
    "",
    "I'm free this weekend and bring my own supplies.",
    "Happy to help! I can come any weekday morning.",
    "Five years of experience with homes like yours. References on request.",
    "I use eco-friendly products only. Pets are no problem.",
    "Could start tomorrow afternoon.",
    "I live nearby and can be flexible with timing.",
]
OVERALL = ([1, 2, 3, 4, 5], [2, 4, 10, 34, 50])
# The demo cleaner's profile has more reviews than one page shows, so a
# newcomer sees "Load more reviews" work.
DEMO_REVIEWS = REVIEWS_PER_PAGE + 4
# The demo resident's first jobs, one of each state: open, booked (she
# hired the demo cleaner, the clean is still to come), done and reviewed
# both ways, and done but not yet rated (her "Rate" button).
DEMO_STATES = {0: "open", 1: "accepted", 2: "completed", 3: "open"}
DEMO_STATES |= {4: "completed", 5: "done"}
# Each job's first offer and the others: (first, others) by job state.
# "done": hired, and the clean is over, but the owner has not rated yet.
STATUSES = {
    "open": ("pending", "pending"),
    "cancelled": ("cancelled", "pending"),
    "accepted": ("accepted", "rejected"),
    "done": ("accepted", "rejected"),
    "completed": ("completed", "rejected"),
}
ENDED = ("cancelled", "completed")
# States whose clean has happened, and the one still to come; the others
# (no offers, open, cancelled) have expired when their date passed.
PAST, FUTURE = ("done", "completed"), ("accepted",)
EXPIRED = 0.25
# Jobs posted before bookings existed: no date ("Date to be agreed").
LEGACY = 0.05
# How often the hired cleaner reviews the resident of a done job.
CLIENT_REVIEWED = {"completed": 0.9, "done": 0.5}
CLIENT_RATING = ([1, 2, 3, 4, 5], [1, 2, 7, 30, 60])
CHUNK = 5000


class Story(NamedTuple):
    state: str | None  # how the job's offers end; None: no offers yet
    with_demo: bool  # the demo cleaner offers (and is the chosen one)
    past: bool  # the start has passed
    legacy: bool  # no booking at all
    demo: bool  # one the demo logins show: always reviewed both ways


class Job(NamedTuple):
    cleaning_id: int
    owner_id: int
    posted: datetime
    starts_at: datetime | None
    hours: Decimal | None
    done_at: datetime | None
    story: Story
    # What a cleaner's seeded profile follows (profiles/seed.py).
    kind: str = ""
    price: Decimal | None = None
    area: str | None = None


class Stories:
    """Each job's story in posting order. The demo resident's first jobs
    show one of each state; the demo cleaner (user_ids[1]) has offers in
    every state and DEMO_REVIEWS completed jobs of other residents."""

    def __init__(self, user_ids: list[int]):
        self.resident = user_ids[0]
        self.reviews_due = DEMO_REVIEWS
        # A lone user has nobody to hire: no offers at all.
        self.alone = len(user_ids) < 2

    def next(self, n: int, owner_id: int, rng: random.Random) -> Story:
        state, with_demo = DEMO_STATES.get(n), n < 3
        demo = state is not None
        if not demo and self.reviews_due and owner_id != self.resident:
            state, with_demo, demo = "completed", True, True
            self.reviews_due -= 1
        state = None if self.alone else state or _state(rng)
        legacy = not demo and rng.random() < LEGACY
        if legacy and state == "done":
            state = "accepted"  # undated: rated as soon as hired
        # The demo resident's open jobs are still open.
        expires = not demo and state not in FUTURE and rng.random() < EXPIRED
        past = state in PAST or expires
        return Story(state, with_demo, past and not legacy, legacy, demo)


@dataclass
class Rows:
    offers: list[dict] = field(default_factory=list)
    evaluations: list[dict] = field(default_factory=list)
    client_reviews: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)


def seed_offers(
    jobs: list[Job], user_ids: list[int], rng, now: datetime, cleaner_ids=None
) -> Rows:
    """Offers on the seeded jobs, as their stories say, by the users who
    clean (`cleaner_ids`; everyone but the demo resident when not given)."""
    rows = Rows()
    pool = user_ids if cleaner_ids is None else cleaner_ids
    for job in jobs:
        if job.story.state is None:
            continue
        cleaners = _cleaners(user_ids, pool, job.owner_id, rng, job.story.with_demo)
        _job(rows, job, cleaners, rng, now)
    for table, values in (
        (Offer, rows.offers),
        (Evaluation, rows.evaluations),
        (ClientReview, rows.client_reviews),
        (Activity, rows.activities),
    ):
        for start in range(0, len(values), CHUNK):
            db.session.execute(
                insert(table),
                values[start : start + CHUNK],
                execution_options={"render_nulls": True},  # one statement
            )
    return rows


def _state(rng: random.Random) -> str | None:
    """None: no offers yet."""
    return rng.choices(
        [None, "open", "cancelled", "accepted", "done", "completed"],
        weights=[30, 31, 4, 10, 5, 20],
    )[0]


def _cleaners(user_ids, pool, owner_id, rng, with_demo: bool) -> list[int]:
    """Offerers from `pool`. The demo resident (user_ids[0]) posts jobs and
    never offers."""
    # Two more than needed, then drop the owner and the demo resident: no
    # copy of the user list per job, so big seeds stay fast.
    size = rng.randint(1, 4)
    sample = rng.sample(pool, min(len(pool), size + 2))
    picked = [u for u in sample if u not in (owner_id, user_ids[0])][:size]
    demo_cleaner = user_ids[1] if len(user_ids) > 1 else None
    wanted = with_demo or rng.random() < 0.25
    if demo_cleaner and demo_cleaner != owner_id and wanted:
        picked = [demo_cleaner, *[u for u in picked if u != demo_cleaner]]
    return picked


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.uniform(0.05, 0.95)


def _finished(job: Job, hired_at: datetime) -> datetime:
    """When the job was done: marked done, its scheduled end, or (an
    undated job) as soon as someone was hired."""
    if job.done_at is not None:
        return job.done_at
    if job.starts_at is not None:
        return job.starts_at + timedelta(hours=float(job.hours))
    return hired_at


def _job(rows: Rows, job: Job, cleaners, rng, now):
    """One job's offers. The first cleaner is the chosen one unless the job
    is open; it is completed when the owner rates it. Offers and the hire
    come before the start (a job takes no offers once its date passes)."""
    if not cleaners:
        return
    cleaning_id, owner_id, state = job.cleaning_id, job.owner_id, job.story.state
    until = min(job.starts_at, now) if job.starts_at else now
    sent = sorted(_between(rng, job.posted, until) for _ in cleaners)
    chosen_at = _between(rng, sent[-1], until) if state != "open" else None
    # The cancel, or the evaluation that completes the job.
    ended_at = chosen_at
    if state == "cancelled":
        ended_at = _between(rng, chosen_at, until)
    elif state == "completed":
        ended_at = _between(rng, _finished(job, chosen_at), now)
    for i, (cleaner, at) in enumerate(zip(cleaners, sent, strict=True)):
        status, changed = _status(i, state, at, chosen_at, ended_at)
        rows.offers.append(
            {
                "cleaning_id": cleaning_id,
                "user_id": cleaner,
                "status": status,
                "message": rng.choice(MESSAGES),
                "created_at": at,
                "updated_at": changed,
            }
        )
    if chosen_at is None:
        return
    rows.activities.append(
        _event(ActivityKind.offer_accepted, owner_id, cleaning_id, chosen_at)
    )
    if state == "completed":
        rows.evaluations.append(_evaluation(cleaning_id, cleaners[0], ended_at, rng))
        rows.activities.append(
            _event(ActivityKind.cleaning_completed, owner_id, cleaning_id, ended_at)
        )
    if _client_reviewed(job, rng):
        at = _between(rng, _finished(job, chosen_at), now)
        rows.client_reviews.append(_client_review(job, cleaners[0], at, rng))


def _client_reviewed(job: Job, rng) -> bool:
    """Only a done job is reviewed; the demo ones always, so both demo
    logins show reviews both ways."""
    chance = CLIENT_REVIEWED.get(job.story.state, 0)
    return rng.random() < chance or (chance > 0 and job.story.demo)


def _client_review(job: Job, cleaner_id: int, at: datetime, rng) -> dict:
    rating = rng.choices(*CLIENT_RATING)[0]
    return {
        "cleaning_id": job.cleaning_id,
        "cleaner_id": cleaner_id,
        "client_id": job.owner_id,
        "rating": rating,
        "comment": rng.choice(CLIENT_COMMENTS[STAR_BANDS[rating]]),
        "created_at": at,
        "updated_at": at,
    }


def _status(i, state, sent_at, chosen_at, ended_at) -> tuple[str, datetime]:
    """An offer's status and its last change, as the app would leave them:
    the others were rejected when the first was chosen, and a cancel put
    them back to pending."""
    first, others = STATUSES[state]
    if state == "open":
        return first, sent_at
    if i == 0:
        return first, ended_at
    return others, ended_at if state == "cancelled" else chosen_at


def _event(kind: ActivityKind, actor_id, cleaning_id, at: datetime) -> dict:
    return {
        "kind": kind.value,
        "actor_id": actor_id,
        "cleaning_id": cleaning_id,
        "created_at": at,
        "updated_at": at,
    }


def _evaluation(cleaning_id, cleaner_id, at: datetime, rng) -> dict:
    no_show = rng.random() < 0.03
    overall = 1 if no_show else rng.choices(*OVERALL)[0]
    band = STAR_BANDS[overall]

    def sub():
        if no_show or rng.random() < 0.3:
            return None
        return max(1, min(5, overall + rng.choice((-1, 0, 0, 0, 1))))

    return {
        "cleaning_id": cleaning_id,
        "cleaner_id": cleaner_id,
        "overall_rating": overall,
        "professionalism": sub(),
        "completeness": sub(),
        "efficiency": sub(),
        "no_show": no_show,
        "headline": NO_SHOW_HEADLINE if no_show else rng.choice(HEADLINES[band]),
        "comment": "" if no_show else rng.choice(COMMENTS[band]),
        "created_at": at,
        "updated_at": at,
    }
