"""A cleaner's rating statistics, computed in SQL in one query."""

import random
import statistics
from decimal import Decimal

from cleaning_app.evaluations.stats import cleaner_stats
from tests.builders import make_cleaning, make_evaluation, make_user

# Postgres divides numerics to at least 16 significant digits; Python's
# Decimal to 28. Both are sum/count, so they agree far past any display.
PLACES = Decimal("1e-14")


def same(actual, expected_values):
    expected = statistics.mean(Decimal(v) for v in expected_values)
    assert isinstance(actual, Decimal)
    assert actual.quantize(PLACES) == expected.quantize(PLACES)


def rate(app, cleaner, owner, **fields):
    make_evaluation(app, make_cleaning(app, owner), cleaner, **fields)


def test_no_evaluations(app):
    cleaner = make_user(app)
    with app.app_context():
        stats = cleaner_stats(cleaner.id)
    assert not stats.has_reviews
    assert stats.total == 0 and stats.no_shows == 0
    assert stats.overall is None and stats.professionalism is None
    assert stats.min_overall is None and stats.max_overall is None
    assert stats.star_counts == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}


def test_small_example(app):
    cleaner, owner = make_user(app), make_user(app)
    rate(app, cleaner, owner, overall_rating=5, professionalism=4)
    rate(app, cleaner, owner, overall_rating=4, no_show=True)
    rate(app, cleaner, owner, overall_rating=4, professionalism=1, efficiency=3)
    with app.app_context():
        stats = cleaner_stats(cleaner.id)
    same(stats.overall, [5, 4, 4])
    assert stats.professionalism == Decimal("2.5")  # blanks ignored, not zero
    assert stats.completeness is None
    assert stats.efficiency == 3
    assert (stats.min_overall, stats.max_overall) == (4, 5)
    assert (stats.total, stats.no_shows) == (3, 1)
    assert stats.histogram == [(5, 1), (4, 2), (3, 0), (2, 0), (1, 0)]


def test_random_evaluations_match_statistics_mean(app):
    generator = random.Random(20240501)
    cleaner, owner, other = make_user(app), make_user(app), make_user(app)
    rows = []
    for _ in range(30):
        row = {
            "overall_rating": generator.randint(1, 5),
            "no_show": generator.random() < 0.2,
            **{
                name: generator.choice([None, 1, 2, 3, 4, 5])
                for name in ("professionalism", "completeness", "efficiency")
            },
        }
        rows.append(row)
        rate(app, cleaner, owner, **row)
    rate(app, other, owner, overall_rating=1)  # someone else's: not counted
    with app.app_context():
        stats = cleaner_stats(cleaner.id)

    def given(name):
        return [r[name] for r in rows if r[name] is not None]

    same(stats.overall, given("overall_rating"))
    for name in ("professionalism", "completeness", "efficiency"):
        same(getattr(stats, name), given(name))
    overall = given("overall_rating")
    assert (stats.min_overall, stats.max_overall) == (min(overall), max(overall))
    assert stats.total == 30
    assert stats.no_shows == sum(r["no_show"] for r in rows)
    assert stats.star_counts == {n: overall.count(n) for n in range(1, 6)}


def test_stats_are_one_query(app, query_counter):
    cleaner, owner = make_user(app), make_user(app)
    for n in range(1, 6):
        rate(app, cleaner, owner, overall_rating=n)
    with app.app_context(), query_counter as counter:
        cleaner_stats(cleaner.id)
    assert counter.count == 1


def test_profile_page_shows_the_stats(app, client):
    cleaner, owner = make_user(app, "sparkle"), make_user(app)
    rate(app, cleaner, owner, overall_rating=5, efficiency=2)
    rate(app, cleaner, owner, overall_rating=4, no_show=True)
    rate(app, cleaner, owner, overall_rating=4)
    html = client.get("/profiles/sparkle").get_data(as_text=True)
    assert '<span class="rating-value">4.3</span>' in html
    assert "3 reviews" in html and "from 4 to 5 stars" in html
    assert "<dt>Efficiency</dt><dd>2.0</dd>" in html
    assert "<dt>Professionalism</dt><dd>Not rated yet</dd>" in html
    assert "<dt>No-shows</dt><dd>1</dd>" in html
    assert "No reviews yet" not in html


def test_histogram_is_an_svg_that_reads_the_counts(app, client):
    cleaner, owner = make_user(app, "sparkle"), make_user(app)
    for n in (5, 5, 1):
        rate(app, cleaner, owner, overall_rating=n)
    html = client.get("/profiles/sparkle").get_data(as_text=True)
    label = "Overall ratings: 5 stars: 2, 4 stars: 0, 3 stars: 0, 2 stars: 0, 1 star: 1"
    assert '<svg class="histogram"' in html and 'role="img"' in html
    assert f'aria-label="{label}"' in html
    assert f'<title id="histogram-title">{label}</title>' in html
    # Bars: the longest is full width, a zero count draws no bar.
    assert html.count('<rect class="bar"') == 2
    assert 'class="bar" x="36" y="4" width="180.0"' in html


def test_no_reviews_yet(app, client):
    make_user(app, "newbie")
    response = client.get("/profiles/newbie")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No reviews yet" in html
    # Only the rating card: the page's timestamps may hold "0.0" by chance.
    stats = html.split('class="card profile-stats"', 1)[1].split("</section>", 1)[0]
    assert "No reviews yet" in stats and "0.0" not in stats
    assert '<svg class="histogram"' not in html
