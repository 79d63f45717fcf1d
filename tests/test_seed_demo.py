"""The demo data reads true: names agree with usernames, review headlines
with their stars, job titles with their descriptions, and the demo cleaner
has enough reviews to page through.

The checks read what the seed wrote to the database (or what the pages
show) with their own vocabulary, not the seed's word lists."""

import re
from collections import defaultdict

from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import Cleaning, Evaluation, Profile, User

# A reader's sense of praise and complaint, independent of seed_text.
PRAISE = ("spotless", "great", "brilliant", "excellent", "perfect", "lovely")
PRAISE += ("book again", "never looked", "thorough", "recommend")
COMPLAINT = ("missed", "late", "disappoint", "rushed", "didn't", "untouched")
COMPLAINT += ("redo", "longer than", "another go", "not ")
# Words too common to show that a title and a description are about one job.
COMMON = {"and", "the", "a", "of", "in", "before", "clean", "up", "out", "inside"}


def seed(app, *args):
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed", *args])
    assert result.exit_code == 0, result.output
    return result.output


def rows(app, statement):
    with app.app_context():
        found = db.session.execute(statement).all()
        db.session.expunge_all()
    return found


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower())) - COMMON


def says(text: str, markers) -> list[str]:
    return [m for m in markers if m in text.lower()]


def test_full_names_agree_with_usernames(app):
    seed(app, "--users", "40", "--cleanings", "10")
    people = rows(app, select(User.username, Profile.full_name).join(User.profile))
    assert len(people) == 40
    for username, full_name in people:
        first, last = full_name.split(" ")
        assert first.lower() in username.split("_"), (username, full_name)
        assert first.istitle() and last.istitle()
    names = dict(people)
    assert names["resident_rita"].startswith("Rita ")
    assert names["cleaner_carlos"].startswith("Carlos ")


def test_review_headlines_and_comments_agree_with_the_stars(app):
    seed(app, "--users", "30", "--cleanings", "600")
    reviews = rows(
        app,
        select(Evaluation.overall_rating, Evaluation.headline, Evaluation.comment),
    )
    assert len(reviews) > 100
    for stars, headline, comment in reviews:
        text = f"{headline} {comment}"
        assert headline, "every seeded review has a headline"
        if stars >= 4:
            assert not says(text, COMPLAINT), (stars, text)
        else:
            assert not says(text, PRAISE), (stars, text)
    # The vocabulary finds something, so the checks above are not vacuous.
    assert any(says(h, PRAISE) for s, h, _ in reviews if s == 5)
    assert any(says(h, COMPLAINT) for s, h, _ in reviews if s <= 2)
    by_stars = defaultdict(set)
    for stars, headline, _ in reviews:
        by_stars[stars].add(headline)
    assert by_stars[5].isdisjoint(by_stars[1] | by_stars[2] | by_stars[3])


def test_job_titles_and_descriptions_agree(app):
    seed(app, "--users", "10", "--cleanings", "400")
    jobs = rows(
        app, select(Cleaning.name, Cleaning.description, Cleaning.cleaning_type)
    )
    openings, kinds = defaultdict(set), defaultdict(set)
    for name, description, kind in jobs:
        title, place = name.rsplit(", ", 1)
        opening = re.split(r"(?<=[.!?])\s", description)[0]
        assert words(title) & words(opening), (title, opening)
        openings[title].add(opening)
        kinds[title].add(kind)
    assert len(openings) > 15
    # Each title comes with its own opening and is always the same kind of clean.
    assert all(len(o) == 1 for o in openings.values()), openings
    assert len({o for (o,) in openings.values()}) == len(openings)
    assert all(len(k) == 1 for k in kinds.values()), kinds


def test_demo_cleaner_has_more_reviews_than_one_page_shows(app, client):
    seed(app, "--if-empty")
    page = client.get("/profiles/cleaner_carlos").get_data(as_text=True)
    assert "Load more reviews" in page
    assert "<h1>Carlos " in page
    more = client.get("/profiles/cleaner_carlos?page=2")
    assert more.status_code == 200
    assert 'class="card review"' in more.get_data(as_text=True)
    rita = client.get("/profiles/resident_rita").get_data(as_text=True)
    assert "<h1>Rita " in rita
