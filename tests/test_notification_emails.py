"""Which notifications are also emailed (/account/notifications), the
unsubscribe link and headers every such email carries, one-click
unsubscribe without a session (RFC 8058), and the reminders a day before
a booked clean."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from cleaning_app.extensions import db
from cleaning_app.models import Cleaning, NotificationKind, Reminder
from cleaning_app.notifications import reminders
from cleaning_app.notifications.tasks import send_reminders
from cleaning_app.notifications.tokens import make_token
from tests.builders import (
    PASSWORD,
    count,
    log_in,
    make_cleaning,
    make_offer,
    make_user,
    text,
)
from tests.notified import emails_to, notifications_of, queued_emails

ALL_OFF = {}  # a form posted with no box ticked


def offer_on(cleaner_browser, job):
    response = cleaner_browser.post(f"/cleanings/{job.id}/offers", data={})
    assert response.status_code == 303


def unsubscribe_path(email: dict) -> str:
    url = re.fullmatch(r"<(.+)>", email["headers"]["List-Unsubscribe"]).group(1)
    return urlsplit(url).path


# ------------------------------------------------------------- the page


def test_the_page_shows_one_box_per_kind_with_the_defaults(owner):
    page = text(owner.get("/account/notifications"))
    for kind in NotificationKind:
        assert f'name="email_{kind.value}"' in page
    checked = set(re.findall(r'<input checked[^>]*name="email_(\w+)"', page))
    checked |= set(re.findall(r'name="email_(\w+)"[^>]* checked', page))
    assert checked == {k.value for k in NotificationKind} - {
        "offer_rejected",
        "review_received",
    }


def test_a_kind_turned_off_is_not_emailed(app, owner, cleaner, job, rita):
    choices = {f"email_{k.value}": "y" for k in NotificationKind}
    del choices["email_offer_received"]
    response = owner.post("/account/notifications", data=choices)
    assert response.status_code == 303
    offer_on(cleaner, job)
    # Still on the list, just not by email.
    assert [kind for kind, *_ in notifications_of(app, rita)] == ["offer_received"]
    assert emails_to(app, rita) == []
    page = text(owner.get("/account/notifications"))
    assert not re.search(r'checked[^>]*name="email_offer_received"', page)


def test_a_kind_turned_on_is_emailed(app, owner, browser_as, job, carlos):
    make_offer(app, job, carlos)
    browser_as(carlos).post(
        "/account/notifications", data={"email_offer_rejected": "y"}
    )
    assert owner.post(f"/cleanings/{job.id}/offers/carlos/reject").status_code == 303
    [email] = emails_to(app, carlos)
    assert email["subject"] == "@rita declined your offer on “Two-bedroom flat”"


def test_saving_needs_the_csrf_token(app, owner, cleaner, job, rita):
    response = owner.post("/account/notifications", data=ALL_OFF, csrf=False)
    assert response.status_code == 400
    offer_on(cleaner, job)
    assert len(emails_to(app, rita)) == 1


def test_the_page_needs_a_login(client):
    assert client.get("/account/notifications").status_code == 302


# ---------------------------------------------- what every email carries


def test_a_queued_email_carries_the_unsubscribe_link_and_headers(
    app, cleaner, job, rita
):
    offer_on(cleaner, job)
    [email] = emails_to(app, rita)
    assert email["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(email)
    assert path.startswith("/unsubscribe/")
    assert path in email["body"]
    assert f"/cleanings/{job.id}" in email["body"]


def test_the_worker_sends_it_with_the_headers(app, cleaner, job, rita, outbox):
    offer_on(cleaner, job)
    [message] = outbox()
    assert message["To"] == rita.email
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http")
    assert "/unsubscribe/" in message.get_content()


def test_links_in_emails_follow_public_url_not_the_request_host(
    app, cleaner, job, rita, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://phresh.example")
    offer_on(cleaner, job)  # sent to the test client's host, localhost
    [email] = emails_to(app, rita)
    assert "localhost" not in email["body"]
    assert f"https://phresh.example/cleanings/{job.id}" in email["body"]
    assert email["headers"]["List-Unsubscribe"].startswith(
        "<https://phresh.example/unsubscribe/"
    )


# ---------------------------------------------------------- unsubscribe


def test_one_click_unsubscribe_works_without_cookies(
    app, make_client, cleaner, job, rita
):
    offer_on(cleaner, job)
    path = unsubscribe_path(emails_to(app, rita)[0])
    mail_client = make_client()  # no session, no CSRF token, no form key
    response = mail_client.raw.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You're unsubscribed" in text(response)
    # Only that kind stops.
    other = make_cleaning(app, rita, name="Studio")
    offer_on(cleaner, other)
    assert len(emails_to(app, rita)) == 1
    make_offer(app, other, make_user(app, "dana"))
    assert len(queued_emails(app)) == 1


def test_the_link_shows_a_confirm_page_that_changes_nothing(app, make_client, rita):
    with app.app_context():
        token = make_token(rita.id, NotificationKind.offer_received)
    browser = make_client()
    page = browser.get(f"/unsubscribe/{token}")
    assert page.status_code == 200
    assert f'action="/unsubscribe/{token}"' in text(page)
    assert "Stop emailing @rita" in text(page)
    with app.app_context():
        from cleaning_app.notifications.preferences import wants_email

        assert wants_email(rita.id, NotificationKind.offer_received)
        db.session.remove()
    assert browser.raw.post(f"/unsubscribe/{token}").status_code == 200
    with app.app_context():
        assert not wants_email(rita.id, NotificationKind.offer_received)
        db.session.remove()


def test_a_bad_token_is_404(app, client, rita):
    with app.app_context():
        token = make_token(rita.id, NotificationKind.offer_received)
    payload, signature = token.rsplit(".", 1)
    for bad in ("nonsense", f"{payload}.{signature[::-1]}", payload, token + "x"):
        assert client.get(f"/unsubscribe/{bad}").status_code == 404, bad
        assert client.raw.post(f"/unsubscribe/{bad}").status_code == 404, bad


def test_a_token_of_a_deleted_user_is_404(app, client):
    gone = make_user(app, "gone")
    with app.app_context():
        token = make_token(gone.id, NotificationKind.reminder)
        db.session.execute(db.delete(type(gone)).where(type(gone).id == gone.id))
        db.session.commit()
    assert client.raw.post(f"/unsubscribe/{token}").status_code == 404


# ------------------------------------------------------------ reminders


def booking(app, owner, cleaner, starts_in_hours, status="accepted", **fields):
    job = make_cleaning(
        app,
        owner,
        starts_at=datetime.now(UTC) + timedelta(hours=starts_in_hours),
        hours=Decimal("2"),
        area="Camden",
        bedrooms=2,
        bathrooms=1,
        **fields,
    )
    make_offer(app, job, cleaner, status=status)
    return job


def run_reminders(app):
    with app.app_context():
        send_reminders(timestamp=int(datetime.now(UTC).timestamp()))
        db.session.remove()


def test_a_booked_clean_is_reminded_once_to_both_sides(app, rita, carlos):
    job = booking(app, rita, carlos, starts_in_hours=5)
    run_reminders(app)
    run_reminders(app)
    assert notifications_of(app, rita) == [("reminder", None, job.id)]
    assert notifications_of(app, carlos) == [("reminder", None, job.id)]
    assert len(emails_to(app, rita)) == len(emails_to(app, carlos)) == 1
    assert "starts within 24 hours" in emails_to(app, carlos)[0]["subject"]


def test_only_booked_cleans_within_a_day_are_reminded(app, rita, carlos):
    booking(app, rita, carlos, starts_in_hours=30)  # too early
    booking(app, rita, carlos, starts_in_hours=5, status="pending")  # not booked
    booking(app, rita, carlos, starts_in_hours=-1)  # already started
    undated = make_cleaning(app, rita)
    make_offer(app, undated, carlos, status="accepted")
    run_reminders(app)
    assert notifications_of(app, rita) == notifications_of(app, carlos) == []


def test_a_new_date_is_reminded_again(app, rita, carlos):
    job = booking(app, rita, carlos, starts_in_hours=5)
    run_reminders(app)
    with app.app_context():
        cleaning = db.session.get(Cleaning, job.id)
        cleaning.starts_at += timedelta(hours=2)
        db.session.commit()
    run_reminders(app)
    assert len(notifications_of(app, rita)) == 2
    assert count(app, Reminder) == 2


def test_a_second_run_in_the_same_transaction_window_claims_nothing(app, rita, carlos):
    booking(app, rita, carlos, starts_in_hours=5)
    with app.app_context():
        assert reminders.remind_due() == 1
        assert reminders.remind_due() == 0
        db.session.rollback()
        db.session.remove()
    # Rolled back: nothing was sent, so the next run still reminds.
    assert queued_emails(app) == []
    run_reminders(app)
    assert len(notifications_of(app, rita)) == 1


def test_account_emails_carry_a_one_click_link_that_stops_every_kind(
    app, client, make_client
):
    """CONTRACT: List-Unsubscribe on every email. The verification email is
    no notification; its link turns every notification email off."""
    response = client.post(
        "/auth/register",
        data={"email": "kim@example.com", "username": "kim", "password": PASSWORD},
    )
    assert response.status_code == 303
    [email] = [e for e in queued_emails(app) if e["to"] == "kim@example.com"]
    assert email["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(email)
    assert path in email["body"]
    response = make_client().raw.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "every kind of notification" in text(response)
    kim = make_client()
    log_in(kim, "kim")
    settings = kim.get("/account/notifications").get_data(as_text=True)
    assert "checked" not in settings.split("<form", 1)[1].split("</form>", 1)[0]


def test_a_reset_email_carries_the_headers_too(app, client, rita):
    response = client.post("/auth/reset", data={"email": rita.email})
    assert response.status_code == 303
    [email] = emails_to(app, rita)
    assert email["headers"]["List-Unsubscribe"].startswith("<http")
    assert unsubscribe_path(email) in email["body"]
