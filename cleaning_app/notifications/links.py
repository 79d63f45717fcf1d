"""Links in notifications: on the page (relative) and in emails (absolute).

An email to someone else must not take its host from the request that
caused it: whoever sends that request chooses its Host header, and would
choose where the recipient's links point. So PUBLIC_URL decides; without
it (development) the request's host, and in the worker, which has no
request, localhost on make run's port. Absolute links are built from the
URL map directly: a request context pushed for them would run the app's
teardown handlers in the middle of the caller's transaction."""

from urllib.parse import quote, urlsplit

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
    site = urlsplit(base_url())
    adapter = current_app.url_map.bind(
        site.netloc, script_name=site.path or "/", url_scheme=site.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def thread_path(cleaning_id: int, cleaner_username: str) -> str:
    """An offer's conversation, below the site's root. The CONTRACT fixes
    the path; the conversations feature sits above this one."""
    return (
        f"/cleanings/{cleaning_id}/offers/{quote(cleaner_username, safe='')}/messages"
    )


def _leads_to_thread(kind: str, cleaning_id, cleaner_username) -> bool:
    return (
        kind == NotificationKind.message_received
        and cleaning_id is not None
        and bool(cleaner_username)
    )


def target_path(
    kind: str, cleaning_id: int | None, cleaner_username: str | None
) -> str:
    """Where a notification leads, in a request: a message to its thread,
    the rest to their job, one without a job to the list."""
    if _leads_to_thread(kind, cleaning_id, cleaner_username):
        return request.script_root + thread_path(cleaning_id, cleaner_username)
    if cleaning_id is None:
        return url_for("notifications.index")
    return url_for("cleanings.show", cleaning_id=cleaning_id)


def external_target(
    kind: str, cleaning_id: int | None, cleaner_username: str | None
) -> str:
    """target_path as an absolute link, for an email."""
    if _leads_to_thread(kind, cleaning_id, cleaner_username):
        return base_url() + thread_path(cleaning_id, cleaner_username)
    if cleaning_id is None:
        return external_url("notifications.index")
    return external_url("cleanings.show", cleaning_id=cleaning_id)
