"""Minting a form's key and binding it to the browser it was given to.

The key is a uuid4 in a hidden field. On its own it proves nothing, so it
counts only as an HMAC under a random secret kept in this browser's session
(`SESSION_ENTRY`): another browser posting the same key gets no replay. The
secret outlives login and logout, which otherwise clear the session, so a
form posted again across them still finds its first answer. The CSRF
secret, by contrast, still changes at each login and logout.
"""

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import g, request, session
from markupsafe import Markup

FIELD = "submission_key"
SESSION_ENTRY = "submission_secret"
_UUID4 = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)


@dataclass
class Claim:
    """The key this request holds, kept on `g` while the view runs."""

    key: str
    digest: str
    # The login token the request came with: a different one at the end
    # means the request logged someone in.
    started_as: str | None
    committed: bool = False


def hold(claim: Claim) -> None:
    g.submission_claim = claim


def current_claim() -> Claim | None:
    return g.get("submission_claim")


def posted_digest() -> tuple[str, str] | None:
    """The posted key and its hash for this browser; None when there is no
    well-formed key or the browser was never given one (no secret)."""
    key = request.form.get(FIELD, "")
    secret = session.get(SESSION_ENTRY)
    if not _UUID4.fullmatch(key) or not isinstance(secret, str):
        return None
    digest = hmac.new(secret.encode(), key.encode(), hashlib.sha256).hexdigest()
    return key, digest


def hidden_field(action: str) -> Markup:
    """The hidden input for a form posting to `action`. When this page
    answers a failed post of that same form, the form keeps its key, so an
    older copy of the page and this one still count as one submission."""
    # A page may hold many forms (a row of Reject buttons, the logout form
    # on every page): the secret is minted only when missing, not each time.
    if session.get(SESSION_ENTRY) is None:
        session[SESSION_ENTRY] = secrets.token_urlsafe(32)
    claim = current_claim()
    if claim and not claim.committed and urlsplit(action).path == request.path:
        key = claim.key
    else:
        key = str(uuid.uuid4())
    # A uuid4 (a claim's key was checked as one when posted): nothing to
    # escape, and a job page fills twenty of these a request.
    return Markup(f'<input type="hidden" name="{FIELD}" value="{key}">')  # noqa: S704


def clear_session() -> None:
    """`session.clear()` for login and logout, keeping the key secret."""
    secret = session.get(SESSION_ENTRY)
    session.clear()
    if secret:
        session[SESSION_ENTRY] = secret
