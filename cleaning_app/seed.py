"""Demo data for `flask seed` and `make run`: a living marketplace.

Bulk inserts keep large sizes fast; timestamps are spread over the past,
never in the future.
"""

import random
from collections.abc import Callable

from sqlalchemy import insert

from .extensions import db
from .models import Profile, User
from .passwords import hash_password

DEMO_PASSWORD = "phresh-demo-2026"  # noqa: S105 (printed for newcomers)
DEMO_LOGINS = [
    ("resident_rita", "a resident who posts jobs"),
    ("cleaner_carlos", "a cleaner who makes offers"),
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
    rng = random.Random(2026)
    user_ids = seed_users(users, rng, echo)
    db.session.commit()
    echo(f"Seeded {len(user_ids)} users.")
    echo(f"Demo logins (password {DEMO_PASSWORD!r}):")
    for username, role in DEMO_LOGINS:
        echo(f"  {username}  ({role})")


def seed_users(count: int, rng: random.Random, echo: Callable) -> list[int]:
    password = hash_password(
        DEMO_PASSWORD
    )  # one hash, shared: hashing is slow on purpose
    names = [u for u, _ in DEMO_LOGINS]
    names += [
        f"{rng.choice(FIRST).lower()}_{n}" for n in range(max(count - len(names), 0))
    ]
    rows = [
        {
            "username": name,
            "email": f"{name}@example.com",
            "password": password,
            "email_verified": True,
        }
        for name in names
    ]
    ids = list(db.session.scalars(insert(User).returning(User.id), rows))
    db.session.execute(
        insert(Profile),
        [
            {
                "user_id": uid,
                "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "phone_number": _phone(rng),
                "bio": "Friendly, punctual and thorough.",
            }
            for uid in ids
        ],
    )
    return ids


def _phone(rng: random.Random) -> str:
    return f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
