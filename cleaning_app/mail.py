"""Outgoing email.

Without `MAIL_SERVER` (make run, tests) each message is written to the log
and as an .eml file into `MAIL_OUTBOX` (default `instance/outbox/`), so a
developer can click the links. With `MAIL_SERVER` set it goes out over SMTP.
"""

import smtplib
import time
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

SMTP_TIMEOUT_SECONDS = 10


def build_message(
    to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def deliver(
    to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> None:
    """Send one plain-text email or raise (OSError, smtplib.SMTPException):
    the queue's send_email task (cleaning_app/tasks/email.py) retries it."""
    message = build_message(to, subject, body, headers)
    if current_app.config.get("MAIL_SERVER"):
        _send_smtp(message)
    else:
        _write_outbox(message)


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text email; True when it was handed over. A failing
    mail server is logged, not raised: the request that sent it has already
    done its real work (the account exists, the token is valid)."""
    try:
        deliver(to, subject, body)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Could not send email %r to %s", subject, to)
        return False
    return True


def outbox_path() -> Path:
    configured = current_app.config.get("MAIL_OUTBOX")
    return Path(configured or Path(current_app.instance_path) / "outbox")


def _write_outbox(message: EmailMessage) -> None:
    outbox = outbox_path()
    outbox.mkdir(parents=True, exist_ok=True)
    # Nanoseconds first, so the files sort in the order they were sent.
    name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
    # Written under another name, then renamed: a reader (/dev/outbox, a
    # test waiting for it) never sees the .eml before it is whole.
    partial = outbox / f".{name}.partial"
    partial.write_bytes(message.as_bytes())
    partial.replace(outbox / name)
    # The body carries one-time links: print it for a developer, never in a
    # production log.
    body = "" if current_app.config.get("PRODUCTION") else message.get_content()
    current_app.logger.info(
        "Email to %s: %s (saved as %s)\n%s",
        message["To"],
        message["Subject"],
        outbox / name,
        body,
    )


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    port = int(config.get("MAIL_PORT") or 587)
    smtp_class = smtplib.SMTP_SSL if port == 465 else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if port == 587:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
    current_app.logger.info("Email to %s sent: %s", message["To"], message["Subject"])
