"""Conversations: each offer's private thread between the job's owner and
that cleaner (CONTRACT "Conversations and notifications"), through HTTP."""

import re

import pytest
from sqlalchemy import select
from sqlalchemy import text as sql

from cleaning_app.extensions import db
from cleaning_app.models import Message

from .builders import (
    CARLOS_PHONE,
    RITA_PHONE,
    body,
    count,
    followed,
    make_offer,
    make_user,
    text,
)
from .notified import emails_to, notifications_of
from .queued import job_rows, run_queue


def thread_url(job, username="carlos") -> str:
    return f"/cleanings/{job.id}/offers/{username}/messages"


def messages(app) -> list[tuple[int, str]]:
    """Every message as (sender id, body), oldest first."""
    with app.app_context():
        rows = db.session.execute(
            select(Message.sender_id, Message.body).order_by(Message.id)
        ).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def write(app, job, cleaner, sender, text_, read=False) -> int:
    """A message straight into the thread; its id."""
    with app.app_context():
        message = Message(
            cleaning_id=job.id, cleaner_id=cleaner.id, sender_id=sender.id, body=text_
        )
        if read:
            message.read_at = db.func.now()
        db.session.add(message)
        db.session.commit()
        return message.id


@pytest.fixture
def offer(app, job, carlos):
    return make_offer(app, job, carlos, message="I can come on Monday.")


@pytest.fixture
def nadia(app):
    return make_user(app, "nadia")


class TestWhoMayReadAndWrite:
    def test_the_owner_and_the_cleaner_read_the_thread_offer_message_first(
        self, app, job, rita, carlos, offer, owner, cleaner
    ):
        write(app, job, carlos, rita, "Is Tuesday possible too?")
        write(app, job, carlos, carlos, "Tuesday works.")
        for browser in (owner, cleaner):
            response = browser.get(thread_url(job))
            assert response.status_code == 200
            page = text(response)
            first = page.index("I can come on Monday.")
            assert first < page.index("Is Tuesday possible too?")
            assert page.index("Is Tuesday possible too?") < page.index("Tuesday works.")
            assert 'name="body"' in page and 'name="csrf_token"' in page
            assert 'name="submission_key"' in page
            # Usernames only: no email address or phone number of either side.
            for private in (rita.email, carlos.email, RITA_PHONE, CARLOS_PHONE):
                assert private not in page

    def test_a_username_in_another_case_finds_the_thread(self, job, offer, owner):
        assert owner.get(thread_url(job, "CARLOS")).status_code == 200

    def test_another_cleaner_and_a_stranger_get_403_and_write_nothing(
        self, app, job, offer, nadia, browser_as
    ):
        make_offer(app, job, nadia, message="Me too")
        stranger = make_user(app, "sam")
        for user in (nadia, stranger):
            browser = browser_as(user)
            assert browser.get(thread_url(job)).status_code == 403
            response = browser.post(thread_url(job), {"body": "Let me in"})
            assert response.status_code == 403
            page = text(browser.get(f"/cleanings/{job.id}"))
            assert "I can come on Monday." not in page
        assert messages(app) == []

    def test_anonymous_visitors_are_sent_to_log_in(self, app, client, job, offer):
        response = client.get(thread_url(job))
        assert response.status_code in (302, 303)
        assert "/auth/login" in response.headers["Location"]
        response = client.post(thread_url(job), {"body": "hello"})
        assert response.status_code in (302, 303)
        assert messages(app) == []

    def test_no_job_no_user_or_no_offer_is_404(self, app, job, offer, nadia, owner):
        assert owner.get(thread_url(job)).status_code == 200
        assert (
            owner.get(f"/cleanings/{job.id + 1000}/offers/carlos/messages").status_code
            == 404
        )
        assert owner.get(thread_url(job, "nobody")).status_code == 404
        assert owner.get(thread_url(job, "nadia")).status_code == 404
        assert owner.get(thread_url(job, "bad%00name")).status_code == 404
        assert owner.post(thread_url(job, "nadia"), {"body": "hi"}).status_code == 404
        assert messages(app) == []

    def test_a_rescinded_offer_takes_its_thread(self, app, job, offer, owner, cleaner):
        assert cleaner.post(thread_url(job), {"body": "Any pets?"}).status_code == 303
        assert owner.post(thread_url(job), {"body": "One cat."}).status_code == 303
        assert count(app, Message) == 2
        response = cleaner.post(f"/cleanings/{job.id}/my-offer/rescind")
        assert response.status_code == 303
        assert count(app, Message) == 0
        assert owner.get(thread_url(job)).status_code == 404
        assert cleaner.post(thread_url(job), {"body": "Wait"}).status_code == 404
        assert count(app, Message) == 0


class TestSending:
    def test_a_message_is_added_and_the_post_redirects_to_the_thread(
        self, app, job, rita, carlos, offer, owner, cleaner
    ):
        response = cleaner.post(thread_url(job), {"body": "  Do you have a vacuum?\n"})
        assert response.headers["Location"].endswith(thread_url(job))
        assert "Do you have a vacuum?" in followed(cleaner, response)
        response = owner.post(thread_url(job), {"body": "Yes, a good one."})
        assert response.status_code == 303
        assert messages(app) == [
            (carlos.id, "Do you have a vacuum?"),
            (rita.id, "Yes, a good one."),
        ]

    @pytest.mark.parametrize(
        ("value", "says"),
        [
            ("", "Write a message first."),
            ("  \n\t ", "Write a message first."),
            ("x" * 2001, "Keep your message to 2000 characters."),
            ("bell \x07", "can't contain control characters"),
        ],
    )
    def test_a_bad_body_is_422_with_a_message_and_writes_nothing(
        self, app, job, offer, cleaner, value, says
    ):
        response = cleaner.post(thread_url(job), {"body": value})
        assert response.status_code == 422
        assert says in text(response)
        assert messages(app) == []

    def test_a_missing_body_is_422(self, app, job, offer, cleaner):
        assert cleaner.post(thread_url(job), {}).status_code == 422
        assert messages(app) == []

    def test_2000_characters_are_fine_and_line_breaks_stay(
        self, app, job, offer, cleaner
    ):
        long = "a" * 1990 + "\nbye\r\nok"
        assert cleaner.post(thread_url(job), {"body": long}).status_code == 303
        assert messages(app)[0][1] == long

    def test_without_the_csrf_token_nothing_is_written(self, app, job, offer, cleaner):
        response = cleaner.post(thread_url(job), {"body": "hi"}, csrf=False)
        assert response.status_code == 400
        assert messages(app) == []

    def test_the_same_form_posted_twice_adds_one_message(
        self, app, job, offer, cleaner
    ):
        page = body(cleaner.get(thread_url(job)))
        key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
        for _ in range(2):
            response = cleaner.post(
                thread_url(job), {"body": "Only once", "submission_key": key}
            )
            assert response.status_code == 303
        assert len(messages(app)) == 1

    @pytest.mark.parametrize(
        ("status", "says"),
        [
            ("rejected", "This offer was declined, so its conversation is closed."),
            ("cancelled", "This offer was cancelled, so its conversation is closed."),
        ],
    )
    def test_a_rejected_or_cancelled_offer_takes_no_messages(
        self, app, job, carlos, owner, cleaner, status, says
    ):
        make_offer(app, job, carlos, status=status, message="Hello")
        for browser in (owner, cleaner):
            page = browser.get(thread_url(job))
            assert page.status_code == 200 and says in text(page)
            assert 'name="body"' not in body(page)
            response = browser.post(thread_url(job), {"body": "Still there?"})
            assert response.status_code == 400
            assert says in text(response)
        assert messages(app) == []

    def test_the_owners_reject_closes_the_thread(self, app, job, offer, owner, cleaner):
        assert (
            owner.post(f"/cleanings/{job.id}/offers/carlos/reject").status_code == 303
        )
        response = cleaner.post(thread_url(job), {"body": "Why?"})
        assert response.status_code == 400
        assert messages(app) == []

    @pytest.mark.parametrize("status", ["accepted", "completed"])
    def test_an_accepted_or_completed_offer_still_talks(
        self, app, job, carlos, cleaner, status
    ):
        make_offer(app, job, carlos, status=status)
        assert cleaner.post(thread_url(job), {"body": "See you"}).status_code == 303
        assert len(messages(app)) == 1


class TestHtmx:
    def test_a_sent_message_is_appended_and_the_form_cleared(
        self, app, job, carlos, offer, cleaner
    ):
        earlier = write(app, job, carlos, carlos, "First")
        response = cleaner.htmx(
            "post", thread_url(job), {"body": "Second", "after": str(earlier)}
        )
        assert response.status_code == 200
        page = body(response)
        assert '<ol hx-swap-oob="beforeend:#messages">' in page
        assert "Second" in page and "First" not in page
        [_, new_id] = sorted(_ids(app))
        assert f'data-message-id="{new_id}"' in page
        # The poller asks after the new message from now on.
        assert f'name="after" value="{new_id}"' in page
        assert 'id="thread-poll"' in page and 'hx-swap-oob="true"' in page
        # A fresh, empty form with a new submission key.
        assert 'id="reply-form"' in page
        assert re.search(r"<textarea[^>]*>\s*</textarea>", page)
        assert "<html" not in page

    def test_a_bad_message_shows_the_form_again_in_place(
        self, app, job, offer, cleaner
    ):
        response = cleaner.htmx("post", thread_url(job), {"body": "", "after": "0"})
        assert response.status_code == 422
        page = text(response)
        assert 'id="reply"' in page and "Write a message first." in page
        assert "<html" not in page
        assert messages(app) == []

    def test_a_bad_after_is_422(self, job, offer, cleaner):
        for after in ("x", "-1", "1.5", "9" * 30):
            response = cleaner.htmx("get", f"{thread_url(job)}?after={after}")
            assert response.status_code == 422


class TestPolling:
    def test_nothing_new_is_204_for_one_query(
        self, app, job, carlos, offer, cleaner, query_counter
    ):
        last = write(app, job, carlos, carlos, "Hello")
        cleaner.get(thread_url(job))  # logged in, session seen
        url = f"{thread_url(job)}?after={last}"
        with query_counter as counter:
            response = cleaner.htmx("get", url)
        assert response.status_code == 204
        assert response.get_data() == b""
        thread_queries = [s for s in counter.statements if "messages" in s]
        assert len(thread_queries) == 1
        # Beyond the thread's query, only the login's own (the session and
        # its user).
        others = [s for s in counter.statements if "messages" not in s]
        assert all("user_sessions" in s or "users" in s for s in others), others
        assert counter.count <= 2

    def test_new_messages_arrive_and_are_marked_read(
        self, app, job, rita, carlos, offer, owner, cleaner
    ):
        seen = write(app, job, carlos, rita, "Earlier")
        assert "Earlier" in text(cleaner.get(thread_url(job)))
        new = write(app, job, carlos, rita, "Are you coming at 9?")
        response = cleaner.htmx("get", f"{thread_url(job)}?after={seen}")
        assert response.status_code == 200
        page = body(response)
        assert "Are you coming at 9?" in page and "Earlier" not in page
        assert f'name="after" value="{new}"' in page
        assert page.lstrip().startswith('<div id="thread-poll"')
        # Seen through the poll: read.
        job_page = text(cleaner.get(f"/cleanings/{job.id}"))
        assert "new</span>" not in job_page
        assert owner.get(thread_url(job)).status_code == 200

    def test_the_poll_is_private_too(self, app, job, offer, nadia, browser_as):
        response = browser_as(nadia).htmx("get", f"{thread_url(job)}?after=0")
        assert response.status_code == 403

    def test_the_thread_page_polls_every_10_seconds(self, job, offer, cleaner):
        page = body(cleaner.get(thread_url(job)))
        assert 'hx-trigger="every 10s"' in page
        assert 'hx-include="#thread-after"' in page


class TestUnreadCounts:
    def test_the_owner_sees_a_link_and_unread_count_per_offer(
        self, app, job, rita, carlos, nadia, offer, owner, cleaner
    ):
        make_offer(app, job, nadia)
        write(app, job, carlos, carlos, "One")
        write(app, job, carlos, carlos, "Two")
        write(app, job, carlos, rita, "Mine, not counted")
        page = body(owner.get(f"/cleanings/{job.id}"))
        assert f'href="{thread_url(job)}"' in page
        assert f'href="{thread_url(job, "nadia")}"' in page
        assert page.count("new</span>") == 1 and ">2 new</span>" in page
        # Opening the thread reads them.
        owner_view = text(owner.get(thread_url(job)))
        assert owner_view.count(">New</span>") == 2
        assert "new</span>" not in body(owner.get(f"/cleanings/{job.id}"))
        assert ">New</span>" not in body(owner.get(thread_url(job)))
        # The cleaner's side still has rita's message unread.
        page = body(cleaner.get(f"/cleanings/{job.id}"))
        assert f'href="{thread_url(job)}"' in page and ">1 new</span>" in page

    def test_the_owners_offers_page_shows_them_too(
        self, app, job, carlos, offer, owner
    ):
        write(app, job, carlos, carlos, "One")
        page = body(owner.get(f"/cleanings/{job.id}/offers"))
        assert ">1 new</span>" in page

    def test_the_job_page_costs_the_same_with_many_threads(
        self, app, job, make_client, rita, query_counter
    ):
        from .builders import log_in

        owner = make_client()
        log_in(owner, rita)

        def queries_for_page():
            with query_counter as counter:
                page = owner.get(f"/cleanings/{job.id}")
            # Each offer's link, with the cleaner's one unread message.
            offers = body(page).count("data-thread>")
            assert body(page).count(">1 new</span>") == offers
            return counter.count, offers

        def offer_with_messages():
            cleaner = make_user(app)
            make_offer(app, job, cleaner)
            write(app, job, cleaner, cleaner, "Hi")
            write(app, job, cleaner, rita, "Hello")

        offer_with_messages()
        few, one = queries_for_page()
        for _ in range(6):
            offer_with_messages()
        assert queries_for_page() == (few, 7) and one == 1


def _ids(app) -> list[int]:
    with app.app_context():
        ids = list(db.session.scalars(select(Message.id)))
        db.session.remove()
    return ids


def digest_jobs(app) -> list[dict]:
    """The args of every queued messages.send_digest job."""
    return [args for name, _, args in job_rows(app) if name == "messages.send_digest"]


def make_due(app) -> None:
    """The bundling window has passed: the waiting digests are due, and the
    worker runs them (each queues its email, which `outbox` then sends)."""
    with app.app_context():
        db.session.execute(
            sql(
                "UPDATE procrastinate_jobs SET scheduled_at = now()"
                " WHERE task_name = 'messages.send_digest'"
            )
        )
        db.session.commit()
        db.session.remove()
    run_queue(app)


class TestNotifyingTheOtherSide:
    def test_a_message_notifies_the_other_side_without_an_email_of_its_own(
        self, app, job, rita, carlos, offer, cleaner, owner
    ):
        cleaner.post(thread_url(job), {"body": "Hello"})
        assert notifications_of(app, rita) == [("message_received", carlos.id, job.id)]
        owner.post(thread_url(job), {"body": "Hi"})
        assert notifications_of(app, carlos) == [("message_received", rita.id, job.id)]
        assert emails_to(app, rita) == [] and emails_to(app, carlos) == []

    def test_a_refused_message_notifies_nobody(self, app, job, rita, offer, cleaner):
        assert cleaner.post(thread_url(job), {"body": ""}).status_code == 422
        assert notifications_of(app, rita) == []
        assert digest_jobs(app) == []


class TestBundledEmails:
    def test_messages_within_15_minutes_make_one_email(
        self, app, job, rita, carlos, offer, cleaner, outbox
    ):
        for text_ in ("Are you home at 9?", "Also: any pets?"):
            assert cleaner.post(thread_url(job), {"body": text_}).status_code == 303
        [job_args] = digest_jobs(app)
        assert job_args["recipient_id"] == rita.id
        assert outbox() == []  # it waits for the window to pass
        make_due(app)
        [email] = outbox()
        assert email["To"] == rita.email
        assert job.name in email["Subject"]
        content = email.get_content()
        assert "Are you home at 9?" in content and "Also: any pets?" in content
        assert f"{thread_url(job)}" in content
        assert email["List-Unsubscribe"] and email["List-Unsubscribe-Post"]
        # The next message opens a new window: a new digest, with only it.
        assert cleaner.post(thread_url(job), {"body": "Third"}).status_code == 303
        assert len(digest_jobs(app)) == 1
        make_due(app)
        [_, second] = outbox()
        assert "Third" in second.get_content()
        assert "any pets" not in second.get_content()

    def test_each_side_and_each_thread_bundle_apart(
        self, app, job, rita, carlos, nadia, offer, cleaner, owner
    ):
        make_offer(app, job, nadia)
        cleaner.post(thread_url(job), {"body": "From carlos"})
        owner.post(thread_url(job), {"body": "To carlos"})
        owner.post(thread_url(job, "nadia"), {"body": "To nadia"})
        owner.post(thread_url(job, "nadia"), {"body": "To nadia again"})
        recipients = sorted(args["recipient_id"] for args in digest_jobs(app))
        assert recipients == sorted([rita.id, carlos.id, nadia.id])

    def test_messages_read_on_the_site_are_not_emailed(
        self, app, job, offer, cleaner, owner, outbox
    ):
        assert cleaner.post(thread_url(job), {"body": "Hello"}).status_code == 303
        assert len(digest_jobs(app)) == 1
        owner.get(thread_url(job))
        make_due(app)
        assert outbox() == []

    def test_no_email_for_someone_who_turned_message_emails_off(
        self, app, job, offer, cleaner, owner, outbox
    ):
        settings = owner.get("/account/notifications")
        assert settings.status_code == 200
        choices = {
            name: "y"
            for name in re.findall(r'name="(email_\w+)"[^>]*checked', body(settings))
            if name != "email_message_received"
        }
        assert owner.post("/account/notifications", choices).status_code == 303
        assert cleaner.post(thread_url(job), {"body": "Hello"}).status_code == 303
        assert len(digest_jobs(app)) == 1
        make_due(app)
        assert outbox() == []
