"""The landing page: a live excerpt of the feed and the newest open jobs."""

import re
from datetime import UTC, datetime, timedelta

from tests.builders import log_in, make_activity, make_cleaning, make_offer, make_user

JOB_TITLE = re.compile(
    r'<article class="card job-card"[^>]*>.*?<h3><a href="[^"]+">([^<]*)</a>', re.S
)


def job_titles(response):
    return JOB_TITLE.findall(response.get_data(as_text=True))


def test_anonymous_visitor_sees_calls_to_action(client):
    response = client.get("/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'href="/auth/register"[^>]*>Post a job</a>', body)
    assert re.search(r'href="/cleanings"[^>]*>Find work</a>', body)


def test_member_posts_a_job_straight_away(app, client):
    log_in(client, make_user(app))
    body = client.get("/").get_data(as_text=True)
    assert re.search(r'href="/cleanings/new"[^>]*>Post a job</a>', body)
    assert re.search(r'href="/cleanings"[^>]*>Find work</a>', body)
    assert 'href="/feed"' in body


def test_empty_site_has_friendly_empty_states(client):
    body = client.get("/").get_data(as_text=True)
    assert "No open jobs right now" in body
    assert "quiet here" in body
    assert "data-event" not in body


def test_shows_the_latest_five_events(app, client):
    owner = make_user(app, "olga")
    start = datetime.now(UTC) - timedelta(hours=1)
    for i in range(7):
        job = make_cleaning(app, owner, name=f"Event job {i}")
        make_activity(app, owner, job, created_at=start + timedelta(minutes=i))
    body = client.get("/").get_data(as_text=True)
    feed = body.split('id="latest-activity"')[1]
    shown = re.findall(r'class="feed-job" href="/cleanings/\d+">([^<]*)</a>', feed)
    assert shown == [f"Event job {i}" for i in (6, 5, 4, 3, 2)]
    assert feed.count('data-event="cleaning_posted"') == 5
    assert "@olga</a> posted a job" in feed


def test_shows_the_six_newest_open_jobs(app, client):
    owner = make_user(app)
    start = datetime.now(UTC) - timedelta(days=1)
    for i in range(8):
        make_cleaning(
            app, owner, name=f"Open {i}", created_at=start + timedelta(hours=i)
        )
    assert job_titles(client.get("/")) == [f"Open {i}" for i in range(7, 1, -1)]


def test_taken_jobs_and_deactivated_owners_jobs_are_not_shown(app, client):
    owner, cleaner = make_user(app), make_user(app)
    gone = make_user(app, is_active=False)
    start = datetime.now(UTC) - timedelta(days=1)
    jobs = {}
    for i, name in enumerate(["Pending", "Rejected", "Accepted", "Completed", "Plain"]):
        jobs[name] = make_cleaning(
            app, owner, name=name, created_at=start + timedelta(minutes=i)
        )
    for name in ("Pending", "Rejected", "Accepted", "Completed"):
        make_offer(app, jobs[name], cleaner, name.lower())
    make_cleaning(app, gone, name="Ghost job")
    assert job_titles(client.get("/")) == ["Plain", "Rejected", "Pending"]


def test_job_cards_link_to_the_job_with_type_price_and_owner(app, client):
    owner = make_user(app, "olga")
    job = make_cleaning(
        app, owner, name="Windows <all>", price="31.50", cleaning_type="full_clean"
    )
    body = client.get("/").get_data(as_text=True)
    assert f'href="/cleanings/{job.id}">Windows &lt;all&gt;</a>' in body
    assert "Deep Clean" in body and "$31.50/hr" in body and "@olga</a>" in body


def test_landing_page_queries_do_not_grow_with_content(app, client, query_counter):
    owner = make_user(app)
    for i in range(3):
        make_activity(app, owner, make_cleaning(app, owner, name=f"Few {i}"))
    with query_counter as counter:
        client.get("/")
    few = counter.count
    for i in range(12):
        make_activity(app, owner, make_cleaning(app, owner, name=f"Many {i}"))
    with query_counter as counter:
        client.get("/")
    assert counter.count == few == 2
