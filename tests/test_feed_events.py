"""Each event kind appears on the feed after the action that makes it.

Covered: posting a job (cleaning_posted), editing it (cleaning_updated) and
rating the cleaner (cleaning_completed). Accepting an offer (offer_accepted)
gets its test when the offers routes exist.
"""

import re

from tests.builders import BOOKING, log_in, make_cleaning, make_offer, make_user

EVENT = re.compile(
    r'<li class="feed-item" data-event="(\w+)">.*?'
    r'<a class="feed-job" href="/cleanings/(\d+)">([^<]*)</a>',
    re.S,
)
JOB = {"name": "Spring clean", "cleaning_type": "full_clean", "price": "30", **BOOKING}


def events(client):
    return [(k, int(i), n) for k, i, n in EVENT.findall(client.get("/feed").text)]


def post_job(client, **fields):
    response = client.post("/cleanings/new", {**JOB, **fields})
    assert response.status_code == 303
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_posting_a_job_shows_on_the_feed(app, client, make_client):
    log_in(client, make_user(app, "olga"))
    job_id = post_job(client)
    viewer = make_client()
    log_in(viewer, make_user(app, "vic"))
    body = viewer.get("/feed").text
    assert events(viewer) == [("cleaning_posted", job_id, "Spring clean")]
    assert "@olga</a> posted a job" in body


def test_editing_a_job_shows_on_top_of_the_feed(app, client):
    log_in(client, make_user(app, "olga"))
    job_id = post_job(client)
    response = client.post(
        f"/cleanings/{job_id}/edit", {**JOB, "name": "Spring clean, windows too"}
    )
    assert response.status_code == 303
    assert events(client) == [
        ("cleaning_updated", job_id, "Spring clean, windows too"),
        ("cleaning_posted", job_id, "Spring clean, windows too"),
    ]
    assert "@olga</a> updated a job" in client.get("/feed").text


def test_a_refused_post_makes_no_event(app, client):
    log_in(client, make_user(app))
    response = client.post("/cleanings/new", {**JOB, "price": "-3"})
    assert response.status_code == 422
    assert events(client) == []


def test_a_posted_job_is_on_the_landing_page(app, client, make_client):
    log_in(client, make_user(app, "olga"))
    job_id = post_job(client)
    body = make_client().get("/").text
    assert f'<h3><a href="/cleanings/{job_id}">Spring clean</a></h3>' in body
    assert 'data-event="cleaning_posted"' in body


def test_rating_the_cleaner_shows_completed_on_the_feed(app, client):
    owner, cleaner = make_user(app, "olga"), make_user(app, "carl")
    job = make_cleaning(app, owner, name="Spring clean")
    make_offer(app, job, cleaner, status="accepted")
    log_in(client, owner)
    response = client.post(f"/cleanings/{job.id}/evaluation", {"overall_rating": "5"})
    assert response.status_code == 303
    assert events(client) == [("cleaning_completed", job.id, "Spring clean")]
    line = re.search(r'<p class="feed-line">(.*?)</p>', client.get("/feed").text, re.S)
    assert re.sub(r"\s+", " ", line.group(1)) == (
        '<a href="/profiles/olga">@olga</a> completed and rated a job, giving '
        '<a href="/profiles/carl">@carl</a> 5 stars: '
        f'<a class="feed-job" href="/cleanings/{job.id}">Spring clean</a>'
    )
