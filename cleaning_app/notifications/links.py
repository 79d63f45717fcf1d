"""Absolute links for emails.

An email to someone else must not take its host from the request that
caused it: whoever sends that request chooses its Host header, and would
choose where the recipient's links point. So PUBLIC_URL decides; without
it (development) the request's host, and in the worker, which has no
request, localhost on make run's port."""

from urllib.parse import quote

from flask import current_app, has_request_context, request, url_for

from ..models import NotificationKind

FALLBACK = "http://localhost:8000"


def base_url() -> str:
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return FALLBACK


def external_url(endpoint: str, **values) -> str:
    with current_app.test_request_context(base_url=base_url()):
        return url_for(endpoint, _external=True, **values)


def external_target(
    kind: str, cleaning_id: int | None, cleaner_username: str | None
) -> str:
    """target_path as an absolute link, for an email."""
    with current_app.test_request_context(base_url=base_url()):
        return request.host_url.rstrip("/") + target_path(
            kind, cleaning_id, cleaner_username
        )


def thread_path(cleaning_id: int, cleaner_username: str) -> str:
    """An offer's conversation (in a request context). The CONTRACT fixes
    the path; the conversations feature sits above this one."""
    name = quote(cleaner_username, safe="")
    return f"{request.script_root}/cleanings/{cleaning_id}/offers/{name}/messages"


def target_path(
    kind: str, cleaning_id: int | None, cleaner_username: str | None
) -> str:
    """Where a notification leads: a message to its thread, the rest to
    their job, and one without a job to the list."""
    if cleaning_id is None:
        return url_for("notifications.index")
    if kind == NotificationKind.message_received and cleaner_username:
        return thread_path(cleaning_id, cleaner_username)
    return url_for("cleanings.show", cleaning_id=cleaning_id)
