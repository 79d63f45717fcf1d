"""The feed's keyset cursor: an opaque, URL-safe token for one event's place.

It encodes (created_at, id) as base64url of "<microseconds since epoch>_<id>".
The id breaks ties, so events sharing a timestamp are neither skipped nor
repeated. Microseconds keep the full precision of `timestamptz`.
"""

import base64
import binascii
import re
from datetime import UTC, datetime, timedelta

from ..models import MAX_BIGINT

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)
TOKEN = re.compile(r"[A-Za-z0-9_-]{4,64}")
PLAIN = re.compile(r"([0-9]{1,18})_([0-9]{1,19})")


class BadCursor(ValueError):
    """The cursor was not one this app made (garbage, tampered, out of range)."""


def encode(created_at: datetime, activity_id: int) -> str:
    micros = (created_at - EPOCH) // ONE_MICROSECOND
    raw = f"{micros}_{activity_id}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(token: str) -> tuple[datetime, int]:
    if not TOKEN.fullmatch(token):
        raise BadCursor(token)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        match = PLAIN.fullmatch(raw.decode("ascii"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadCursor(token) from error
    if not match:
        raise BadCursor(token)
    micros, activity_id = int(match[1]), int(match[2])
    try:
        created_at = EPOCH + micros * ONE_MICROSECOND
    except OverflowError as error:
        raise BadCursor(token) from error
    if activity_id > MAX_BIGINT:  # activities.id is a bigint
        raise BadCursor(token)
    return created_at, activity_id
