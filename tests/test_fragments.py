"""Kept pieces of pages (cleaning_app/fragments.py): a piece drawn once is
read back only while everything it shows is unchanged."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from cleaning_app import fragments
from cleaning_app.cleanings import booking
from cleaning_app.extensions import db
from cleaning_app.models import Activity, Cleaning, Message
from tests.builders import (
    body,
    make_activity,
    make_cleaning,
    make_evaluation,
    make_offer,
    make_user,
    text,
)


def shown(response) -> str:
    """The page's words as a reader sees them: no tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def test_my_jobs_row_follows_its_offers_and_edits(app, rita, owner, job):
    assert "0 pending of 0 offers" in shown(owner.get("/cleanings/mine"))
    make_offer(app, job, make_user(app, "carlos"))
    assert "1 pending of 1 offer" in shown(owner.get("/cleanings/mine"))
    with app.app_context():
        db.session.execute(
            update(Cleaning).where(Cleaning.id == job.id).values(name="Three-bed house")
        )
        db.session.commit()
    page = shown(owner.get("/cleanings/mine"))
    assert "Three-bed house" in page and "Two-bedroom flat" not in page


def test_my_jobs_row_follows_the_clock(app, rita, owner, monkeypatch):
    make_cleaning(app, rita, minutes_ago=5, name="Oven clean")
    assert "5 minutes ago" in shown(owner.get("/cleanings/mine"))
    _move_clock(monkeypatch, timedelta(hours=2))
    page = shown(owner.get("/cleanings/mine"))
    assert "2 hours ago" in page and "5 minutes ago" not in page


def test_feed_entry_follows_the_clock_and_its_row(app, rita, owner, job, monkeypatch):
    moment = datetime.now(UTC) - timedelta(minutes=3)
    event = make_activity(app, rita, job, created_at=moment)
    assert "3 minutes ago" in shown(owner.get("/feed"))
    _move_clock(monkeypatch, timedelta(days=2))
    assert "2 days ago" in shown(owner.get("/feed"))
    monkeypatch.undo()
    with app.app_context():
        db.session.execute(
            update(Activity)
            .where(Activity.id == event.id)
            .values(created_at=moment - timedelta(hours=5))
        )
        db.session.commit()
    assert "5 hours ago" in shown(owner.get("/feed"))


def test_the_store_is_emptied_when_the_day_changes(app, monkeypatch):
    """A date shows its year only when it isn't this year's, and no key
    holds the year: the store starts afresh each local day."""
    store = fragments.FragmentStore()
    drawn = []

    def draw():
        drawn.append(1)
        return f"piece {len(drawn)}"

    with app.app_context():  # the site's time zone
        assert store.get_or_draw(("k",), draw) == "piece 1"
        assert store.get_or_draw(("k",), draw) == "piece 1"
        tomorrow = booking.now() + timedelta(days=1)
        monkeypatch.setattr(booking, "now", lambda: tomorrow)
        assert store.get_or_draw(("k",), draw) == "piece 2"


def test_the_store_is_emptied_when_full(app, monkeypatch):
    monkeypatch.setattr(fragments, "MAX_ENTRIES", 2)
    store = fragments.FragmentStore()
    with app.app_context():
        for key in ("a", "b", "c"):
            store.get_or_draw((key,), lambda key=key: key)
    assert list(store.entries) == [("c",)]


def _move_clock(monkeypatch, by: timedelta) -> None:
    """The site's clock moved on by `by`."""
    monkeypatch.setattr(booking, "now", lambda: datetime.now(UTC) + by)


def test_offer_row_follows_messages_and_reviews(app, rita, carlos, owner, job):
    make_offer(app, job, carlos, message="Free on Monday.")
    page = shown(owner.get(f"/cleanings/{job.id}"))
    assert "No reviews yet" in page and " new" not in page
    with app.app_context():
        db.session.add(
            Message(
                cleaning_id=job.id, cleaner_id=carlos.id, sender_id=carlos.id, body="Hi"
            )
        )
        db.session.commit()
    other = make_cleaning(app, make_user(app, "nadia"))
    make_evaluation(app, other, carlos, overall_rating=4)
    page = shown(owner.get(f"/cleanings/{job.id}"))
    assert "Messages 1 new" in page
    assert "4.0 (1 review)" in page and "No reviews yet" not in page


def _form_fields(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the page's first form whose action ends with
    `action`."""
    form = re.search(rf'<form[^>]*action="[^"]*{action}".*?</form>', page, re.S)
    return dict(re.findall(r'name="([a-z_]+)" value="([^"]+)"', form.group(0)))


def test_kept_offer_row_still_gets_a_new_reject_key(app, rita, carlos, owner, job):
    """The Reject form is kept with its row, its CSRF token and submission
    key left as holes: each page fills them with its reader's own."""
    make_offer(app, job, carlos)
    pages = [body(owner.get(f"/cleanings/{job.id}")) for _ in range(2)]
    forms = [_form_fields(page, "/reject") for page in pages]
    assert forms[0]["submission_key"] != forms[1]["submission_key"]
    for page, form in zip(pages, forms, strict=True):
        # This request's token: the one htmx sends from the page's header.
        assert f'"X-CSRFToken": "{form["csrf_token"]}"' in page
    assert "\x00" not in pages[1]
    # The form posts as drawn for the second page.
    response = owner.post(f"/cleanings/{job.id}/offers/carlos/reject", data=forms[1])
    assert response.status_code == 303
    assert 'data-status="rejected"' in body(owner.get(f"/cleanings/{job.id}"))


def test_kept_navigation_logs_each_reader_out(app, rita, owner, browser_as):
    """Two browsers of the same user share the kept navigation; each one's
    logout form carries its own session's token and logs out only it."""
    other = browser_as(rita)
    pages = [body(browser.get("/feed")) for browser in (owner, other)]
    forms = [_form_fields(page, "/auth/logout") for page in pages]
    assert forms[0]["csrf_token"] != forms[1]["csrf_token"]
    assert other.post("/auth/logout", data=forms[1]).status_code == 303
    assert other.get("/feed").status_code == 302
    assert owner.get("/feed").status_code == 200


def test_a_piece_that_writes_a_key_itself_is_refused(app):
    """A submission key written into a kept piece would go to every later
    reader: drawing such a piece fails instead."""
    template = app.jinja_env.from_string(
        '{% call fragment("bad") %}'
        '<input type="hidden" name="submission_key" value="{{ key }}">'
        "{% endcall %}"
    )
    with app.test_request_context("/"), pytest.raises(RuntimeError, match="hole"):
        template.render(key="0f0e4c1a-0000-4000-8000-000000000000")


def test_kept_links_follow_the_script_root(rita, owner, job):
    """Built links and kept pieces are kept by their script root too: an
    app mounted under a prefix links under it, the rows of My jobs too."""
    mounted = body(owner.get("/cleanings/mine", base_url="http://localhost/phresh"))
    assert 'href="/phresh/cleanings/new"' in mounted
    assert f'href="/phresh/cleanings/{job.id}"' in mounted
    plain = body(owner.get("/cleanings/mine"))
    assert 'href="/cleanings/new"' in plain and f'href="/cleanings/{job.id}"' in plain
    assert "/phresh/" not in plain


def test_job_page_parts_follow_edits_and_the_reader(app, rita, owner, cleaner):
    job = make_cleaning(
        app, rita, name="Spring clean", description="Windows too.", address="1 Elm Row"
    )
    page = shown(owner.get(f"/cleanings/{job.id}"))
    assert "Windows too." in page and "1 Elm Row" in page
    assert "1 Elm Row" not in shown(cleaner.get(f"/cleanings/{job.id}"))
    with app.app_context():
        db.session.execute(
            update(Cleaning)
            .where(Cleaning.id == job.id)
            .values(name="Autumn clean", description="Gutters too.")
        )
        db.session.commit()
    page = shown(owner.get(f"/cleanings/{job.id}"))
    assert "Autumn clean" in page and "Gutters too." in page
    assert "Spring clean" not in page and "Windows too." not in page
    assert "Last updated" in page
