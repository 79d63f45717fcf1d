"""Demo offers and evaluations for `flask seed`: every state an offer can
be in, following the marketplace's rules (at most one accepted or
completed offer a job; rejected offers only beside an accepted or completed
one), with the feed events they cause. Bulk inserts; nothing in the future.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert, select

from ..extensions import db
from ..models import Activity, ActivityKind, Cleaning, Evaluation, Offer

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
HEADLINES = [
    "Spotless, as promised",
    "Great job, will book again",
    "On time and very thorough",
    "Friendly and efficient",
    "Good work overall",
    "Did the job",
    "",
]
COMMENTS = [
    "",
    "The kitchen has never looked this good.",
    "Arrived on time, worked quickly and left everything tidy.",
    "A few spots were missed but they came back to fix them.",
    "Lovely person, careful with our things.",
]
OVERALL = ([1, 2, 3, 4, 5], [2, 4, 10, 34, 50])
CHUNK = 5000


@dataclass
class Rows:
    offers: list[dict] = field(default_factory=list)
    evaluations: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)


def seed_offers(user_ids: list[int], rng: random.Random, now: datetime) -> Rows:
    """Offers on the seeded jobs. The demo resident's first jobs show one of
    each state; the demo cleaner (user_ids[1]) has offers in every state."""
    jobs = db.session.execute(
        select(Cleaning.id, Cleaning.owner_id, Cleaning.created_at).order_by(
            Cleaning.id
        )
    ).all()
    rows = Rows()
    demo = {0: "open", 1: "accepted", 2: "completed", 3: "open"}
    for n, (cleaning_id, owner_id, posted) in enumerate(jobs):
        state = demo.get(n) or _state(rng)
        if state is None:
            continue
        cleaners = _cleaners(user_ids, owner_id, rng, with_demo=n < 3)
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
        [None, "open", "accepted", "completed"], weights=[30, 35, 12, 23]
    )[0]


def _cleaners(user_ids, owner_id, rng, with_demo: bool) -> list[int]:
    # One more than needed, then drop the owner: no copy of the user list
    # per job, so big seeds stay fast.
    size = rng.randint(1, 4)
    sample = rng.sample(user_ids, min(len(user_ids), size + 1))
    picked = [u for u in sample if u != owner_id][:size]
    demo_cleaner = user_ids[1] if len(user_ids) > 1 else None
    wanted = with_demo or rng.random() < 0.25
    if demo_cleaner and demo_cleaner != owner_id and wanted:
        picked = [demo_cleaner, *[u for u in picked if u != demo_cleaner]]
    return picked


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.uniform(0.05, 0.95)


def _job(rows, cleaning_id, owner_id, posted, cleaners, state, rng, now):
    """One job's offers. The first cleaner is the chosen one when the job
    is accepted or completed; the others were rejected then."""
    if not cleaners:
        return
    sent = sorted(_between(rng, posted, now) for _ in cleaners)
    chosen_at = _between(rng, sent[-1], now) if state != "open" else None
    for i, (cleaner, at) in enumerate(zip(cleaners, sent, strict=True)):
        status, changed = _status(i, state, at, chosen_at or now, rng)
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
        rated_at = _between(rng, chosen_at, now)
        rows.evaluations.append(_evaluation(cleaning_id, cleaners[0], rated_at, rng))
        rows.activities.append(
            _event(ActivityKind.cleaning_completed, owner_id, cleaning_id, rated_at)
        )


def _status(i, state, sent_at, chosen_at, rng) -> tuple[str, datetime]:
    """For an open job, `chosen_at` is simply now."""
    if state == "open":
        # A cleaner who took a job and then cancelled leaves it open again.
        if rng.random() < 0.1:
            return "cancelled", _between(rng, sent_at, chosen_at)
        return "pending", sent_at
    if i == 0:
        return ("accepted" if state == "accepted" else "completed"), chosen_at
    return "rejected", chosen_at


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
        "headline": "Didn't show up" if no_show else rng.choice(HEADLINES),
        "comment": "" if no_show else rng.choice(COMMENTS),
        "created_at": at,
        "updated_at": at,
    }
