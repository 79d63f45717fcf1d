"""Each list the API answers costs the same number of queries for 2 items
as for 20 (the original ran 43 queries for one feed page)."""

from ..builders import make_cleaning, make_evaluation, make_offer, make_user
from .conftest import bearer


def _queries(api, query_counter, url, token) -> int:
    with query_counter as counted:
        response = api.get(url, headers=bearer(token))
    assert response.status_code == 200
    return counted.count, len(response.get_json())


def _cleaners(app, count):
    return [make_user(app, phone_number="+1 555 0100") for _ in range(count)]


def _scene(app, owner, size):
    """`size` jobs of `owner` in the feed; on the first, `size` offers (one
    accepted, so a phone number is shown); `size` evaluations of one cleaner."""
    jobs = [make_cleaning(app, owner) for _ in range(size)]
    cleaners = _cleaners(app, size)
    for n, cleaner in enumerate(cleaners):
        make_offer(app, jobs[0], cleaner, status="accepted" if n == 0 else "pending")
    rated = cleaners[0]
    for job in jobs[1:] + [make_cleaning(app, owner)]:
        make_offer(app, job, rated, status="completed")
        make_evaluation(app, job, rated)
    return jobs[0], rated


def test_list_answers_cost_the_same_for_2_and_20_items(
    app, api, token_of, query_counter
):
    few_owner, many_owner = make_user(app, "few"), make_user(app, "many")
    few_job, few_rated = _scene(app, few_owner, 2)
    many_job, many_rated = _scene(app, many_owner, 20)
    for owner, job, rated, size in (
        (few_owner, few_job, few_rated, 2),
        (many_owner, many_job, many_rated, 20),
    ):
        token = token_of(owner)
        urls = [
            f"/api/cleanings/{job.id}/offers/",
            "/api/cleanings/",
            f"/api/users/{rated.username}/evaluations/",
        ]
        counts = [_queries(api, query_counter, url, token) for url in urls]
        assert [n for _, n in counts][0] == size
        if size == 2:
            few = [c for c, _ in counts]
        else:
            assert [c for c, _ in counts] == few


def test_the_feed_costs_the_same_for_2_and_20_jobs(app, api, token_of, query_counter):
    reader = make_user(app, "reader")
    token = token_of(reader)
    owners = [make_user(app) for _ in range(20)]
    for owner in owners[:2]:
        make_cleaning(app, owner)
    few, shown = _queries(api, query_counter, "/api/feed/cleanings/", token)
    assert shown == 2
    for owner in owners[2:]:
        make_cleaning(app, owner)
    many, shown = _queries(api, query_counter, "/api/feed/cleanings/", token)
    assert shown == 20 and many == few
