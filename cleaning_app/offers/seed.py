"""Demo offers and evaluations for `flask seed`: every state an offer can
be in, following the marketplace's rules (at most one accepted or
completed offer a job; rejected offers only beside an accepted or completed
one; a cancel puts the rejected offers back to pending), with the feed
events they cause and the times the app would have given them. Bulk
inserts; nothing in the future.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert, select

from ..extensions import db
from ..models import Activity, ActivityKind, Cleaning, Evaluation, Offer
from ..profiles.services import REVIEWS_PER_PAGE
from ..seed_text import COMMENTS, HEADLINES, NO_SHOW_HEADLINE, STAR_BANDS

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
# The demo resident's first jobs, one of each state.
DEMO_STATES = {0: "open", 1: "accepted", 2: "completed", 3: "open"}
# Each job's first offer and the others: (first, others) by job state.
STATUSES = {
    "open": ("pending", "pending"),
    "cancelled": ("cancelled", "pending"),
    "accepted": ("accepted", "rejected"),
    "completed": ("completed", "rejected"),
}
ENDED = ("cancelled", "completed")
CHUNK = 5000


@dataclass
class Rows:
    offers: list[dict] = field(default_factory=list)
    evaluations: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)


def seed_offers(user_ids: list[int], rng: random.Random, now: datetime) -> Rows:
    """Offers on the seeded jobs. The demo resident's first jobs show one of
    each state; the demo cleaner (user_ids[1]) has offers in every state and
    DEMO_REVIEWS completed jobs of other residents."""
    jobs = db.session.execute(
        select(Cleaning.id, Cleaning.owner_id, Cleaning.created_at).order_by(
            Cleaning.id
        )
    ).all()
    rows = Rows()
    reviews_due = DEMO_REVIEWS
    for n, (cleaning_id, owner_id, posted) in enumerate(jobs):
        state, with_demo = DEMO_STATES.get(n), n < 3
        if state is None and reviews_due and owner_id != user_ids[0]:
            state, with_demo, reviews_due = "completed", True, reviews_due - 1
        state = state or _state(rng)
        if state is None:
            continue
        cleaners = _cleaners(user_ids, owner_id, rng, with_demo)
        _job(rows, cleaning_id, owner_id, posted, cleaners, state, rng, now)
    for table, values in (
        (Offer, rows.offers),
        (Evaluation, rows.evaluations),
        (Activity, rows.activities),
    ):
        for start in range(0, len(values), CHUNK):
            db.session.execute(insert(table), values[start : start + CHUNK])
    return rows


def _state(rng: random.Random) -> str | None:
    """None: no offers yet."""
    return rng.choices(
        [None, "open", "cancelled", "accepted", "completed"],
        weights=[30, 31, 4, 12, 23],
    )[0]


def _cleaners(user_ids, owner_id, rng, with_demo: bool) -> list[int]:
    """The demo resident (user_ids[0]) posts jobs and never offers."""
    # Two more than needed, then drop the owner and the demo resident: no
    # copy of the user list per job, so big seeds stay fast.
    size = rng.randint(1, 4)
    sample = rng.sample(user_ids, min(len(user_ids), size + 2))
    picked = [u for u in sample if u not in (owner_id, user_ids[0])][:size]
    demo_cleaner = user_ids[1] if len(user_ids) > 1 else None
    wanted = with_demo or rng.random() < 0.25
    if demo_cleaner and demo_cleaner != owner_id and wanted:
        picked = [demo_cleaner, *[u for u in picked if u != demo_cleaner]]
    return picked


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.uniform(0.05, 0.95)


def _job(rows, cleaning_id, owner_id, posted, cleaners, state, rng, now):
    """One job's offers. The first cleaner is the chosen one unless the job
    is open; it is completed when the owner rates it."""
    if not cleaners:
        return
    sent = sorted(_between(rng, posted, now) for _ in cleaners)
    chosen_at = _between(rng, sent[-1], now) if state != "open" else None
    # The cancel, or the evaluation that completes the job.
    ended_at = _between(rng, chosen_at, now) if state in ENDED else chosen_at
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
