"""Reading offers for the pages: each function costs a fixed number of
queries, whatever the number of offers. Ratings belong to evaluations,
above offers: the view looks them up and hands them to `JobPanel.rated`."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import contains_eager, joinedload

from ..cleanings import booking
from ..cleanings.queries import takes_offers
from ..extensions import db
from ..models import (
    Cleaning,
    ClientReview,
    Message,
    Offer,
    OfferStatus,
    Profile,
    User,
)
from ..prepared import prepared


@dataclass(frozen=True)
class OfferRow:
    # The API's offer_rows: an Offer with its cleaner and their profile
    # loaded. The owner's table: a Core row of what the table shows (_TABLE).
    offer: Any
    rating: Any = None  # the cleaner's evaluations.stats.RatingSummary


@dataclass(frozen=True)
class Contact:
    """The other side of an accepted offer, whose phone number may be shown."""

    username: str
    full_name: str
    phone_number: str


@dataclass(frozen=True)
class JobPanel:
    """What the offers part of a job page shows to one viewer. `role` is
    "owner", "cleaner" (any other logged-in user) or "visitor"."""

    role: str
    cleaning: Cleaning
    is_open: bool = True
    rows: tuple[OfferRow, ...] = ()
    mine: Offer | None = None
    contact: Contact | None = None
    # The hired cleaner's panel: whether they reviewed the resident yet.
    reviewed_client: bool = False
    # A cleaner's panel: the owner's messages in their thread not read yet.
    # (The owner's rows carry theirs, one count per offer, as `unread`.)
    unread: int = 0

    @property
    def accepted(self) -> OfferRow | None:
        return next((r for r in self.rows if r.offer.is_taken), None)

    @property
    def expired(self) -> bool:
        """Nobody hired and the start passed: no offer can be accepted
        (services.accept_refusal) until the owner moves the date."""
        return self.accepted is None and booking.is_expired(self.cleaning.starts_at)

    @property
    def can_rate(self) -> bool:
        """The job is done (or undated): the two sides may review each other."""
        return booking.can_rate(self.cleaning)

    @property
    def can_mark_done(self) -> bool:
        """The hired cleaner's "Mark done": after the start, until done."""
        hired = self.mine is not None and self.mine.is_taken
        started = booking.has_started(self.cleaning.starts_at)
        return hired and started and self.cleaning.done_at is None

    @property
    def cleaner_ids(self) -> set[int]:
        return {row.offer.user_id for row in self.rows}

    def rated(self, ratings: Mapping[int, Any]) -> "JobPanel":
        """The same panel, each row with its cleaner's rating."""
        rows = tuple(replace(r, rating=ratings[r.offer.user_id]) for r in self.rows)
        return replace(self, rows=rows)


def job_panel(cleaning: Cleaning, viewer, is_open: bool | None = None) -> JobPanel:
    """A fixed number of queries, however many offers; pass `is_open` when
    the caller already knows whether the job takes offers (takes_offers)."""
    signed_in = getattr(viewer, "is_authenticated", False)
    if signed_in and viewer.id == cleaning.owner_id:
        return _owner_panel(cleaning)
    if is_open is None:
        is_open = takes_offers(cleaning)
    if not signed_in:
        return JobPanel("visitor", cleaning, is_open=is_open)
    return _cleaner_panel(cleaning, viewer, is_open)


# The job page's statements, built once: building one and its cache key
# anew cost more CPU than the query.
_OFFER_ROWS = (
    select(Offer)
    .join(Offer.user)
    .options(contains_eager(Offer.user).joinedload(User.profile))
    .where(Offer.cleaning_id == bindparam("cleaning_id"))
    .order_by(Offer.created_at, Offer.user_id)
)


def _unread(from_cleaner: bool):
    """The offer's thread's unread messages from one side, as a correlated
    count in the offer's own query (ix_messages_cleaning_id_cleaner_id_id):
    a page of offers costs no query more."""
    sender = Message.sender_id == Offer.user_id
    return (
        select(func.count())
        .where(
            Message.cleaning_id == Offer.cleaning_id,
            Message.cleaner_id == Offer.user_id,
            Message.read_at.is_(None),
            sender if from_cleaner else ~sender,
        )
        .correlate(Offer)
        .scalar_subquery()
    )


_OFFER_OF = prepared(
    select(Offer, _unread(from_cleaner=False).label("unread")).where(
        Offer.cleaning_id == bindparam("cleaning_id"),
        Offer.user_id == bindparam("user_id"),
    )
)
# The owner's table as Core rows of the columns it shows, the cleaner's
# name and phone joined in: ORM objects for each offer, cleaner and profile
# cost more CPU than the query. The cleaners' ratings come from evaluations,
# above offers, so the view asks for them in a query of their own.
_TABLE = prepared(
    select(
        Offer.user_id,
        Offer.status,
        Offer.message,
        Offer.created_at,
        Offer.is_taken.label("is_taken"),
        User.username,
        Profile.full_name,
        Profile.phone_number,
        _unread(from_cleaner=True).label("unread"),
    )
    .join(User, User.id == Offer.user_id)
    .outerjoin(Profile, Profile.user_id == User.id)
    .where(Offer.cleaning_id == bindparam("cleaning_id"))
    .order_by(Offer.created_at, Offer.user_id)
)
_USER_WITH_PROFILE = (
    select(User).options(joinedload(User.profile)).where(User.id == bindparam("id"))
)


def offer_rows(cleaning_id: int) -> tuple[OfferRow, ...]:
    """Every offer on the job, oldest first, with its cleaner: one query."""
    offers = db.session.scalars(_OFFER_ROWS, {"cleaning_id": cleaning_id}).all()
    return tuple(OfferRow(o) for o in offers)


@dataclass(frozen=True)
class AcceptPreview:
    """What accepting one offer would do: the offer, the job's accepted or
    completed offer if it has one, and how many other pending offers the
    accept would decline."""

    offer: Offer  # its cleaner is loaded
    taken: Offer | None
    others_pending: int


def accept_preview(cleaning_id: int, username: str) -> AcceptPreview | None:
    """None when `username` (ignoring case) has no offer on the job: one query."""
    offers = db.session.scalars(
        select(Offer)
        .join(Offer.user)
        .options(contains_eager(Offer.user))
        .where(Offer.cleaning_id == cleaning_id)
    ).all()
    wanted = username.lower()
    offer = next((o for o in offers if o.user.username.lower() == wanted), None)
    if offer is None:
        return None
    others = sum(
        1 for o in offers if o is not offer and o.status == OfferStatus.pending
    )
    taken = next((o for o in offers if o.is_taken), None)
    return AcceptPreview(offer, taken, others)


def _owner_panel(cleaning: Cleaning) -> JobPanel:
    found = db.session.execute(_TABLE, {"cleaning_id": cleaning.id})
    rows = tuple(OfferRow(row) for row in found)
    panel = JobPanel("owner", cleaning, rows=rows)
    accepted = panel.accepted
    if accepted is None:
        return panel
    hired = accepted.offer
    contact = Contact(hired.username, hired.full_name or "", hired.phone_number or "")
    return JobPanel("owner", cleaning, False, rows, contact=contact)


def _cleaner_panel(cleaning: Cleaning, viewer, is_open: bool) -> JobPanel:
    found = db.session.execute(
        _OFFER_OF, {"cleaning_id": cleaning.id, "user_id": viewer.id}
    ).first()
    mine, unread = found if found is not None else (None, 0)
    if mine is not None and mine.is_taken:
        owner = db.session.scalar(_USER_WITH_PROFILE, {"id": cleaning.owner_id})
        profile = owner.profile
        contact = Contact(
            owner.username,
            profile.full_name if profile else "",
            profile.phone_number if profile else "",
        )
        reviewed = db.session.get(ClientReview, cleaning.id) is not None
        return JobPanel(
            "cleaner",
            cleaning,
            False,
            mine=mine,
            contact=contact,
            reviewed_client=reviewed,
            unread=unread,
        )
    return JobPanel("cleaner", cleaning, is_open, mine=mine, unread=unread)


def offers_by(user_id: int) -> list[Offer]:
    """The user's own offers, newest first, each with its job: one query."""
    return list(
        db.session.scalars(
            select(Offer)
            .join(Offer.cleaning)
            .options(contains_eager(Offer.cleaning))
            .where(Offer.user_id == user_id)
            .order_by(Offer.created_at.desc(), Offer.cleaning_id.desc())
        )
    )
