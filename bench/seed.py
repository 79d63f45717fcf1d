"""The benchmark's data: 10,000 users (all but one of them cleaners, with
cleaner profiles), 50,000 jobs, about 150,000 offers in every state, about
20,000 evaluations and the 100,000 feed events they make, written by
plain INSERT ... SELECT generate_series(...) in chunks (half a minute on a
2-core machine), in one transaction, with a progress bar.

Everything is derived from the row number `g` by fixed arithmetic, so two
seeds are the same data and the rules hold by construction:

- job g's state is g % 20: 0-7 completed (40%), 8-9 accepted, 10
  cancelled, 11-17 open with offers, 18-19 no offers yet;
- its first offer is the chosen one (completed, accepted or cancelled), the
  others rejected beside a taken offer and pending otherwise, so at most one
  offer a job is taken and rejected offers only stand beside it;
- an evaluation exists exactly for each completed offer, of that cleaner;
- every timestamp lies between the job's posting and the seed's start;
- the booking: one job in 25 is undated ("Date to be agreed", posted before
  bookings); completed jobs started in the past, accepted ones start in the
  next five weeks, the others (open or not yet chosen) anywhere from three
  weeks ago (expired, when nobody was hired) to five weeks ahead, bench_owner's
  ahead; areas from a fixed list of neighbourhoods; bedrooms and bathrooms
  that fit the place in the title.

Fixed people the benchmark's pages need: user 1 (`bench_owner`) owns jobs
1-50, and job 1 is open with 10 offers; user 2 (`bench_cleaner`) is the
chosen cleaner of every 17th completed job (1,000+ reviews). Job
descriptions reuse cleaning_app/seed_text.py; one job in 5,000 mentions a
chandelier, the rare word of the search benchmark ("clean" is the common
one). The table `bench_seed` marks a finished seed, so a rerun reuses it.
"""

import json
from datetime import UTC, datetime, timedelta

import click
import psycopg2

from cleaning_app.models import CleaningType, Weekday
from cleaning_app.seed_text import (
    BIOS,
    COMMENTS,
    EXTRAS,
    HEADLINES,
    JOBS,
    NO_SHOW_HEADLINE,
    PLACES,
    RATES,
)

VERSION = 3
OWNER, CLEANER = "bench_owner", "bench_cleaner"
PASSWORD = "bench-password-2026"  # noqa: S105 (a benchmark's own login)
RARE_WORD, COMMON_WORD = "chandelier", "clean"
CLEANER_AREA = "camden"  # the directory's filter: part of one area in 15
OWNER_JOBS, OWNER_JOB_OFFERS = 50, 10
CHUNK = 5000
FIRST = ["Ava", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Iris"]
FIRST += ["Jon", "Kemi", "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa"]
LAST = ["Adams", "Baker", "Chen", "Diaz", "Evans", "Garcia", "Ito", "Khan"]
LAST += ["Lopez", "Moreau", "Nguyen", "Okafor", "Patel", "Rossi", "Smith"]

# A fraction in [0, 1) from g, spread like random numbers; a second one
# unrelated to the first.
FRACTION = "((g::bigint * 2654435761) %% 1000003) / 1000003.0"
FRACTION2 = "((g::bigint * 40503) %% 1000033) / 1000033.0"
AREAS = ["Camden", "Hackney", "Islington", "Brixton", "Clapham", "Peckham"]
AREAS += ["Greenwich", "Walthamstow", "Stoke Newington", "Notting Hill"]
AREAS += ["Richmond", "Crystal Palace", "Shoreditch", "Wimbledon", "Ealing"]
# Bedrooms and bathrooms (fewest, how many more at most) of each of
# seed_text's PLACES, in its order: a studio has no bedroom.
PLACE_SIZES = {
    "studio flat": ((0, 0), (1, 0)),
    "one-bedroom flat": ((1, 0), (1, 0)),
    "two-bedroom flat": ((2, 0), (1, 1)),
    "three-bed house": ((3, 0), (1, 1)),
    "terraced house": ((2, 1), (1, 1)),
    "loft apartment": ((1, 1), (1, 1)),
    "family home": ((3, 2), (2, 1)),
    "garden flat": ((1, 1), (1, 0)),
    "townhouse": ((3, 1), (2, 1)),
}

USERS = f"""
INSERT INTO users (id, username, email, email_verified, password,
                   created_at, updated_at)
SELECT g, u.name, u.name || '@example.com', true, %(hash)s, u.joined, u.joined
FROM generate_series(%(lo)s, %(hi)s) AS g
CROSS JOIN LATERAL (SELECT
    CASE g WHEN 1 THEN %(owner)s WHEN 2 THEN %(cleaner)s
           ELSE lower((%(first)s::text[])[1 + (g * 7) %% %(nfirst)s]) || '_' || g
    END AS name,
    %(now)s - interval '400 days' - {FRACTION} * interval '400 days' AS joined
) AS u;

INSERT INTO profiles (user_id, full_name, phone_number, bio, created_at,
                      updated_at)
SELECT g, (%(first)s::text[])[1 + (g * 7) %% %(nfirst)s] || ' '
          || (%(last)s::text[])[1 + (g * 13) %% %(nlast)s],
       '+1 555 ' || (100 + g %% 900) || ' ' || (1000 + (g * 37) %% 9000),
       (%(bios)s::text[])[1 + g %% %(nbios)s], u.created_at, u.created_at
FROM generate_series(%(lo)s, %(hi)s) AS g JOIN users AS u ON u.id = g;
"""  # noqa: S608 (constants, no input)

# Job g's owner, state, times; the catalogue entry it describes.
JOB = f"""
    SELECT g,
      CASE WHEN g <= %(owner_jobs)s THEN 1
           ELSE 3 + (g * 7919) %% (%(users)s - 2) END AS owner_id,
      CASE WHEN g = 1 THEN 'open'
           WHEN g %% 20 < 8 THEN 'completed' WHEN g %% 20 < 10 THEN 'accepted'
           WHEN g %% 20 = 10 THEN 'cancelled' WHEN g %% 20 < 18 THEN 'open'
           ELSE 'none' END AS state,
      1 + (g * 17) %% %(njobs)s AS entry,
      1 + (g * 31) %% %(nplaces)s AS place,
      %(now)s - interval '1 minute'
        - power({FRACTION}, 2) * interval '365 days' AS posted,
      {FRACTION2} AS spread,
      (8 + (g * 3) %% 10) * interval '1 hour' AS hour
    FROM generate_series(%(lo)s, %(hi)s) AS g
"""  # noqa: S608 (constants, no input)

# When job j starts (see the module's docstring): a day, then an hour from
# 08:00 to 17:00 (UTC). A done job's start stays before the seed's start, a
# hired one's after it (tomorrow at the earliest).
STARTS_AT = """CASE
    WHEN j.g %% 25 = 7 AND j.g > %(owner_jobs)s THEN NULL
    WHEN j.state = 'completed' THEN least(%(now)s - interval '1 hour',
      date_trunc('day', j.posted + (%(now)s - j.posted) * 0.7) + j.hour)
    WHEN j.state = 'accepted' OR j.g <= %(owner_jobs)s THEN date_trunc('day',
      %(now)s + interval '1 day' + j.spread * interval '35 days') + j.hour
    ELSE date_trunc('day', greatest(j.posted,
      %(now)s - interval '21 days' + j.spread * interval '56 days')) + j.hour
    END"""

CLEANINGS = f"""
INSERT INTO cleanings (id, name, description, cleaning_type, price, owner_id,
                       created_at, updated_at, starts_at, hours, area,
                       bedrooms, bathrooms)
SELECT j.g,
  (%(titles)s::text[])[j.entry] || ', ' || (%(places)s::text[])[j.place],
  (%(openings)s::text[])[j.entry]
    || CASE WHEN j.g %% 3 > 0
            THEN ' ' || (%(extras)s::text[])[1 + (j.g * 11) %% %(nextras)s]
            ELSE '' END
    || CASE WHEN j.g %% 5000 = 1234
            THEN ' The crystal chandelier in the hall needs a careful dust.'
            ELSE '' END,
  (%(kinds)s::text[])[j.entry],
  (%(lows)s::int[])[j.entry]
    + (j.g * 37) %% ((%(highs)s::int[])[j.entry] - (%(lows)s::int[])[j.entry] + 1)
    + (ARRAY[0, 0, 0.5, 0.99, 0.25])[1 + j.g %% 5],
  j.owner_id, j.posted,
  CASE WHEN j.g %% 10 = 3 THEN j.posted + (%(now)s - j.posted) * 0.02
       ELSE j.posted END,
  b.starts_at,
  CASE WHEN b.starts_at IS NOT NULL
       THEN (ARRAY[2, 2.5, 3, 3, 3.5, 4, 5, 6])[1 + (j.g * 13) %% 8] END,
  CASE WHEN b.starts_at IS NOT NULL
       THEN (%(areas)s::text[])[1 + (j.g * 29) %% %(nareas)s] END,
  -- The place is set by g modulo the number of places: the quotient varies
  -- the size within a place.
  CASE WHEN b.starts_at IS NOT NULL
       THEN (%(bed_low)s::int[])[j.place]
            + (j.g / %(nplaces)s) %% (1 + (%(bed_more)s::int[])[j.place]) END,
  CASE WHEN b.starts_at IS NOT NULL
       THEN (%(bath_low)s::int[])[j.place]
            + (j.g / 7) %% (1 + (%(bath_more)s::int[])[j.place]) END
FROM ({JOB}) AS j
CROSS JOIN LATERAL (SELECT {STARTS_AT} AS starts_at) AS b;
"""  # noqa: S608 (constants, no input)

# The k-th offer's cleaner; the first (chosen) one of every 17th completed
# job is bench_cleaner. One that would be the owner takes another number
# (k + 100 lands on none of the job's other offers).
OFFERS = f"""
INSERT INTO offers (cleaning_id, user_id, status, message, created_at,
                    updated_at)
SELECT j.g, c.cleaner,
  CASE WHEN k = 1 AND j.state <> 'open' THEN j.state
       WHEN j.state IN ('completed', 'accepted') THEN 'rejected'
       ELSE 'pending' END,
  (%(messages)s::text[])[1 + (j.g * 3 + k) %% %(nmessages)s],
  t.sent,
  CASE WHEN j.state = 'open' THEN t.sent
       WHEN k = 1 AND j.state = 'accepted' THEN t.chosen
       WHEN k = 1 OR j.state = 'cancelled' THEN t.ended
       ELSE t.chosen END
FROM ({JOB}) AS j
CROSS JOIN LATERAL generate_series(1, CASE
    WHEN j.g = 1 THEN %(owner_job_offers)s WHEN j.state = 'none' THEN 0
    ELSE 3 + (j.g %% 3 = 0)::int END) AS k
CROSS JOIN LATERAL (SELECT
    j.posted + (%(now)s - j.posted) * (0.05 + 0.04 * k) AS sent,
    j.posted + (%(now)s - j.posted) * 0.6 AS chosen,
    j.posted + (%(now)s - j.posted) * 0.8 AS ended) AS t
CROSS JOIN LATERAL (SELECT
    3 + (j.g::bigint * 104729 + k * 7907) %% (%(users)s - 2) AS first_pick,
    3 + (j.g::bigint * 104729 + (k + 100) * 7907) %% (%(users)s - 2) AS second_pick
) AS p
CROSS JOIN LATERAL (SELECT CASE
    WHEN k = 1 AND j.state = 'completed' AND j.g %% 17 = 0 THEN 2
    WHEN p.first_pick = j.owner_id THEN p.second_pick
    ELSE p.first_pick END AS cleaner) AS c
ON CONFLICT DO NOTHING;
"""  # noqa: S608 (constants, no input)

# Who cleans: every user but bench_owner has a cleaner profile, one in 20
# of them with the role `hire` (a cleaner who stopped: kept out of the
# directory), the rest `both` (they post jobs too). Services are the kinds
# of the jobs they offered on and the rate their average price, so they
# agree with the offers; 1-3 areas and the days come from g.
CLEANERS = """
INSERT INTO cleaner_profiles (user_id, services, hourly_rate, areas,
                              available_days, created_at, updated_at)
SELECT g,
  coalesce(w.services, ARRAY['spot_clean']), coalesce(w.rate, 25),
  ARRAY(SELECT (%(areas)s::text[])[1 + (g * 7 + 5 * i) %% %(nareas)s]
        FROM generate_series(0, g %% 3) AS i ORDER BY i),
  ARRAY(SELECT d FROM unnest(%(days)s::text[]) WITH ORDINALITY AS s(d, i)
        WHERE ((g * 13) %% 127 + 1) & (1 << (i::int - 1)) <> 0 ORDER BY i),
  u.created_at, u.created_at
FROM generate_series(greatest(%(lo)s, 2), %(hi)s) AS g
JOIN users AS u ON u.id = g
CROSS JOIN LATERAL (
  SELECT nullif(ARRAY(SELECT t FROM unnest(%(kinds_in_order)s::text[])
                        WITH ORDINALITY AS k(t, i)
                      WHERE t = ANY (array_agg(c.cleaning_type)) ORDER BY i),
                '{}') AS services,
         round(avg(c.price), 2) AS rate
  FROM offers AS o JOIN cleanings AS c ON c.id = o.cleaning_id
  WHERE o.user_id = g
) AS w;

UPDATE users SET role = CASE WHEN id %% 20 = 5 THEN 'hire' ELSE 'both' END
WHERE id BETWEEN greatest(%(lo)s, 2) AND %(hi)s;
"""

# Ratings weighted as the demo seed's (2, 4, 10, 34, 50 in a hundred); one
# in 33 a no-show.
EVALUATIONS = """
INSERT INTO evaluations (cleaning_id, cleaner_id, overall_rating,
  professionalism, completeness, efficiency, no_show, headline, comment,
  created_at, updated_at)
SELECT o.cleaning_id, o.user_id, r.overall,
  CASE WHEN r.no_show OR o.cleaning_id %% 3 = 0 THEN NULL ELSE r.overall END,
  CASE WHEN r.no_show OR o.cleaning_id %% 4 = 0 THEN NULL
       ELSE greatest(1, r.overall - (o.cleaning_id %% 2)) END,
  CASE WHEN r.no_show OR o.cleaning_id %% 5 = 0 THEN NULL ELSE r.overall END,
  r.no_show,
  CASE WHEN r.no_show THEN %(no_show)s
       ELSE (%(headlines)s::text[])[r.band * 10 + 1 + o.cleaning_id %% 3] END,
  CASE WHEN r.no_show THEN ''
       ELSE (%(comments)s::text[])[r.band * 10 + 1 + o.cleaning_id %% 3] END,
  o.updated_at, o.updated_at
FROM offers AS o
CROSS JOIN LATERAL (SELECT o.cleaning_id %% 33 = 0 AS no_show,
    (o.cleaning_id * 31) %% 100 AS roll) AS x
CROSS JOIN LATERAL (SELECT x.no_show,
    CASE WHEN x.no_show OR x.roll < 2 THEN 1 WHEN x.roll < 6 THEN 2
         WHEN x.roll < 16 THEN 3 WHEN x.roll < 50 THEN 4 ELSE 5 END AS overall
) AS y
CROSS JOIN LATERAL (SELECT y.overall, y.no_show,
    (%(bands)s::int[])[y.overall] AS band) AS r
WHERE o.status = 'completed' AND o.cleaning_id BETWEEN %(lo)s AND %(hi)s;
"""

# The feed: each job's posting (and one in ten's edit), the accept of every
# job that had a cleaner chosen, the completion of every evaluated job; all
# by the job's owner, at the times the offers above carry.
ACTIVITIES = """
INSERT INTO activities (kind, actor_id, cleaning_id, created_at, updated_at)
SELECT e.kind, c.owner_id, c.id, e.at, e.at
FROM cleanings AS c
LEFT JOIN offers AS o ON o.cleaning_id = c.id
  AND o.status IN ('accepted', 'completed', 'cancelled')
CROSS JOIN LATERAL (VALUES
    ('cleaning_posted', c.created_at, true),
    ('cleaning_updated', c.updated_at, c.updated_at > c.created_at),
    ('offer_accepted', c.created_at + (%(now)s - c.created_at) * 0.6,
     o.status IS NOT NULL),
    ('cleaning_completed', o.updated_at, o.status = 'completed')
) AS e(kind, at, happened)
WHERE e.happened AND c.id BETWEEN %(lo)s AND %(hi)s;
"""

MARKER = """
CREATE TABLE IF NOT EXISTS bench_seed (
    version integer NOT NULL, seeded_at timestamptz NOT NULL, counts jsonb
)"""


def catalogue() -> dict:
    """seed_text's jobs, flattened into arrays SQL indexes by `entry`."""
    entries = [(kind, *job) for kind, jobs in JOBS.items() for job in jobs]
    bands = ["glowing", "good", "mixed", "poor"]
    # Band b's i-th headline (or comment) sits at b * 10 + i (1-based).
    headlines, comments = [""] * 40, [""] * 40
    for b, band in enumerate(bands):
        for i in range(3):
            headlines[b * 10 + i] = HEADLINES[band][i % len(HEADLINES[band])]
            comments[b * 10 + i] = COMMENTS[band][i % len(COMMENTS[band])]
    from cleaning_app.offers.seed import MESSAGES
    from cleaning_app.seed_text import STAR_BANDS

    return {
        "kinds": [e[0] for e in entries],
        "titles": [e[1] for e in entries],
        "openings": [e[2] for e in entries],
        "lows": [RATES[e[0]][0] for e in entries],
        "highs": [RATES[e[0]][1] for e in entries],
        "njobs": len(entries),
        "places": PLACES,
        "nplaces": len(PLACES),
        "bed_low": [PLACE_SIZES[place][0][0] for place in PLACES],
        "bed_more": [PLACE_SIZES[place][0][1] for place in PLACES],
        "bath_low": [PLACE_SIZES[place][1][0] for place in PLACES],
        "bath_more": [PLACE_SIZES[place][1][1] for place in PLACES],
        "areas": AREAS,
        "nareas": len(AREAS),
        "extras": EXTRAS,
        "nextras": len(EXTRAS),
        "first": FIRST,
        "nfirst": len(FIRST),
        "last": LAST,
        "nlast": len(LAST),
        "bios": BIOS,
        "nbios": len(BIOS),
        "messages": MESSAGES,
        "nmessages": len(MESSAGES),
        "headlines": headlines,
        "comments": comments,
        "bands": [bands.index(STAR_BANDS[stars]) for stars in range(1, 6)],
        "no_show": NO_SHOW_HEADLINE,
        "owner": OWNER,
        "cleaner": CLEANER,
        "owner_jobs": OWNER_JOBS,
        "owner_job_offers": OWNER_JOB_OFFERS,
        "days": [day.value for day in Weekday],
        "kinds_in_order": [kind.value for kind in CleaningType],
    }


def seeded(url: str) -> dict | None:
    """The counts of a finished seed of this VERSION, or None."""
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_seed') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT counts FROM bench_seed WHERE version = %s", (VERSION,))
        row = cursor.fetchone()
    connection.close()
    return row[0] if row else None


def seed(url: str, password_hash: str, users=10_000, jobs=50_000, bar=True) -> dict:
    """Empty the app's tables and fill them; return the row counts."""
    if users < 12 or jobs < OWNER_JOBS:
        raise ValueError("at least 12 users and 50 jobs")
    params = {
        **catalogue(),
        "hash": password_hash,
        "users": users,
        "now": datetime.now(UTC) - timedelta(minutes=1),
    }
    steps = [(USERS, users), (CLEANINGS, jobs), (OFFERS, jobs)]
    steps += [(CLEANERS, users), (EVALUATIONS, jobs), (ACTIVITIES, jobs)]
    connection = psycopg2.connect(url)
    try:
        with connection, connection.cursor() as cursor:
            _empty(cursor)
            with click.progressbar(
                length=sum(n for _, n in steps), label="Seeding", hidden=not bar
            ) as progress:
                for statement, count in steps:
                    for lo in range(1, count + 1, CHUNK):
                        hi = min(lo + CHUNK - 1, count)
                        cursor.execute(statement, {**params, "lo": lo, "hi": hi})
                        progress.update(hi - lo + 1)
            _restart_sequences(cursor)
            counts = _counts(cursor)
            cursor.execute(MARKER)
            cursor.execute("DELETE FROM bench_seed")
            cursor.execute(
                "INSERT INTO bench_seed VALUES (%s, now(), %s)",
                (VERSION, json.dumps(counts)),
            )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        connection.close()
    return counts


def _empty(cursor) -> None:
    cursor.execute(
        "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables"
        " WHERE schemaname = current_schema()"
        " AND tablename NOT IN ('alembic_version', 'bench_seed')"
    )
    cursor.execute(f"TRUNCATE {cursor.fetchone()[0]} RESTART IDENTITY CASCADE")


def _restart_sequences(cursor) -> None:
    """Ids were given explicitly; the app's next insert must not reuse one."""
    for table in ("users", "cleanings"):
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
            f" (SELECT max(id) FROM {table}))"
        )


def _counts(cursor) -> dict:
    counts = {}
    tables = ("users", "cleanings", "offers", "evaluations", "activities")
    for table in (*tables, "cleaner_profiles"):
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT status, count(*) FROM offers GROUP BY 1 ORDER BY 1")
    counts["offers_by_status"] = dict(cursor.fetchall())
    return counts
