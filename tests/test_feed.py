"""The activity feed: /feed, newest first, keyset pages of events."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from cleaning_app.extensions import db
from cleaning_app.models import Activity, Cleaning, User
from tests.builders import (
    log_in,
    make_activity,
    make_cleaning,
    make_evaluation,
    make_user,
    more_link,
)

JOB_NAME = re.compile(r'<a class="feed-job" href="/cleanings/(\d+)">([^<]*)</a>')
MOMENT = datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)


def login_target(location):
    """The `next` of a redirect to the login page (`/` may or may not be
    percent-encoded; both mean the same)."""
    url = urlsplit(location)
    assert url.path == "/auth/login"
    return parse_qs(url.query)["next"][0]


def seed_events(app, actor, moments, kind="cleaning_posted"):
    """One job and one event per moment, in one transaction; returns the
    job names in the order the events were inserted."""
    with app.app_context():
        cleanings = [
            Cleaning(name=f"Job {i:03d}", price="20", owner_id=actor.id)
            for i in range(len(moments))
        ]
        db.session.add_all(cleanings)
        db.session.flush()
        db.session.add_all(
            Activity(kind=kind, actor_id=actor.id, cleaning_id=c.id, created_at=m)
            for c, m in zip(cleanings, moments, strict=True)
        )
        db.session.commit()
        return [c.name for c in cleanings]


def names(response):
    return [name for _, name in JOB_NAME.findall(response.get_data(as_text=True))]


def walk(client, url):
    """Follow "Load more" to the end; returns every page's job names."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(names(response))
        url = more_link(response, "feed-more")
    return pages


@pytest.fixture
def member(app, client):
    user = make_user(app, "mia")
    log_in(client, user)
    return user


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/feed")
    assert response.status_code in (302, 303)
    assert login_target(response.headers["Location"]) == "/feed"


def test_anonymous_htmx_request_gets_401_and_hx_redirect(client):
    response = client.htmx("get", "/feed?limit=5")
    assert response.status_code == 401
    assert login_target(response.headers["HX-Redirect"]) == "/feed?limit=5"


def test_empty_feed_has_a_friendly_empty_state(client, member):
    response = client.get("/feed")
    assert response.status_code == 200
    assert "Nothing has happened yet" in response.get_data(as_text=True)


def test_each_kind_names_actor_time_and_job(app, client, member):
    owner = make_user(app, "olga")
    job = make_cleaning(app, owner, name="Kitchen <deep> clean")
    verbs = {
        "cleaning_posted": "posted a job",
        "cleaning_updated": "updated a job",
        "offer_accepted": "accepted an offer",
        "cleaning_completed": "completed and rated a job",
    }
    start = datetime.now(UTC) - timedelta(minutes=10)
    for minutes, kind in enumerate(verbs):
        make_activity(
            app, owner, job, kind, created_at=start + timedelta(minutes=minutes)
        )
    body = client.get("/feed").get_data(as_text=True)
    items = re.findall(
        r'<li class="feed-item" data-event="(\w+)">(.*?)</li>', body, re.S
    )
    assert [kind for kind, _ in items] == list(reversed(verbs))
    for kind, html in items:
        assert verbs[kind] in html
        assert 'href="/profiles/olga">@olga</a>' in html
        assert f'href="/cleanings/{job.id}">Kitchen &lt;deep&gt; clean</a>' in html
        assert re.search(r'<time datetime="[^"]+"[^>]*>\d+ minutes? ago</time>', html)
    assert "<deep>" not in body


def test_events_are_newest_first(app, client, member):
    moments = [MOMENT + timedelta(seconds=s) for s in (5, 1, 9, 3)]
    inserted = seed_events(app, member, moments)
    expected = [n for _, n in sorted(zip(moments, inserted, strict=True), reverse=True)]
    assert names(client.get("/feed")) == expected


def test_twenty_a_page_and_pages_are_disjoint_and_complete(app, client, member):
    moments = [MOMENT - timedelta(minutes=i) for i in range(45)]
    inserted = seed_events(app, member, moments)
    pages = walk(client, "/feed")
    assert [len(p) for p in pages] == [20, 20, 5]
    assert [n for p in pages for n in p] == inserted


def test_ties_are_neither_skipped_nor_repeated(app, client, member):
    inserted = seed_events(app, member, [MOMENT] * 45)
    pages = walk(client, "/feed?limit=7")
    assert [len(p) for p in pages] == [7, 7, 7, 7, 7, 7, 3]
    # Equal timestamps fall back to the id, newest (highest) first.
    assert [n for p in pages for n in p] == list(reversed(inserted))


def test_ties_straddling_page_ends_with_mixed_timestamps(app, client, member):
    moments = [MOMENT - timedelta(seconds=i // 4) for i in range(30)]
    seed_events(app, member, moments)
    pages = walk(client, "/feed?limit=3")
    seen = [n for p in pages for n in p]
    assert len(seen) == len(set(seen)) == 30


def test_last_page_says_all_caught_up(app, client, member):
    seed_events(app, member, [MOMENT] * 3)
    first = client.get("/feed?limit=2")
    assert "all caught up" not in first.get_data(as_text=True)
    last = client.get(more_link(first, "feed-more"))
    assert "You're all caught up" in last.get_data(as_text=True)
    assert more_link(last, "feed-more") is None


def test_load_more_link_keeps_limit_only_when_given(app, client, member):
    seed_events(app, member, [MOMENT] * 25)
    assert "limit=" not in more_link(client.get("/feed"), "feed-more")
    assert "limit=4" in more_link(client.get("/feed?limit=4"), "feed-more")


def test_load_more_is_a_link_enhanced_by_htmx(app, client, member):
    seed_events(app, member, [MOMENT] * 3)
    body = client.get("/feed?limit=2").get_data(as_text=True)
    link = re.search(r'<li class="feed-more">\s*(<a [^>]*>)', body).group(1)
    href = re.search(r'href="([^"]+)"', link).group(1)
    assert href.startswith("/feed?before=")
    assert f'hx-get="{href}"' in link
    assert 'hx-swap="outerHTML"' in link and 'hx-target="closest li"' in link


def test_htmx_gets_only_the_next_items_and_link(app, client, member):
    seed_events(app, member, [MOMENT] * 5)
    url = more_link(client.get("/feed?limit=2"), "feed-more")
    fragment = client.htmx("get", url)
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert "HX-Request" in fragment.headers["Vary"]
    assert "<html" not in body and "What's happening" not in body
    assert body.lstrip().startswith('<li class="feed-item"')
    assert len(names(fragment)) == 2 and more_link(fragment, "feed-more")
    page = client.get(url)
    assert "<html" in page.get_data(as_text=True)
    assert "HX-Request" in page.headers["Vary"]
    assert names(page) == names(fragment)


def test_boosted_request_gets_the_full_page(app, client, member):
    seed_events(app, member, [MOMENT] * 2)
    body = client.htmx("get", "/feed", boosted=True).get_data(as_text=True)
    assert "<html" in body


@pytest.mark.parametrize("limit", ["1", "50", "07"])
def test_limit_in_range_is_honoured(app, client, member, limit):
    seed_events(app, member, [MOMENT] * 55)
    response = client.get(f"/feed?limit={limit}")
    assert response.status_code == 200
    assert len(names(response)) == int(limit)


@pytest.mark.parametrize(
    "limit",
    [
        "0",
        "51",
        "-1",
        "abc",
        "",
        "%00",
        "1%00",
        "1e3",
        "2.5",
        " 5",
        "99999999999999999999",
    ],
)
def test_bad_limit_is_422(app, client, member, limit):
    seed_events(app, member, [MOMENT] * 2)
    response = client.get(f"/feed?limit={limit}")
    assert response.status_code == 422
    assert "whole number from 1 to 50" in response.get_data(as_text=True)
    assert names(response) == []


def b64(text):
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "before",
    [
        "",
        "garbage!",
        "%00",
        "abc%00def",
        "abcde",  # not a possible base64 length
        "////",  # standard, not URL-safe, alphabet
        b64("hello"),
        b64("1714564800000000"),
        b64("1714564800000000_"),
        b64("_12"),
        b64("-1_12"),
        b64("1714564800000000_-3"),
        b64("1714564800000000_12_4"),
        b64("9999999999999999999_1"),  # past year 9999
        b64("999999999999999999_1"),  # still past year 9999
        b64("1714564800000000_99999999999999999999"),  # beyond bigint
        b64("1714564800000000_9223372036854775808"),
        b64("١٢_٣"),  # non-ASCII digits
        "4pyTIMOgIGxhIG1vZGU",  # UTF-8 of something else entirely
        "x" * 300,
    ],
)
def test_bad_cursor_is_422_with_a_message(app, client, member, before):
    seed_events(app, member, [MOMENT] * 2)
    response = client.get(f"/feed?before={before}")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "older events isn&#39;t valid" in body and "<html" in body
    assert names(response) == []


def test_bad_cursor_over_htmx_gets_the_message_fragment(client, member):
    response = client.htmx("get", "/feed?before=garbage")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "<html" not in body and "older events isn&#39;t valid" in body


def test_extreme_but_valid_cursors_work(app, client, member):
    seed_events(app, member, [MOMENT] * 2)
    assert names(client.get(f"/feed?before={b64('0_0')}")) == []
    latest = b64("253402300799999999_9223372036854775807")  # 9999-12-31
    assert len(names(client.get(f"/feed?before={latest}"))) == 2


def test_events_dated_later_than_now_wait_their_turn(app, client, member):
    job = make_cleaning(app, member, name="Tomorrow's job")
    make_activity(app, member, job, created_at=datetime.now(UTC) + timedelta(days=1))
    assert names(client.get("/feed")) == []


def test_deactivated_users_events_leave_the_feed(app, client, member):
    gone = make_user(app, "gone", is_active=False)
    make_activity(app, gone, make_cleaning(app, gone, name="Spam job"))
    make_activity(app, member, make_cleaning(app, member, name="Real job"))
    assert names(client.get("/feed")) == ["Real job"]


def test_completed_jobs_name_both_sides_in_one_query(
    app, client, member, query_counter
):
    """Each cleaning_completed event names the cleaner and the stars, from
    the same single query, however many there are."""
    owner = make_user(app, "olga")
    for n, stars in enumerate((1, 4, 5)):
        job = make_cleaning(app, owner, name=f"Job {n}")
        make_evaluation(app, job, make_user(app, f"cleaner{n}"), overall_rating=stars)
        make_activity(
            app, owner, job, "cleaning_completed", created_at=MOMENT + timedelta(n)
        )
    make_activity(app, owner, job, "cleaning_posted", created_at=MOMENT - timedelta(1))
    with query_counter as counter:
        body = client.get("/feed").get_data(as_text=True)
    lines = [
        " ".join(re.sub(r"<[^>]+>", "", line).split())
        for line in re.findall(r'<p class="feed-line">(.*?)</p>', body, re.S)
    ]
    assert lines == [
        "@olga completed and rated a job, giving @cleaner2 5 stars: Job 2",
        "@olga completed and rated a job, giving @cleaner1 4 stars: Job 1",
        "@olga completed and rated a job, giving @cleaner0 1 star: Job 0",
        "@olga posted a job Job 2",
    ]
    assert len([s for s in counter.statements if "activities" in s]) == 1


@pytest.mark.parametrize("url", ["/feed", "/feed?limit=5&before={cursor}"])
def test_a_page_is_one_query_on_activities(app, client, member, query_counter, url):
    seed_events(app, member, [MOMENT - timedelta(seconds=i) for i in range(30)])
    older = more_link(client.get("/feed?limit=5"), "feed-more")
    cursor = older.split("before=")[1].split("&")[0]
    with query_counter as counter:
        response = client.get(url.format(cursor=cursor))
    assert response.status_code == 200 and names(response)
    feed_queries = [s for s in counter.statements if "activities" in s]
    assert len(feed_queries) == 1
    assert "OFFSET" not in feed_queries[0].upper()
    with app.app_context():
        assert db.session.get(User, member.id)
