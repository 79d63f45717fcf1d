"""/notifications, marking read, and the unread count every logged-in
page shows in its navigation (CONTRACT "Conversations and notifications")."""

import re

from tests.builders import make_cleaning, make_offer, make_user, more_link, text
from tests.notified import make_notifications, notifications_of

UNREAD = re.compile(r'id="nav-unread">([^<]*)<')


def badge(response) -> str | None:
    """The navigation's unread count as the page shows it, or None."""
    match = UNREAD.search(response.get_data(as_text=True))
    return match.group(1) if match else None


def items(response) -> list[str]:
    return re.findall(
        r'<p class="feed-line"><a href="([^"]+)">([^<]+)</a>',
        response.get_data(as_text=True),
    )


def test_login_is_required(client):
    response = client.get("/notifications")
    assert response.status_code == 302
    assert "/auth/login" in response.location
    assert client.post("/notifications/read").status_code in (302, 303)


def test_the_list_is_newest_first_and_links_each_to_its_job(
    app, owner, job, rita, carlos
):
    make_offer(app, job, carlos)
    dana = make_user(app, "dana")
    other = make_cleaning(app, rita, name="Studio")
    make_notifications(app, rita, carlos, job, 1)
    make_notifications(app, rita, dana, other, 1, kind="offer_cancelled")
    response = owner.get("/notifications")
    assert response.status_code == 200
    assert items(response) == [
        (f"/cleanings/{other.id}", "@dana cancelled their booking of “Studio”"),
        (f"/cleanings/{job.id}", "@carlos made an offer on “Two-bedroom flat”"),
    ]


def test_a_message_links_to_its_thread_on_both_sides(
    app, browser_as, job, rita, carlos
):
    make_offer(app, job, carlos)
    make_notifications(app, rita, carlos, job, 1, kind="message_received")
    make_notifications(app, carlos, rita, job, 1, kind="message_received")
    thread = f"/cleanings/{job.id}/offers/carlos/messages"
    [(owner_link, _)] = items(browser_as(rita).get("/notifications"))
    [(cleaner_link, line)] = items(browser_as(carlos).get("/notifications"))
    assert owner_link == cleaner_link == thread
    assert line == "@rita sent you a message about “Two-bedroom flat”"


def test_load_more_pages_through_everything_once(app, owner, job, rita, carlos):
    make_notifications(app, rita, carlos, job, 25)
    first = owner.get("/notifications")
    assert len(items(first)) == 20
    link = more_link(first, "feed-more")
    assert link is not None
    # With htmx the next page comes as list items to append in place.
    fragment = owner.htmx("get", link)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert "<html" not in html and html.count('class="feed-item') == 5
    second = owner.get(link)
    assert len(items(second)) == 5
    assert more_link(second, "feed-more") is None
    assert "That's everything." in second.get_data(as_text=True)


def test_a_bad_cursor_is_422(owner):
    response = owner.get("/notifications?before=not*a*cursor")
    assert response.status_code == 422
    assert "isn't valid" in text(response)


def test_only_ones_own_notifications_are_listed(app, browser_as, job, rita, carlos):
    make_notifications(app, rita, carlos, job, 3)
    response = browser_as(carlos).get("/notifications")
    assert items(response) == []
    assert "No notifications yet" in response.get_data(as_text=True)


def test_the_badge_counts_unread_on_every_page_and_opening_clears_it(
    app, owner, job, rita, carlos
):
    make_notifications(app, rita, carlos, job, 3)
    for page in ("/", "/cleanings", "/cleanings/mine", f"/cleanings/{job.id}", "/feed"):
        assert badge(owner.get(page)) == "3", page
    opened = owner.get("/notifications")
    # The page still marks which were new, and its own badge is gone.
    assert opened.get_data(as_text=True).count("badge-new") == 3
    assert badge(opened) is None
    assert badge(owner.get("/cleanings/mine")) is None
    assert "badge-new" not in owner.get("/notifications").get_data(as_text=True)


def test_the_badge_stops_counting_at_99_plus(app, owner, job, rita, carlos):
    make_notifications(app, rita, carlos, job, 120)
    assert badge(owner.get("/cleanings/mine")) == "99+"


def test_the_badge_costs_no_query_of_its_own(
    app, owner, job, rita, carlos, query_counter
):
    owner.get("/cleanings/mine")  # warm: the first request loads more
    with query_counter as none_unread:
        assert badge(owner.get("/cleanings/mine")) is None
    make_notifications(app, rita, carlos, job, 30)
    with query_counter as thirty_unread:
        assert badge(owner.get("/cleanings/mine")) == "30"
    assert thirty_unread.count == none_unread.count


def test_mark_all_read_answers_303_back(app, owner, job, rita, carlos):
    make_notifications(app, rita, carlos, job, 2)
    response = owner.post(
        "/notifications/read",
        headers={"Referer": f"http://localhost/cleanings/{job.id}"},
    )
    assert response.status_code == 303
    assert response.location == f"/cleanings/{job.id}"
    assert badge(owner.get("/cleanings/mine")) is None


def test_mark_all_read_needs_the_csrf_token(app, owner, job, rita, carlos):
    make_notifications(app, rita, carlos, job, 2)
    assert owner.post("/notifications/read", csrf=False).status_code == 400
    assert badge(owner.get("/cleanings/mine")) == "2"


def test_reading_leaves_other_users_unread(app, browser_as, job, rita, carlos):
    make_notifications(app, rita, carlos, job, 2)
    make_notifications(app, carlos, rita, job, 1, kind="offer_accepted")
    browser_as(rita).get("/notifications")
    assert badge(browser_as(carlos).get("/cleanings/mine")) == "1"
    assert len(notifications_of(app, carlos)) == 1


def test_anonymous_pages_show_no_badge(client):
    assert 'id="nav-notifications"' not in client.get("/").get_data(as_text=True)


def test_the_page_offers_mark_all_read_as_a_keyed_form(app, owner, job, rita, carlos):
    make_notifications(app, rita, carlos, job, 1)
    page = owner.get("/notifications").get_data(as_text=True)
    form = re.search(r'<form id="mark-read-form".*?</form>', page, re.S).group(0)
    assert 'action="/notifications/read"' in form
    assert 'name="submission_key"' in form and 'name="csrf_token"' in form


def test_the_account_page_links_to_the_email_choices(owner):
    assert 'href="/account/notifications"' in owner.get("/account").get_data(
        as_text=True
    )
