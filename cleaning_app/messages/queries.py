"""Reading a conversation. One statement answers everything a thread's
page or poll needs: whether the offer exists, who its two sides are, its
state, and its messages after a given id. So the thread page costs one
query, and a poll that finds nothing new costs one indexed query (the
offer's key, the users' lower(username) index and ix_messages_cleaning_id_
cleaner_id_id)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import aliased

from ..auth.services import MAY_BE_USERNAME
from ..extensions import db
from ..models import Cleaning, Message, Offer, OfferStatus, User

_Owner = aliased(User)
_Cleaner = aliased(User)
_THREAD = (
    select(
        Cleaning.name.label("cleaning_name"),
        Cleaning.owner_id,
        _Owner.username.label("owner_username"),
        Offer.user_id.label("cleaner_id"),
        _Cleaner.username.label("cleaner_username"),
        Offer.status,
        Offer.message.label("offer_message"),
        Offer.created_at.label("offered_at"),
        Message.id,
        Message.sender_id,
        Message.body,
        Message.created_at,
        Message.read_at,
    )
    .select_from(Offer)
    .join(_Cleaner, _Cleaner.id == Offer.user_id)
    .join(Cleaning, Cleaning.id == Offer.cleaning_id)
    .join(_Owner, _Owner.id == Cleaning.owner_id)
    .outerjoin(
        Message,
        and_(
            Message.cleaning_id == Offer.cleaning_id,
            Message.cleaner_id == Offer.user_id,
            Message.id > bindparam("after"),
        ),
    )
    .where(
        Offer.cleaning_id == bindparam("cleaning_id"),
        func.lower(_Cleaner.username) == bindparam("username"),
    )
    .order_by(Message.id)
)
# Closed threads are read-only; what the page and the refused post say.
CLOSED = {
    OfferStatus.rejected: "This offer was declined, so its conversation is closed.",
    OfferStatus.cancelled: "This offer was cancelled, so its conversation is closed.",
}


@dataclass(frozen=True)
class Entry:
    id: int
    sender_id: int
    body: str
    created_at: datetime
    read_at: datetime | None


@dataclass(frozen=True)
class Thread:
    """One offer's conversation, with its messages after `after`."""

    cleaning_id: int
    cleaning_name: str
    owner_id: int
    owner_username: str
    cleaner_id: int
    cleaner_username: str
    status: OfferStatus
    offer_message: str
    offered_at: datetime
    after: int
    messages: tuple[Entry, ...]

    def has(self, user_id: int) -> bool:
        """Whether the user is one of the thread's two sides."""
        return user_id in (self.owner_id, self.cleaner_id)

    def other_side(self, user_id: int) -> tuple[int, str]:
        """The id and username of the one `user_id` is talking to."""
        if user_id == self.owner_id:
            return self.cleaner_id, self.cleaner_username
        return self.owner_id, self.owner_username

    def unread_for(self, user_id: int) -> list[int]:
        """Ids of the loaded messages the user has not read yet."""
        return [
            m.id for m in self.messages if m.sender_id != user_id and m.read_at is None
        ]

    @property
    def closed(self) -> str | None:
        return CLOSED.get(OfferStatus(self.status))

    @property
    def last_id(self) -> int:
        return self.messages[-1].id if self.messages else self.after


def thread(cleaning_id: int, username: str, after: int = 0) -> Thread | None:
    """The offer of `username` (any case) on the job, with its messages
    after the id `after`, oldest first; None when there is no such offer
    (no job, no such user, or no offer: a rescinded one is gone)."""
    if not MAY_BE_USERNAME.fullmatch(username):
        return None
    params = {"cleaning_id": cleaning_id, "username": username.lower(), "after": after}
    rows = db.session.execute(_THREAD, params).all()
    if not rows:
        return None
    first = rows[0]
    messages = tuple(
        Entry(r.id, r.sender_id, r.body, r.created_at, r.read_at)
        for r in rows
        if r.id is not None
    )
    return Thread(
        cleaning_id=cleaning_id,
        cleaning_name=first.cleaning_name,
        owner_id=first.owner_id,
        owner_username=first.owner_username,
        cleaner_id=first.cleaner_id,
        cleaner_username=first.cleaner_username,
        status=first.status,
        offer_message=first.offer_message,
        offered_at=first.offered_at,
        after=after,
        messages=messages,
    )
