"""Demo roles and cleaner profiles for `flask seed`: about a third of the
users clean (some of them also hire). A cleaner's profile agrees with the
work they offered on: every kind of clean they offered on or took, a rate
near the jobs they took (or offered on), the areas they worked in most and
the weekdays their cleans fell on most. A cleaner without offers yet gets a
plausible profile of their own."""

import random
import statistics
from collections import Counter, defaultdict
from decimal import Decimal

from sqlalchemy import insert

from ..cleanings import booking
from ..extensions import db
from ..models import CleanerProfile, CleaningType, OfferStatus, Weekday
from ..seed_text import AREAS, RATES

ROLES = (["hire", "clean", "both"], [64, 24, 12])
KINDS = [kind.value for kind in CleaningType]
DAYS = [day.value for day in Weekday]
TAKEN = {status.value for status in OfferStatus.TAKEN}
CHUNK = 5000


def pick_role(rng: random.Random) -> str:
    return rng.choices(*ROLES)[0]


def seed_cleaner_profiles(jobs, offers: list[dict], cleaner_ids, rng) -> list[dict]:
    """One profile per cleaner, from the seeded jobs (offers/seed.py Job)
    and offer rows."""
    by_id = {job.cleaning_id: job for job in jobs}
    work = defaultdict(list)  # cleaner -> [(job, taken)]
    for offer in offers:
        work[offer["user_id"]].append(
            (by_id[offer["cleaning_id"]], offer["status"] in TAKEN)
        )
    rows = [profile_row(uid, work.get(uid, []), rng) for uid in cleaner_ids]
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(CleanerProfile), rows[start : start + CHUNK])
    return rows


def profile_row(user_id: int, work: list, rng: random.Random) -> dict:
    offered = [job for job, _ in work]
    took = [job for job, taken in work if taken] or offered
    services = {job.kind for job in offered} or set(
        rng.sample(KINDS, rng.randint(1, 3))
    )
    return {
        "user_id": user_id,
        "services": [kind for kind in KINDS if kind in services],
        "hourly_rate": _rate(took, services, rng),
        "areas": _areas(offered, rng),
        "available_days": _days(took, rng),
    }


def _rate(took: list, services: set[str], rng: random.Random) -> Decimal:
    """Near the middle of what their jobs paid, in half dollars."""
    if took:
        middle = float(statistics.median(job.price for job in took))
    else:
        middle = statistics.mean(sum(RATES[kind]) / 2 for kind in services)
    halves = round(middle * rng.uniform(0.95, 1.05) * 2)
    return Decimal(max(halves, 20)) / 2


def _areas(offered: list, rng: random.Random) -> list[str]:
    """Where they worked most (at most five), or a few neighbourhoods."""
    worked = Counter(job.area for job in offered if job.area)
    if worked:
        return [area for area, _ in worked.most_common(rng.randint(2, 5))]
    return rng.sample(AREAS, rng.randint(1, 3))


def _days(took: list, rng: random.Random) -> list[str]:
    """The weekdays their cleans started on most often (site zone): their
    usual days, not every day a busy cleaner ever worked. Without any
    dated clean, some days, or none (agreed per job)."""
    worked = Counter(
        DAYS[booking.local(job.starts_at).weekday()]
        for job in took
        if job.starts_at is not None
    )
    usual = {day for day, _ in worked.most_common(rng.randint(3, 6))}
    if not usual and rng.random() < 0.8:
        usual = set(rng.sample(DAYS, rng.randint(2, 6)))
    return [day for day in DAYS if day in usual]
