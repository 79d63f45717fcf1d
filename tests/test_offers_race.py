"""Simultaneous requests on one job against the real PostgreSQL: the job's
row lock and the database's keys leave exactly one winner and clear 400s,
never a 500 or a lost update."""

import threading

from sqlalchemy import func, select

from cleaning_app.extensions import db
from cleaning_app.models import Activity, Offer

from .builders import log_in, make_cleaning, make_offer, make_user


def all_at_once(requests) -> list:
    """Run each (client, url, data) POST in its own thread, released together
    by a barrier; CSRF tokens were fetched before, so only the POSTs race."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def send(i, c, url, data):
        barrier.wait()
        responses[i] = c.post(url, data)

    threads = [
        threading.Thread(target=send, args=(i, *request))
        for i, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def statuses(app, cleaning) -> list[str]:
    with app.app_context():
        return sorted(
            db.session.scalars(
                select(Offer.status).where(Offer.cleaning_id == cleaning.id)
            )
        )


def test_five_simultaneous_accepts_leave_one_accepted_offer(app, make_client):
    rita = make_user(app, "rita")
    job = make_cleaning(app, rita)
    cleaners = [make_user(app, f"cleaner{i}") for i in range(5)]
    for cleaner in cleaners:
        make_offer(app, job, cleaner)
    requests = []
    for cleaner in cleaners:
        owner = make_client()  # one browser tab per click, same owner
        log_in(owner, rita)
        url = f"/cleanings/{job.id}/offers/{cleaner.username}/accept"
        requests.append((owner, url, {"csrf_token": owner.csrf_token()}))

    responses = all_at_once(requests)

    assert sorted(r.status_code for r in responses) == [303, 400, 400, 400, 400]
    for response in responses:
        if response.status_code == 400:
            text = response.get_data(as_text=True)
            assert "This job already has an accepted offer." in text
    assert statuses(app, job) == ["accepted"] + ["rejected"] * 4
    with app.app_context():
        events = db.session.scalar(select(func.count()).select_from(Activity))
    assert events == 1


def test_a_double_clicked_offer_makes_one_offer(app, make_client):
    job = make_cleaning(app, make_user(app, "rita"))
    carlos = make_user(app, "carlos")
    requests = []
    for _ in range(2):
        tab = make_client()
        log_in(tab, carlos)
        data = {"message": "Happy to help", "csrf_token": tab.csrf_token()}
        requests.append((tab, f"/cleanings/{job.id}/offers", data))

    responses = all_at_once(requests)

    assert sorted(r.status_code for r in responses) == [303, 400]
    refused = next(r for r in responses if r.status_code == 400)
    assert "You already made an offer on this job." in refused.get_data(as_text=True)
    assert statuses(app, job) == ["pending"]


def test_an_offer_racing_an_accept_never_stays_pending_on_a_taken_job(app, make_client):
    """Whichever commits first, the newcomer's offer is refused or rejected:
    a taken job never keeps a pending offer."""
    rita = make_user(app, "rita")
    job = make_cleaning(app, rita)
    carlos, dora = make_user(app, "carlos"), make_user(app, "dora")
    make_offer(app, job, carlos)
    owner, newcomer = make_client(), make_client()
    log_in(owner, rita)
    log_in(newcomer, dora)
    responses = all_at_once(
        [
            (
                owner,
                f"/cleanings/{job.id}/offers/carlos/accept",
                {"csrf_token": owner.csrf_token()},
            ),
            (
                newcomer,
                f"/cleanings/{job.id}/offers",
                {"csrf_token": newcomer.csrf_token()},
            ),
        ]
    )
    assert responses[0].status_code == 303
    assert responses[1].status_code in (303, 400)
    assert "pending" not in statuses(app, job)
