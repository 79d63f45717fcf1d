"""Email through the queue: `defer_email` in the request's transaction,
the `send_email` task in the worker.

Retries: a mail server that is down, refuses (4xx) or drops the line makes
the task raise, and procrastinate runs it again after 3**n seconds
(RETRY below): 3 s, 9 s, 27 s, 81 s, 4 min, 12 min, 36 min, 1.8 h, 5.5 h
and 16.4 h, ten retries over about 24.6 hours (sum of 3**1..3**10 =
88,572 s). Until then the job waits in the database, so nothing is lost
while the server is down; after the last try the job is kept as failed
(`procrastinate_jobs.status = 'failed'`). A permanent refusal (5xx, every
recipient refused) is not retried: it would fail the same way all day."""

import smtplib

from procrastinate import RetryStrategy

from .. import mail
from .defer import defer
from .queue import app

RETRY = RetryStrategy(
    max_attempts=10,
    exponential_wait=3,
    retry_exceptions=[OSError, smtplib.SMTPException],
)


class PermanentMailError(Exception):
    """The server refused for good: retrying won't help."""


@app.task(name="send_email", retry=RETRY)
def send_email(
    to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> None:
    try:
        mail.deliver(to, subject, body, headers)
    except smtplib.SMTPRecipientsRefused as error:
        raise PermanentMailError(f"Every recipient refused: {error}") from error
    except smtplib.SMTPResponseException as error:
        if error.smtp_code >= 500:
            raise PermanentMailError(f"Refused ({error.smtp_code})") from error
        raise


def defer_email(
    to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> int:
    """Queue one plain-text email in the current transaction: it is sent
    once that commits, and never if it rolls back."""
    return defer(send_email, to=to, subject=subject, body=body, headers=headers)
