"""/dev/outbox: the emails written to the outbox, newest first, each one
readable with its links clickable; escaped; 404 in production."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from cleaning_app import create_app
from cleaning_app.extensions import db
from cleaning_app.models import User
from cleaning_app.tasks.email import defer_email
from tests.builders import make_user

PASSPHRASE = "a long and unusual passphrase"
ROW = re.compile(r'<tr data-email="([^"]+)">')


def queue_email(app, to, subject, body):
    with app.app_context():
        defer_email(to, subject, body)
        db.session.commit()


def test_the_outbox_lists_emails_newest_first_and_the_link_can_be_clicked(
    app, client, outbox
):
    make_user(app, "older")
    assert client.post("/auth/reset", {"email": "older@example.com"}).status_code == 303
    outbox()  # the worker sends the first before the second is queued
    response = client.post(
        "/auth/register",
        {"email": "nia@example.com", "username": "nia", "password": PASSPHRASE},
    )
    assert response.status_code == 303
    assert len(outbox()) == 2
    page = client.get("/dev/outbox")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.index("Confirm your email address") < html.index("Reset your Phresh")
    assert "nia@example.com" in html and "older@example.com" in html
    newest = ROW.findall(html)[0]
    email = client.get(f"/dev/outbox/{newest}").get_data(as_text=True)
    [link] = re.findall(r'<a href="(http://localhost/auth/verify/[^"]+)">', email)
    client.get(link.removeprefix("http://localhost"))
    with app.app_context():
        verified = select(User.email_verified).where(User.username == "nia")
        assert db.session.scalar(verified)


def test_an_empty_outbox_says_so(client, outbox):
    html = client.get("/dev/outbox").get_data(as_text=True)
    assert "No emails yet" in html


def test_everything_an_email_carries_is_escaped(app, client, outbox):
    queue_email(
        app,
        "x@example.com",
        "<script>alert(1)</script> subject",
        'Hi <img src=x onerror="alert(2)"> see http://example.com/a?b=1&c="><b>x</b>'
        " and javascript:alert(3) and https://phresh.test/ok",
    )
    outbox()
    listing = client.get("/dev/outbox").get_data(as_text=True)
    assert "<script>alert(1)" not in listing
    assert "&lt;script&gt;alert(1)&lt;/script&gt; subject" in listing
    [name] = ROW.findall(listing)
    html = client.get(f"/dev/outbox/{name}").get_data(as_text=True)
    assert "<img" not in html and "<b>x" not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=" in html
    assert '<a href="http://example.com/a?b=1&amp;c=">' in html
    assert '<a href="https://phresh.test/ok">' in html
    assert 'href="javascript' not in html


@pytest.mark.parametrize(
    "name", ["nope.eml", "..%2F..%2Fetc%2Fpasswd", "1-abcdefgh.eml", "1-0000000a.eml"]
)
def test_a_name_that_is_no_outbox_email_is_404(client, outbox, name):
    assert client.get(f"/dev/outbox/{name}").status_code == 404


def test_production_has_no_outbox_page(app, client, outbox, monkeypatch, database_url):
    queue_email(app, "x@example.com", "Secret link", "http://localhost/auth/verify/t")
    outbox()
    [name] = ROW.findall(client.get("/dev/outbox").get_data(as_text=True))
    monkeypatch.setenv("PHRESH_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("FLASK_MAIL_OUTBOX", app.config["MAIL_OUTBOX"])
    production = create_app()
    assert production.config["PRODUCTION"]
    browser = production.test_client()
    assert browser.get("/dev/outbox").status_code == 404
    assert browser.get(f"/dev/outbox/{name}").status_code == 404
    # Off production the same email shows: the 404 is production's alone.
    assert client.get(f"/dev/outbox/{name}").status_code == 200


def test_an_email_appears_in_the_outbox_only_whole(app, client, outbox, monkeypatch):
    """make run's worker writes while /dev/outbox (or a test) reads: at no
    moment is there an .eml file that is not yet all written."""
    seen_while_writing = []
    write_bytes = Path.write_bytes

    def watched_write(path, data):
        seen_while_writing.extend(path.parent.glob("*.eml"))
        seen_while_writing.append(path)
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", watched_write)
    make_user(app, "rita")
    assert client.post("/auth/reset", {"email": "rita@example.com"}).status_code == 303
    [sent] = outbox()
    assert sent["Subject"] == "Reset your Phresh password"
    assert seen_while_writing
    assert not [path for path in seen_while_writing if path.suffix == ".eml"]
