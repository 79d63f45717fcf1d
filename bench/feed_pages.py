"""Page 1 against page 1,000 of a 200,000-event feed.

    DATABASE_URL=postgresql://... .venv/bin/python -m bench.feed_pages

Without DATABASE_URL it starts a scratch embedded PostgreSQL under
/tmp/feed-scratch, migrates it, and stops it at the end. An empty
`activities` table is filled with 200,000 rows by one INSERT ... SELECT
generate_series(...); four events share each timestamp, so the walk also
crosses ties. Prints EXPLAIN (ANALYZE, BUFFERS) of both page queries and
the median of several timed runs. It asserts nothing about speed.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, text

EVENTS = 200_000
PAGE_SIZE = 20
DEEP_PAGE = 1_000
RUNS = 9
SCRATCH = Path(tempfile.gettempdir()) / "feed-scratch" / "data"

SEED = """
INSERT INTO users (username, email, password)
SELECT 'bench' || g, 'bench' || g || '@example.com', 'not-a-hash'
FROM generate_series(1, 5) AS g;

INSERT INTO cleanings (name, price, owner_id)
SELECT 'Bench job ' || g, 20 + g, (SELECT min(id) FROM users) + g % 5
FROM generate_series(1, 50) AS g;

INSERT INTO activities (kind, actor_id, cleaning_id, created_at, updated_at)
SELECT (ARRAY['cleaning_posted', 'cleaning_updated',
              'offer_accepted', 'cleaning_completed'])[1 + g % 4],
       (SELECT min(id) FROM users) + g % 5,
       (SELECT min(id) FROM cleanings) + g % 50,
       now() - interval '1 minute' - make_interval(secs => g / 4),
       now()
FROM generate_series(1, :events) AS g;

ANALYZE users; ANALYZE cleanings; ANALYZE activities;
"""


def seed(db) -> None:
    if db.session.scalar(text("SELECT count(*) FROM activities")):
        print("activities already has rows: using them as they are")
        return
    started = time.perf_counter()
    for statement in filter(str.strip, SEED.split(";")):
        db.session.execute(text(statement), {"events": EVENTS})
    db.session.commit()
    print(f"seeded {EVENTS:,} activities in {time.perf_counter() - started:.1f}s")


def cursor_of_page(page: int):
    """Walk the feed the way "Load more" does, to where page `page` starts."""
    from cleaning_app.feed import cursor
    from cleaning_app.feed.queries import feed_page

    before = None
    for _ in range(page - 1):
        before = cursor.decode(feed_page(before, PAGE_SIZE).next_cursor)
    return before


def explain(db, before) -> str:
    from cleaning_app.feed.queries import page_query

    compiled = page_query(before, PAGE_SIZE).compile(dialect=db.engine.dialect)
    rows = db.session.connection().exec_driver_sql(
        "EXPLAIN (ANALYZE, BUFFERS) " + str(compiled), compiled.params
    )
    return "\n".join(row[0] for row in rows)


def median_ms(before) -> float:
    from cleaning_app.feed.queries import feed_page

    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        feed_page(before, PAGE_SIZE)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def report(db) -> None:
    from cleaning_app.models import Activity

    seed(db)
    total = db.session.scalar(select(func.count()).select_from(Activity))
    deep = cursor_of_page(DEEP_PAGE)
    print(f"\n{total:,} events, {PAGE_SIZE} a page")
    print(f"page {DEEP_PAGE:,} starts before (created_at, id) = {deep}")
    for label, before in (("page 1", None), (f"page {DEEP_PAGE:,}", deep)):
        print(f"\n## {label}: EXPLAIN (ANALYZE, BUFFERS)\n")
        print(explain(db, before))
    print(f"\n## median of {RUNS} runs (query + ORM loading, warm cache)\n")
    print(f"page 1:      {median_ms(None):.2f} ms")
    print(f"page {DEEP_PAGE:,}:  {median_ms(deep):.2f} ms")


def migrate_scratch() -> tuple[object, str]:
    from cleaning_app.localdb import ensure_database, start_server

    # Stopped when we are done; its data stays for the next run.
    server = start_server(SCRATCH, cleanup_mode="stop")
    return server, ensure_database(server, "scratch")


def main() -> int:
    from flask_migrate import upgrade

    from cleaning_app import create_app
    from cleaning_app.extensions import db

    server = None
    url = os.environ.get("DATABASE_URL")
    if not url:
        server, url = migrate_scratch()
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            if server:
                upgrade()
            report(db)
    finally:
        if server:
            server.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
