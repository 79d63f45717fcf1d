"""Public profiles: /profiles/<username>."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from cleaning_app.profiles.avatars import colour_class
from tests.builders import (
    body,
    log_in,
    make_cleaning,
    make_evaluation,
    make_offer,
    make_user,
    more_link,
)

REVIEW = re.compile(r'<li class="card review">')
START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def review_headlines(html):
    return re.findall(r"<strong>(Review \d+)</strong>", html)


def seed_reviews(app, cleaner, count):
    """`count` reviews, "Review 0" the oldest."""
    owner = make_user(app)
    for i in range(count):
        cleaning = make_cleaning(app, owner, name=f"Job {i}")
        make_evaluation(
            app,
            cleaning,
            cleaner,
            overall_rating=1 + i % 5,
            headline=f"Review {i}",
            created_at=START + timedelta(minutes=i),
        )
    return owner


def test_profile_shows_who_the_user_is(app, client):
    user = make_user(
        app,
        "Sparkle",
        full_name="Ada Lovelace",
        bio="Ten years of tidy.\nPets welcome.",
        email_verified=True,
    )
    response = client.get("/profiles/Sparkle")
    html = body(response)
    assert response.status_code == 200
    assert "<h1>Ada Lovelace</h1>" in html
    assert "@Sparkle" in html
    assert "Member since" in html and user.created_at.strftime("%B %Y") in html
    assert "Ten years of tidy.\nPets welcome." in html
    assert "Email verified" in html
    assert f"avatar {colour_class('Sparkle')} avatar-lg" in html
    assert '<span class="avatar-initials" aria-hidden="true">AL</span>' in html
    assert "<img" not in html.split("</header>")[1]  # no picture set


def test_unverified_email_has_no_badge(app, client):
    make_user(app, "plain")
    page = body(client.get("/profiles/plain"))
    assert "@plain" in page and "Email verified" not in page


def test_username_lookup_ignores_case(app, client):
    make_user(app, "Sparkle")
    for name in ("sparkle", "SPARKLE", "sPaRkLe"):
        response = client.get(f"/profiles/{name}")
        assert response.status_code == 200
        assert "@Sparkle" in body(response)


@pytest.mark.parametrize("name", ["nobody", "me", "%00", "x" * 300, "ü"])
def test_unknown_user_is_404(app, client, name):
    make_user(app, "somebody")
    assert client.get(f"/profiles/{name}").status_code == 404


def test_picture_with_fallback_to_initials(app, client):
    make_user(app, "pic", image="https://images.example.com/a.jpg?x=1&y=2")
    html = body(client.get("/profiles/pic"))
    assert (
        '<img src="https://images.example.com/a.jpg?x=1&amp;y=2" alt="" '
        'referrerpolicy="no-referrer" data-fallback>'
    ) in html
    assert '<span class="avatar-initials" aria-hidden="true">PI</span>' in html
    assert '<script src="/static/js/avatars.js?v=' in html
    assert "onerror" not in html


def test_avatar_colour_is_stable_and_from_the_palette():
    assert colour_class("Sparkle") == colour_class("sparkle")
    classes = {colour_class(f"user{n}") for n in range(200)}
    assert classes == {f"avatar-c{n}" for n in range(8)}


def test_never_shows_email_or_phone(app, client, make_client):
    owner = make_user(
        app,
        "private",
        email="secret.address@example.com",
        phone_number="+44 (0)20 7946 0958",
        full_name="Pat Private",
    )
    stranger = make_user(app, "stranger")
    log_in(client, stranger)
    own = make_client()
    log_in(own, owner)
    for browser in (client, own, make_client()):
        html = body(browser.get("/profiles/private"))
        assert "Pat Private" in html
        assert "secret.address" not in html and "example.com" not in html
        # Digits with their separators: bare "7946" can turn up in a timestamp.
        assert "7946 0958" not in html and "79460958" not in html


def test_edit_link_only_for_the_owner(app, client):
    owner = make_user(app, "me_myself")
    assert "/profiles/me/edit" not in body(client.get("/profiles/me_myself"))
    log_in(client, owner)
    assert "/profiles/me/edit" in body(client.get("/profiles/me_myself"))


def test_recent_reviews_newest_first_ten_a_page(app, client):
    cleaner = make_user(app, "busy")
    seed_reviews(app, cleaner, 23)
    first = client.get("/profiles/busy")
    assert review_headlines(body(first)) == [f"Review {i}" for i in range(22, 12, -1)]
    assert more_link(first, "load-more") == "/profiles/busy?page=2"
    second = client.get("/profiles/busy?page=2")
    assert review_headlines(body(second)) == [f"Review {i}" for i in range(12, 2, -1)]
    third = client.get(more_link(second, "load-more"))
    assert review_headlines(body(third)) == ["Review 2", "Review 1", "Review 0"]
    assert more_link(third, "load-more") is None
    past_the_end = body(client.get("/profiles/busy?page=9"))
    assert review_headlines(past_the_end) == []
    assert "No more reviews." in past_the_end


def test_review_shows_job_owner_and_ratings(app, client):
    cleaner = make_user(app, "busy")
    owner = make_user(app, "happy_owner")
    cleaning = make_cleaning(app, owner, name="Attic & <cellar>")
    make_evaluation(
        app,
        cleaning,
        cleaner,
        overall_rating=4,
        professionalism=5,
        no_show=True,
        headline="Great",
        comment="Line one\nLine two",
    )
    html = body(client.get("/profiles/busy"))
    assert f'<a href="/cleanings/{cleaning.id}">Attic &amp; &lt;cellar&gt;</a>' in html
    assert 'href="/profiles/happy_owner">@happy_owner</a>' in html
    assert 'aria-label="4 out of 5 stars">★★★★☆' in html
    assert (
        "Professionalism 5/5" in html
        and "Completeness" not in html.split("review-parts")[1].split("</p>")[0]
    )
    assert "No-show" in html
    assert "Line one\nLine two" in html


def test_load_more_with_htmx_appends_only_the_items(app, client):
    cleaner = make_user(app, "busy")
    seed_reviews(app, cleaner, 12)
    first = body(client.get("/profiles/busy"))
    link = re.search(r'<li class="load-more">\s*<a ([^>]*)>', first).group(1)
    assert 'hx-get="/profiles/busy?page=2"' in link
    assert 'hx-target="closest li"' in link and 'hx-swap="outerHTML"' in link
    response = client.htmx("get", "/profiles/busy?page=2")
    fragment = body(response)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in fragment and "<ol" not in fragment
    assert review_headlines(fragment) == ["Review 1", "Review 0"]
    assert len(REVIEW.findall(fragment)) == 2
    assert "load-more" not in fragment


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "9" * 30, "", " 2"])
def test_bad_page_is_422(app, client, page):
    make_user(app, "busy")
    assert client.get(f"/profiles/busy?page={page}").status_code == 422


def test_open_jobs_only(app, client):
    owner = make_user(app, "poster")
    cleaner = make_user(app)
    open_job = make_cleaning(app, owner, name="Open with offers")
    make_offer(app, open_job, cleaner, "pending")
    make_offer(app, open_job, make_user(app), "rejected")
    make_cleaning(app, owner, name="Fresh job")
    for status in ("accepted", "completed"):
        taken = make_cleaning(app, owner, name=f"Taken {status}")
        make_offer(app, taken, cleaner, status)
    make_cleaning(app, cleaner, name="Someone else's")
    html = body(client.get("/profiles/poster"))
    jobs = re.findall(r'<h3><a href="/cleanings/\d+">([^<]+)</a></h3>', html)
    assert jobs == ["Fresh job", "Open with offers"]


def test_no_open_jobs(app, client):
    make_user(app, "idle")
    assert "No open jobs right now." in body(client.get("/profiles/idle"))


def test_deactivated_users_jobs_leave_the_profile(app, client):
    owner = make_user(app, "gone", is_active=False)
    make_cleaning(app, owner, name="Hidden job")
    html = body(client.get("/profiles/gone"))
    assert "Hidden job" not in html and "Account deactivated" in html


def page_queries(client, query_counter, url):
    with query_counter as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_query_count_is_constant(app, client, make_client, query_counter):
    quiet, busy = make_user(app, "quiet"), make_user(app, "busy")
    make_evaluation(app, make_cleaning(app, make_user(app)), quiet)
    make_cleaning(app, quiet)
    owner = seed_reviews(app, busy, 25)
    for _ in range(12):
        make_offer(app, make_cleaning(app, busy), owner, "pending")
    log_in(client, make_user(app))
    for browser in (client, make_client()):
        few = page_queries(browser, query_counter, "/profiles/quiet")
        many = page_queries(browser, query_counter, "/profiles/busy")
        assert few == many
        assert page_queries(browser, query_counter, "/profiles/busy?page=2") == many
    assert many <= 8
