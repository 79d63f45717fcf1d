"""cleaning_app.mail: the outbox without MAIL_SERVER, SMTP with it."""

import logging
import smtplib

import pytest

from cleaning_app.mail import send_mail


class FakeSMTP:
    sent: list = []

    def __init__(self, host, port, timeout=None):
        self.calls = [("connect", host, port)]
        FakeSMTP.instances.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.calls.append(("quit",))

    def starttls(self):
        self.calls.append(("starttls",))

    def login(self, username, password):
        self.calls.append(("login", username, password))

    def send_message(self, message):
        self.calls.append(("send", message["To"], message["Subject"]))


@pytest.fixture
def fake_smtp(monkeypatch):
    FakeSMTP.instances = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(smtplib, "SMTP_SSL", FakeSMTP)
    return FakeSMTP


def smtp_config(monkeypatch, app, **values):
    settings = {
        "MAIL_SERVER": "smtp.example.com",
        "MAIL_PORT": 587,
        "MAIL_USERNAME": "mailer",
        "MAIL_PASSWORD": "smtp-secret",
        **values,
    }
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)


def test_without_a_server_mail_goes_to_the_outbox_and_the_log(app, outbox, caplog):
    with app.app_context(), caplog.at_level(logging.INFO):
        assert send_mail("bob@example.com", "Hello there", "The body, with a link.")
    [message] = outbox()
    assert message["To"] == "bob@example.com"
    assert message["Subject"] == "Hello there"
    assert message["From"] == app.config["MAIL_FROM"]
    assert "The body, with a link." in message.get_content()
    assert "Hello there" in caplog.text and "The body, with a link." in caplog.text


def test_production_logs_never_carry_the_body(app, outbox, caplog, monkeypatch):
    monkeypatch.setitem(app.config, "PRODUCTION", True)
    with app.app_context(), caplog.at_level(logging.INFO):
        assert send_mail("bob@example.com", "Reset", "https://x/auth/reset/TOKEN")
    assert "Reset" in caplog.text and "TOKEN" not in caplog.text
    assert "TOKEN" in outbox()[0].get_content()


def test_outbox_keeps_the_sending_order(app, outbox):
    with app.app_context():
        for n in range(3):
            send_mail("bob@example.com", f"Message {n}", "body")
    assert [m["Subject"] for m in outbox()] == ["Message 0", "Message 1", "Message 2"]


def test_outbox_defaults_to_the_instance_folder(app, monkeypatch, tmp_path):
    monkeypatch.delitem(app.config, "MAIL_OUTBOX")
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    with app.app_context():
        send_mail("bob@example.com", "Hi", "body")
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1


def test_with_a_server_mail_goes_over_smtp_with_starttls(
    app, outbox, fake_smtp, monkeypatch, caplog
):
    smtp_config(monkeypatch, app)
    with app.app_context(), caplog.at_level(logging.DEBUG):
        assert send_mail("bob@example.com", "Hi", "body")
    [smtp] = fake_smtp.instances
    assert smtp.calls == [
        ("connect", "smtp.example.com", 587),
        ("starttls",),
        ("login", "mailer", "smtp-secret"),
        ("send", "bob@example.com", "Hi"),
        ("quit",),
    ]
    assert outbox() == []
    assert "smtp-secret" not in caplog.text


def test_smtp_on_port_25_without_credentials(app, fake_smtp, monkeypatch):
    smtp_config(monkeypatch, app, MAIL_PORT=25, MAIL_USERNAME=None)
    with app.app_context():
        send_mail("bob@example.com", "Hi", "body")
    [smtp] = fake_smtp.instances
    assert [c[0] for c in smtp.calls] == ["connect", "send", "quit"]


def test_a_failing_server_is_logged_not_raised(app, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no server here")

    smtp_config(monkeypatch, app)
    monkeypatch.setattr(smtplib, "SMTP", refuse)
    with app.app_context():
        assert send_mail("bob@example.com", "Hi", "body") is False
    assert "Could not send email" in caplog.text
    assert "smtp-secret" not in caplog.text


def test_registration_survives_a_failing_mail_server(app, client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no server here")

    smtp_config(monkeypatch, app)
    monkeypatch.setattr(smtplib, "SMTP", refuse)
    response = client.post(
        "/auth/register",
        {
            "email": "newbie@example.com",
            "username": "newbie",
            "password": "a long and unusual passphrase",
        },
    )
    assert response.status_code == 303
