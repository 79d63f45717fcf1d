"""Demo bookings for `flask seed`: when, where and how big each seeded job
is (CONTRACT "Bookings"), consistent with what happened to it.

A job's story decides its date: a job that was cleaned and rated started
weeks ago, a booked one starts in the coming weeks, an open one either
starts soon or has expired unbooked. Start times fall on the quarter hour
in working hours, in the site's zone, and the clean ends by 20:00.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from ..seed_text import AREAS, SIZES, STREETS
from . import booking

# Hours by kind of clean for a one-bathroom studio, and what each bedroom
# adds: a deep clean takes longer, and longer again in a bigger home.
BASE_HOURS = {"dust_up": 1.5, "spot_clean": 2.0, "full_clean": 3.0}
PER_BEDROOM = {"dust_up": 0.5, "spot_clean": 0.5, "full_clean": 1.0}
PER_BATHROOM = 0.5
FIRST_START, LAST_END = 8 * 60, 20 * 60  # minutes after midnight, site zone
PAST_DAYS, AHEAD_DAYS = (2, 42), (1, 35)
WITH_ADDRESS = 0.6


def size(place: str, rng: random.Random) -> tuple[int, int]:
    """Bedrooms and bathrooms; never more bathrooms than bedrooms (a studio
    has one)."""
    (bed_low, bed_high), (bath_low, bath_high) = SIZES[place]
    bedrooms = rng.randint(bed_low, bed_high)
    return bedrooms, min(rng.randint(bath_low, bath_high), max(bedrooms, 1))


def hours(kind: str, bedrooms: int, bathrooms: int, rng: random.Random) -> Decimal:
    raw = BASE_HOURS[kind] + PER_BEDROOM[kind] * bedrooms
    raw += PER_BATHROOM * (bathrooms - 1) + rng.choice((0, 0, 0.5))
    return Decimal(str(min(max(round(raw * 2) / 2, 1), 12)))


def booking_row(
    kind: str, place: str, past: bool, rng: random.Random, now: datetime
) -> dict:
    """The booking columns and the moment the job was posted. A past job
    starts two or more days ago, so even a twelve-hour clean has ended; a
    future one starts tomorrow at the earliest."""
    bedrooms, bathrooms = size(place, rng)
    length = hours(kind, bedrooms, bathrooms, rng)
    starts_at = _start(length, past, rng, now)
    if past:
        # Booked one to three weeks ahead.
        posted = starts_at - timedelta(days=rng.uniform(1, 21))
    else:
        posted = now - timedelta(minutes=1 + min(rng.expovariate(1 / 7200), 43200))
    address = ""
    if rng.random() < WITH_ADDRESS:
        address = f"{rng.randint(1, 180)} {rng.choice(STREETS)}"
    return {
        "starts_at": starts_at,
        "hours": length,
        "area": rng.choice(AREAS),
        "address": address,
        "bedrooms": bedrooms,
        "bathrooms": bathrooms,
        "created_at": posted,
    }


def _start(length: Decimal, past: bool, rng: random.Random, now: datetime):
    low, high = PAST_DAYS if past else AHEAD_DAYS
    days = -rng.randint(low, high) if past else rng.randint(low, high)
    latest = LAST_END - int(length * 60)
    minute = rng.randrange(FIRST_START, max(latest, FIRST_START) + 1, 15)
    day = booking.local(now).date() + timedelta(days=days)
    at = time(minute // 60, minute % 60)
    # Working hours are never in a daylight-saving gap (those are at night),
    # but a zone could move its clocks at any hour: then an hour later.
    return booking.to_utc(day, at) or booking.to_utc(day, time(at.hour + 1))


def done_at(starts_at: datetime, length: Decimal, rng: random.Random):
    """When the hired cleaner pressed "Mark done": near the scheduled end
    on most jobs; None on the rest, done because the end passed."""
    if rng.random() < 0.4:
        return None
    worked = timedelta(hours=float(length) * rng.uniform(0.75, 1.0))
    return (starts_at + worked).replace(second=0, microsecond=0)
