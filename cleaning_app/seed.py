"""Demo data for `flask seed` and `make run`: a living marketplace.

Bulk inserts keep large sizes fast; timestamps are spread over the past,
never in the future (only bookings lie ahead: a booked clean's start).
"""

import random
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import click
from sqlalchemy import insert, text

from .cleanings.seed import booking_row, done_at
from .extensions import db
from .models import Activity, ActivityKind, Cleaning, CleaningType, Profile, User
from .offers.seed import Job, Stories, Story, seed_offers
from .passwords import hash_password
from .profiles.seed import pick_role, seed_cleaner_profiles
from .seed_text import BIOS, CLEANER_BIO, EXTRAS, JOBS, PLACES, RATES, RESIDENT_BIO

DEMO_PASSWORD = "phresh-demo-2026"  # noqa: S105 (printed for newcomers)
# (username, full name, bio, what the login shows a newcomer)
DEMO_LOGINS = [
    (
        "resident_rita",
        "Rita Alvarez",
        RESIDENT_BIO,
        "a resident: open jobs, a clean booked, past cleans reviewed both ways",
    ),
    (
        "cleaner_carlos",
        "Carlos Mendes",
        CLEANER_BIO,
        "a cleaner: offers, a booking, and reviews from and of residents",
    ),
]
FIRST = [
    "Ava",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Iris",
    "Jon",
    "Kemi",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
]
LAST = [
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Jensen",
    "Khan",
    "Lopez",
    "Moreau",
    "Nguyen",
    "Okafor",
    "Patel",
    "Rossi",
    "Smith",
]


def seed_database(users: int, cleanings: int, echo: Callable = print) -> None:
    """Each seed_* step adds one kind of row; later features add their own
    step (offers, evaluations) after the ones they depend on."""
    rng = random.Random(2026)
    now = datetime.now(UTC)
    user_ids, roles = seed_users(users, rng, echo, now)
    # Cleaners offer and never post; those who hire (or both) post.
    role_of = dict(zip(user_ids, roles, strict=True))
    cleaner_ids = [uid for uid in user_ids if role_of[uid] != "hire"]
    posters = [uid for uid in user_ids if role_of[uid] != "clean"]
    jobs = seed_cleanings(cleanings, user_ids, rng, echo, now, posters)
    offers = seed_offers(jobs, user_ids, rng, now, cleaner_ids)
    seed_cleaner_profiles(jobs, offers.offers, cleaner_ids, rng)
    db.session.commit()
    echo(
        f"Seeded {len(user_ids)} users ({len(cleaner_ids)} of them cleaners)"
        f" and {len(jobs)} cleaning jobs."
    )
    echo(
        f"Seeded {len(offers.offers)} offers, {len(offers.evaluations)} evaluations"
        f" and {len(offers.client_reviews)} client reviews."
    )
    echo(f"Demo logins (password {DEMO_PASSWORD!r}):")
    for username, _, _, role in DEMO_LOGINS:
        echo(f"  {username}  ({role})")


def empty_database() -> None:
    """Every table emptied and its ids restarted, in the caller's transaction
    (the seed's commit makes it and the new data one change)."""
    tables = ", ".join(table.name for table in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY"))


def _past(rng: random.Random, now: datetime, min_days: float, max_days: float):
    """A moment between max_days and min_days ago: never in the future."""
    return now - timedelta(days=rng.uniform(min_days, max_days), minutes=1)


# What the demo logins are here for, in DEMO_LOGINS order.
DEMO_ROLES = ["hire", "clean"]


def seed_users(
    count: int, rng: random.Random, echo: Callable, now: datetime | None = None
) -> tuple[list[int], list[str]]:
    """Users with profiles, and their roles; the demo logins come first, in
    DEMO_LOGINS order. A username is its owner's first name and a number,
    as people pick them."""
    now = now or datetime.now(UTC)
    # One hash, shared: hashing is slow on purpose.
    password = hash_password(DEMO_PASSWORD)
    people = [(name, full, bio) for name, full, bio, _ in DEMO_LOGINS]
    roles = list(DEMO_ROLES)
    for n in range(max(count - len(people), 0)):
        first = rng.choice(FIRST)
        full = f"{first} {rng.choice(LAST)}"
        people.append((f"{first.lower()}_{n}", full, rng.choice(BIOS)))
        roles.append(pick_role(rng))
    rows = []
    for (name, _, _), role in zip(people, roles, strict=True):
        joined = _past(rng, now, 400, 800)
        rows.append(
            {
                "username": name,
                "email": f"{name}@example.com",
                "password": password,
                "email_verified": True,
                "role": role,
                "created_at": joined,
                "updated_at": joined,
            }
        )
    ids = list(
        db.session.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True), rows
        )
    )
    db.session.execute(
        insert(Profile),
        [
            {
                "user_id": uid,
                "full_name": full,
                "phone_number": _phone(rng),
                "bio": bio,
            }
            for uid, (_, full, bio) in zip(ids, people, strict=True)
        ],
    )
    return ids, roles


RITA_JOBS = 6  # the demo resident always has jobs to look after
LEGACY_NULLS = ("starts_at", "hours", "area", "bedrooms", "bathrooms")
CHUNK = 5000


def seed_cleanings(
    count: int,
    user_ids: list[int],
    rng: random.Random,
    echo: Callable,
    now=None,
    posters: list[int] | None = None,
) -> list[Job]:
    """Jobs of every kind and rate, each with its `cleaning_posted` feed
    event at the same moment: booked over the past weeks for the weeks
    around now, and a few older ones from before bookings existed.
    cleaner_carlos (the second demo login) posts none: he finds work; nor
    does any other user who only cleans (`posters`: those who may post)."""
    now = now or datetime.now(UTC)
    posters = posters or [user_ids[0], *user_ids[2:]]
    stories = Stories(user_ids)
    jobs: list[Job] = []
    # A bar only on a terminal: click prints the bare label to a pipe, a
    # stray "Cleaning jobs" line in `make run`'s log.
    hidden = not sys.stdout.isatty()
    with click.progressbar(length=count, label="Cleaning jobs", hidden=hidden) as bar:
        for start in range(0, count, CHUNK):
            planned = []
            for n in range(start, min(start + CHUNK, count)):
                owner = user_ids[0] if n < RITA_JOBS else rng.choice(posters)
                story = stories.next(n, owner, rng)
                planned.append((_cleaning_row(owner, story, rng, now), story))
            rows = [row for row, _ in planned]
            ids = _insert_cleanings(rows)
            jobs += [
                Job(
                    i,
                    r["owner_id"],
                    r["created_at"],
                    r["starts_at"],
                    r["hours"],
                    r["done_at"],
                    story,
                    r["cleaning_type"],
                    r["price"],
                    r["area"],
                )
                for i, (r, story) in zip(ids, planned, strict=True)
            ]
            bar.update(len(rows))
    return jobs


def _insert_cleanings(rows: list[dict]) -> list[int]:
    # render_nulls: the ORM would otherwise leave out a row's None values
    # and so split the insert at every undated or not-done job, each piece
    # with its own RETURNING to splice (minutes instead of seconds at 50,000).
    ids = list(
        db.session.scalars(
            insert(Cleaning).returning(Cleaning.id, sort_by_parameter_order=True),
            rows,
            execution_options={"render_nulls": True},
        )
    )
    db.session.execute(
        insert(Activity),
        [
            {
                "kind": ActivityKind.cleaning_posted.value,
                "actor_id": row["owner_id"],
                "cleaning_id": cleaning_id,
                "created_at": row["created_at"],
                "updated_at": row["created_at"],
            }
            for cleaning_id, row in zip(ids, rows, strict=True)
        ],
    )
    return ids


def _cleaning_row(owner_id: int, story: Story, rng: random.Random, now) -> dict:
    kind = rng.choice(list(CleaningType)).value
    title, opening = rng.choice(JOBS[kind])
    place = rng.choice(PLACES)
    row = {
        "name": f"{title}, {place}",
        "description": " ".join([opening, *rng.sample(EXTRAS, rng.randint(0, 2))]),
        "cleaning_type": kind,
        "price": _rate(kind, rng),
        "owner_id": owner_id,
    }
    if story.legacy:
        row |= {key: None for key in LEGACY_NULLS} | {"address": ""}
        row["created_at"] = now - timedelta(days=rng.uniform(90, 365))
    else:
        row |= booking_row(kind, place, story.past, rng, now)
    row["done_at"] = None
    if story.past and story.state in ("done", "completed"):
        row["done_at"] = done_at(row["starts_at"], row["hours"], rng)
    # Marking a job done leaves updated_at alone (migration 0019): no
    # seeded job has been edited since it was posted.
    row["updated_at"] = row["created_at"]
    return row


def _rate(kind: str, rng: random.Random) -> Decimal:
    low, high = RATES[kind]
    if rng.random() < 0.02:  # the odd premium job: luxury homes, short notice
        high *= 4
    dollars = rng.randint(low, high)
    cents = rng.choice(("00", "00", "50", "99", "25"))
    return Decimal(f"{dollars}.{cents}")


def _phone(rng: random.Random) -> str:
    return f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
