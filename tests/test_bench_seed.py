"""make bench's seed (bench/seed.py) at a tiny scale: the marketplace's
rules hold in what it writes, and its logins work. No wrk here."""

import psycopg2
import pytest

from bench import seed
from cleaning_app.passwords import hash_password

from .builders import log_in

USERS, JOBS = 50, 250


@pytest.fixture
def seeded(app, database_url):
    with app.app_context():
        password_hash = hash_password(seed.PASSWORD)
    counts = seed.seed(database_url, password_hash, users=USERS, jobs=JOBS, bar=False)
    connection = psycopg2.connect(database_url)
    try:
        yield counts, connection.cursor()
    finally:
        connection.rollback()
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_seed")
        connection.commit()
        connection.close()


def rows(cursor, query: str) -> list[tuple]:
    cursor.execute(query)
    return cursor.fetchall()


def test_offers_come_in_every_state_and_follow_the_rules(seeded):
    counts, cursor = seeded
    assert counts["users"] == USERS and counts["cleanings"] == JOBS
    assert set(counts["offers_by_status"]) == {
        "pending",
        "accepted",
        "rejected",
        "cancelled",
        "completed",
    }
    # At most one taken offer a job; rejected offers only beside one; no
    # owner offers on their own job.
    assert not rows(
        cursor,
        "SELECT cleaning_id FROM offers WHERE status IN ('accepted', 'completed')"
        " GROUP BY 1 HAVING count(*) > 1",
    )
    assert not rows(
        cursor,
        "SELECT o.cleaning_id FROM offers o WHERE o.status = 'rejected'"
        " AND NOT EXISTS (SELECT 1 FROM offers t WHERE t.cleaning_id = o.cleaning_id"
        " AND t.status IN ('accepted', 'completed'))",
    )
    assert not rows(
        cursor,
        "SELECT 1 FROM offers o JOIN cleanings c ON c.id = o.cleaning_id"
        " WHERE o.user_id = c.owner_id",
    )


def test_evaluations_are_of_the_completed_offers_cleaner(seeded):
    _, cursor = seeded
    evaluated = rows(
        cursor, "SELECT cleaning_id, cleaner_id FROM evaluations ORDER BY 1"
    )
    completed = rows(
        cursor,
        "SELECT cleaning_id, user_id FROM offers WHERE status = 'completed' ORDER BY 1",
    )
    assert evaluated and evaluated == completed
    # The feed reports each completion and each accept, by the job's owner.
    assert rows(
        cursor,
        "SELECT count(*) FROM activities a JOIN cleanings c ON c.id = a.cleaning_id"
        " WHERE a.kind = 'cleaning_completed' AND a.actor_id = c.owner_id",
    ) == [(len(completed),)]
    assert rows(
        cursor,
        "SELECT count(*) FROM activities WHERE kind = 'offer_accepted'",
    ) == rows(
        cursor,
        "SELECT count(*) FROM offers"
        " WHERE status IN ('accepted', 'completed', 'cancelled')",
    )


def test_nothing_happens_in_the_future_or_out_of_order(seeded):
    _, cursor = seeded
    for table in ("users", "cleanings", "offers", "evaluations", "activities"):
        assert rows(
            cursor,
            f"SELECT count(*) FROM {table}"  # noqa: S608
            " WHERE created_at > now() OR updated_at > now()"
            " OR updated_at < created_at",
        ) == [(0,)], table
    assert not rows(
        cursor,
        "SELECT 1 FROM offers o JOIN cleanings c ON c.id = o.cleaning_id"
        " WHERE o.created_at < c.created_at",
    )
    assert not rows(
        cursor,
        "SELECT 1 FROM evaluations e JOIN offers o ON (o.cleaning_id, o.user_id)"
        " = (e.cleaning_id, e.cleaner_id) WHERE e.created_at < o.created_at",
    )


def test_the_benchmarks_people_exist_and_can_log_in(seeded, client):
    _, cursor = seeded
    assert rows(
        cursor,
        "SELECT count(*) FROM cleanings c JOIN users u ON u.id = c.owner_id"
        f" WHERE u.username = '{seed.OWNER}'",  # noqa: S608
    ) == [(seed.OWNER_JOBS,)]
    assert rows(cursor, "SELECT count(*) FROM offers WHERE cleaning_id = 1") == [
        (seed.OWNER_JOB_OFFERS,)
    ]
    log_in(client, seed.OWNER, seed.PASSWORD)
    assert client.get("/cleanings/mine").status_code == 200
    assert client.get(f"/profiles/{seed.CLEANER}").status_code == 200
    assert seed.seeded(client.raw.application.config["SQLALCHEMY_DATABASE_URI"])


def test_jobs_are_booked_over_past_and_coming_weeks(seeded):
    """Dates spread over the past weeks and the next ones; done jobs started
    before now, hired ones start ahead; some open jobs have expired; a few
    old jobs are undated; areas from the fixed list; sizes fit the title."""
    _, cursor = seeded

    def one(query):
        return rows(cursor, query)[0][0]

    assert one("SELECT count(*) FROM cleanings WHERE starts_at IS NULL") > 0
    assert not rows(
        cursor,
        "SELECT 1 FROM cleanings WHERE starts_at IS NULL AND (hours IS NOT NULL"
        " OR area IS NOT NULL OR bedrooms IS NOT NULL OR bathrooms IS NOT NULL)"
        " OR starts_at IS NOT NULL AND (hours IS NULL OR area IS NULL"
        " OR bedrooms IS NULL OR bathrooms IS NULL)",
    )
    taken = "EXISTS (SELECT 1 FROM offers o WHERE o.cleaning_id = c.id AND o.status"
    assert not rows(
        cursor,
        f"SELECT 1 FROM cleanings c WHERE {taken} = 'completed')"  # noqa: S608
        " AND starts_at > now()",
    )
    assert not rows(
        cursor,
        f"SELECT 1 FROM cleanings c WHERE {taken} = 'accepted')"  # noqa: S608
        " AND starts_at <= now()",
    )
    open_ = f"NOT {taken} IN ('accepted', 'completed'))"
    expired = one(
        f"SELECT count(*) FROM cleanings c WHERE {open_} AND starts_at <= now()"  # noqa: S608
    )
    upcoming = one(
        f"SELECT count(*) FROM cleanings c WHERE {open_} AND starts_at > now()"  # noqa: S608
    )
    assert expired > 0 and upcoming > expired
    assert (
        one(
            "SELECT max(starts_at) - min(starts_at) FROM cleanings"
            " WHERE starts_at > now() - interval '60 days'"
        ).days
        >= 50
    )
    assert {
        area for (area,) in rows(cursor, "SELECT DISTINCT area FROM cleanings")
    } <= {
        *seed.AREAS,
        None,
    }
    assert not rows(
        cursor,
        "SELECT 1 FROM cleanings WHERE name LIKE '%studio flat' AND bedrooms <> 0"
        " OR name LIKE '%family home' AND bedrooms < 3",
    )


def test_cleaners_offer_what_they_offered_on_and_are_listed(seeded, client):
    """Every user but bench_owner has a cleaner profile; their services are
    the kinds of the jobs they offered on; one in 20 stopped cleaning."""
    counts, cursor = seeded
    assert counts["cleaner_profiles"] == USERS - 1
    assert not rows(
        cursor,
        "SELECT 1 FROM cleaner_profiles p WHERE EXISTS (SELECT 1 FROM offers o"
        " JOIN cleanings c ON c.id = o.cleaning_id WHERE o.user_id = p.user_id"
        " AND NOT c.cleaning_type = ANY (p.services))",
    )
    stopped = len([g for g in range(2, USERS + 1) if g % 20 == 5])
    roles = dict(rows(cursor, "SELECT role, count(*) FROM users GROUP BY 1"))
    assert roles == {"hire": 1 + stopped, "both": USERS - 1 - stopped}
    page = client.get(f"/cleaners?area={seed.CLEANER_AREA}&sort=rating")
    cards = page.get_data(as_text=True).split('class="card cleaner-card"')[1:]
    assert page.status_code == 200 and 0 < len(cards) <= 20
    assert all("Camden" in card for card in cards)
