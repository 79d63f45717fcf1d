"""The database tables. Rules the database can enforce live here as
constraints; the migrations create exactly what these classes describe."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from flask_login import UserMixin
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

# The largest value of an `integer` and of a `bigint` column: an id past it
# names no row, and a query's typed parameter would refuse it.
MAX_INTEGER = 2**31 - 1
MAX_BIGINT = 2**63 - 1


class Timestamps:
    """`updated_at` is set by the `set_updated_at` trigger, never by Python."""

    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Labelled(enum.StrEnum):
    """A string enum whose members carry what people read: a short `label`
    (a badge, a choice) and a longer `description`."""

    label: str
    description: str

    def __new__(cls, value: str, label: str, description: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.description = description
        return member


class CleaningType(Labelled):
    dust_up = (
        "dust_up",
        "Dust Up",
        "A quick tidy: dusting, wiping surfaces, a vacuum.",
    )
    spot_clean = (
        "spot_clean",
        "Spot Clean",
        "Focused work on the rooms or spots you name.",
    )
    full_clean = (
        "full_clean",
        "Deep Clean",
        "Top to bottom: every room, inside and behind.",
    )


class OfferStatus(Labelled):
    """An offer's state; the description is what the cleaner who made the
    offer reads about it. TRANSITIONS (below) says how one becomes another."""

    pending = "pending", "Pending", "Offer pending"
    accepted = "accepted", "Accepted", "Offer accepted"
    rejected = "rejected", "Rejected", "Offer rejected"
    cancelled = "cancelled", "Cancelled", "Offer cancelled"
    completed = "completed", "Completed", "Job completed"

    # An offer in one of these states means its job has found its cleaner.
    TAKEN: ClassVar[tuple[OfferStatus, ...]]

    @property
    def is_taken(self) -> bool:
        return self in OfferStatus.TAKEN


OfferStatus.TAKEN = (OfferStatus.accepted, OfferStatus.completed)


@dataclass(frozen=True)
class Transition:
    """One guarded status change: allowed only from `source`; `target` None
    means the offer is deleted."""

    source: OfferStatus
    target: OfferStatus | None


# Every status change an offer can go through, by the use case that makes
# it. The offers and evaluations services change a status only through it.
#
#     pending ──accept──▶ accepted ──complete──▶ completed
#        │  ╲                 │
#     rescind  reject      cancel (its job's rejected offers reopen)
#     (deleted)  ╲            ▼
#                rejected   cancelled
TRANSITIONS = {
    "accept": Transition(OfferStatus.pending, OfferStatus.accepted),
    "reject": Transition(OfferStatus.pending, OfferStatus.rejected),
    "rescind": Transition(OfferStatus.pending, None),
    "cancel": Transition(OfferStatus.accepted, OfferStatus.cancelled),
    "complete": Transition(OfferStatus.accepted, OfferStatus.completed),
    # What an accept does to the job's other pending offers, and a cancel
    # to the ones declined because of it.
    "decline": Transition(OfferStatus.pending, OfferStatus.rejected),
    "reopen": Transition(OfferStatus.rejected, OfferStatus.pending),
}


class Role(Labelled):
    """What a user is here for ("I'm here to ..."); the description is the
    navigation's promise to them."""

    hire = "hire", "Find a cleaner", "Post jobs and choose who cleans"
    clean = "clean", "Find cleaning work", "Offer on jobs and get invited"
    both = "both", "Both", "Hire cleaners and take cleaning work"

    @property
    def cleans(self) -> bool:
        return self is not Role.hire

    @property
    def hires(self) -> bool:
        return self is not Role.clean


class Weekday(Labelled):
    mon = "mon", "Mon", "Monday"
    tue = "tue", "Tue", "Tuesday"
    wed = "wed", "Wed", "Wednesday"
    thu = "thu", "Thu", "Thursday"
    fri = "fri", "Fri", "Friday"
    sat = "sat", "Sat", "Saturday"
    sun = "sun", "Sun", "Sunday"


class ActivityKind(enum.StrEnum):
    cleaning_posted = "cleaning_posted"
    cleaning_updated = "cleaning_updated"
    offer_accepted = "offer_accepted"
    cleaning_completed = "cleaning_completed"


def _in_set(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


def _string_enum(values: type[enum.StrEnum]) -> Enum:
    """Members in Python, a VARCHAR(20) of their values in the database,
    where the table's own named CHECK keeps the set (no ENUM type)."""
    return Enum(
        values,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda members: [m.value for m in members],
    )


class User(UserMixin, Timestamps, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        Index("uq_users_lower_username", func.lower(text("username")), unique=True),
        Index("uq_users_lower_email", func.lower(text("email")), unique=True),
        CheckConstraint(_in_set("role", Role), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(320))
    email_verified: Mapped[bool] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    password: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(
        Boolean, server_default=text("true"), default=True
    )
    is_superuser: Mapped[bool] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )

    role: Mapped[Role] = mapped_column(
        _string_enum(Role), server_default=Role.hire.value, default=Role.hire
    )

    profile: Mapped[Profile] = relationship(back_populates="user", uselist=False)
    cleaner_profile: Mapped[CleanerProfile | None] = relationship(
        back_populates="user", uselist=False
    )

    # Set by the login code (not a column): the session this request rides on.
    session_token = None
    # Set with it: the navigation's unread notifications (at most
    # notifications.queries.COUNT_CAP).
    unread_notifications = 0

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_authenticated(self) -> bool:
        """True: a User stands for someone logged in only when a live
        session or token of an active account loaded it (auth/sessions.py,
        auth/bearer.py's callers refuse the rest), or the login did, having
        checked. Flask-Login's default asks `is_active`, which after the
        login's commit would load the user again."""
        return True


class UserSession(Timestamps, db.Model):
    """A server-side record of each login, so logging out, changing the
    password or deactivating an account really ends the cookie's power."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # Every login ends 30 days after it began; one without remember-me
    # ends sooner, after 14 days without a visit (auth/sessions.py).
    remember: Mapped[bool] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    expires_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now() + interval '30 days'")
    )
    last_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class ApiToken(Timestamps, db.Model):
    """A JSON API bearer token (auth/bearer.py): only its SHA-256 is kept,
    so a copy of this table authenticates nobody."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Profile(Timestamps, db.Model):
    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    full_name: Mapped[str] = mapped_column(String(100), server_default="", default="")
    phone_number: Mapped[str] = mapped_column(String(30), server_default="", default="")
    bio: Mapped[str] = mapped_column(Text, server_default="", default="")
    image: Mapped[str] = mapped_column(Text, server_default="", default="")

    user: Mapped[User] = relationship(back_populates="profile")


def _array_in(column: str, values: type[enum.StrEnum]) -> str:
    members = ", ".join(repr(v.value) for v in values)
    return f"{column} <@ ARRAY[{members}]::text[]"


class CleanerProfile(Timestamps, db.Model):
    """What a cleaner offers (CONTRACT "Cleaners: directory and
    invitations"). The row is written once a cleaner fills the fields in,
    so services, rate and areas are never empty; it outlives the role (a
    user who stops cleaning keeps it, and `users.role` alone takes them out
    of the directory). Migration 0016 creates `cleaner_areas_ok`."""

    __tablename__ = "cleaner_profiles"
    __table_args__ = (
        CheckConstraint(
            "array_ndims(services) = 1 AND cardinality(services) BETWEEN 1 AND 3"
            f" AND {_array_in('services', CleaningType)}",
            name="services_known",
        ),
        CheckConstraint(
            "hourly_rate > 0 AND hourly_rate < 100000", name="hourly_rate_range"
        ),
        CheckConstraint(
            "array_ndims(areas) = 1 AND cardinality(areas) BETWEEN 1 AND 5"
            " AND cleaner_areas_ok(areas)",
            name="areas_entries",
        ),
        CheckConstraint(
            "cardinality(available_days) <= 7"
            f" AND {_array_in('available_days', Weekday)}",
            name="available_days_known",
        ),
        # The directory's filters and rate sort (cleaners/queries.py),
        # migration 0017, which also creates `cleaner_areas_text`.
        Index(
            "ix_cleaner_profiles_areas_trgm",
            func.cleaner_areas_text(text("areas")).label("areas_text"),
            postgresql_using="gin",
            postgresql_ops={"areas_text": "gin_trgm_ops"},
        ),
        Index("ix_cleaner_profiles_services", "services", postgresql_using="gin"),
        Index(
            "ix_cleaner_profiles_available_days",
            "available_days",
            postgresql_using="gin",
        ),
        Index("ix_cleaner_profiles_hourly_rate_user_id", "hourly_rate", "user_id"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Values of CleaningType and Weekday, in their declared order.
    services: Mapped[list[str]] = mapped_column(ARRAY(Text))
    hourly_rate: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    # As the cleaner typed them (trimmed), unique ignoring case.
    areas: Mapped[list[str]] = mapped_column(ARRAY(Text))
    available_days: Mapped[list[str]] = mapped_column(
        ARRAY(Text), server_default="{}", default=list
    )

    user: Mapped[User] = relationship(back_populates="cleaner_profile")


class Cleaning(Timestamps, db.Model):
    __tablename__ = "cleanings"
    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint(_in_set("cleaning_type", CleaningType), name="cleaning_type"),
        Index("ix_cleanings_created_at_id", text("created_at DESC"), text("id DESC")),
        # Edited jobs, newest edit first: the API feed's `is_update` events.
        Index(
            "ix_cleanings_edited_updated_at_id",
            text("updated_at DESC"),
            text("id DESC"),
            postgresql_where=text("updated_at <> created_at"),
        ),
        Index("ix_cleanings_price_id", "price", "id"),
        CheckConstraint(
            "hours BETWEEN 1 AND 12 AND hours * 2 = trunc(hours * 2)",
            name="hours_half_steps",
        ),
        CheckConstraint("bedrooms BETWEEN 0 AND 20", name="bedrooms_range"),
        CheckConstraint("bathrooms BETWEEN 1 AND 20", name="bathrooms_range"),
        CheckConstraint("char_length(area) BETWEEN 2 AND 80", name="area_length"),
        CheckConstraint("done_at >= starts_at", name="done_after_start"),
        Index("ix_cleanings_owner_id", "owner_id"),
        # The listing's `q` (ILIKE '%word%'): trigram indexes, migration 0005.
        Index(
            "ix_cleanings_name_trgm",
            "name",
            postgresql_using="gin",
            postgresql_ops={"name": "gin_trgm_ops"},
        ),
        Index(
            "ix_cleanings_description_trgm",
            "description",
            postgresql_using="gin",
            postgresql_ops={"description": "gin_trgm_ops"},
        ),
        # The listing's start, undated jobs last (cleanings/queries.py
        # `_start`): not expired, from/to and soonest; migration 0012.
        Index(
            "ix_cleanings_start_id",
            text("coalesce(starts_at, 'infinity'::timestamptz)"),
            "id",
        ),
        # The listing's `area` (ILIKE '%text%'), migration 0012.
        Index(
            "ix_cleanings_area_trgm",
            "area",
            postgresql_using="gin",
            postgresql_ops={"area": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, server_default="", default="")
    cleaning_type: Mapped[CleaningType] = mapped_column(
        _string_enum(CleaningType), server_default=CleaningType.spot_clean.value
    )
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The booking (CONTRACT "Bookings"). NULL on jobs posted before these
    # existed and on API jobs without them: "Date to be agreed", never expired.
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hours: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    area: Mapped[str | None] = mapped_column(String(80))
    # Private: only the owner and the hired cleaner see it.
    address: Mapped[str] = mapped_column(String(200), server_default="", default="")
    bedrooms: Mapped[int | None] = mapped_column(SmallInteger)
    bathrooms: Mapped[int | None] = mapped_column(SmallInteger)
    # Set when the hired cleaner marks the job done (never before its start).
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    owner: Mapped[User] = relationship()


class Offer(Timestamps, db.Model):
    __tablename__ = "offers"
    __table_args__ = (
        CheckConstraint(_in_set("status", OfferStatus), name="status"),
        # At most one offer per job may be accepted or completed.
        Index(
            "uq_offers_one_accepted_per_cleaning",
            "cleaning_id",
            unique=True,
            postgresql_where=text("status IN ('accepted', 'completed')"),
        ),
        Index("ix_offers_user_id", "user_id"),
        # A cleaner's jobs done (the directory's cards and sort), migration 0017.
        Index(
            "ix_offers_user_id_completed",
            "user_id",
            postgresql_where=text("status = 'completed'"),
        ),
    )

    cleaning_id: Mapped[int] = mapped_column(
        ForeignKey("cleanings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[OfferStatus] = mapped_column(
        _string_enum(OfferStatus), server_default=OfferStatus.pending.value
    )
    message: Mapped[str] = mapped_column(Text, server_default="", default="")

    cleaning: Mapped[Cleaning] = relationship()
    user: Mapped[User] = relationship()

    @hybrid_property
    def is_taken(self) -> bool:
        """Accepted or completed: this offer's cleaner has the job. In SQL
        the partial unique index answers it."""
        return OfferStatus(self.status).is_taken

    @is_taken.inplace.expression
    @classmethod
    def _is_taken(cls):
        return cls.status.in_(OfferStatus.TAKEN)


class Invitation(Timestamps, db.Model):
    """A job's owner asks a cleaner to offer on it (cleaning_app/invitations).
    At most 10 per job, counted under the job's row lock by the service."""

    __tablename__ = "invitations"
    __table_args__ = (Index("ix_invitations_cleaner_id", "cleaner_id"),)

    cleaning_id: Mapped[int] = mapped_column(
        ForeignKey("cleanings.id", ondelete="CASCADE"), primary_key=True
    )
    cleaner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


def _rating(name: str) -> CheckConstraint:
    return CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_range")


class Evaluation(Timestamps, db.Model):
    __tablename__ = "evaluations"
    __table_args__ = (
        # An evaluation is always of a real offer; the offer (and so the job)
        # cannot be deleted while its evaluation exists.
        ForeignKeyConstraint(
            ["cleaning_id", "cleaner_id"],
            ["offers.cleaning_id", "offers.user_id"],
            ondelete="RESTRICT",
            name="fk_evaluations_offer",
        ),
        _rating("overall_rating"),
        _rating("professionalism"),
        _rating("completeness"),
        _rating("efficiency"),
        Index("ix_evaluations_cleaner_id_created_at", "cleaner_id", "created_at"),
    )

    cleaning_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cleaner_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    overall_rating: Mapped[int] = mapped_column(SmallInteger)
    professionalism: Mapped[int | None] = mapped_column(SmallInteger)
    completeness: Mapped[int | None] = mapped_column(SmallInteger)
    efficiency: Mapped[int | None] = mapped_column(SmallInteger)
    no_show: Mapped[bool] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    headline: Mapped[str] = mapped_column(String(120), server_default="", default="")
    comment: Mapped[str] = mapped_column(Text, server_default="", default="")

    cleaning: Mapped[Cleaning] = relationship(
        foreign_keys=[cleaning_id],
        primaryjoin="Evaluation.cleaning_id == Cleaning.id",
        viewonly=True,
    )
    cleaner: Mapped[User] = relationship(
        foreign_keys=[cleaner_id],
        primaryjoin="Evaluation.cleaner_id == User.id",
        viewonly=True,
    )


class ClientReview(Timestamps, db.Model):
    """The hired cleaner's review of the resident who booked them: one per
    job, always of the job's hired offer (the composite foreign key)."""

    __tablename__ = "client_reviews"
    __table_args__ = (
        ForeignKeyConstraint(
            ["cleaning_id", "cleaner_id"],
            ["offers.cleaning_id", "offers.user_id"],
            ondelete="RESTRICT",
            name="fk_client_reviews_offer",
        ),
        _rating("rating"),
        Index("ix_client_reviews_client_id_created_at", "client_id", "created_at"),
    )

    cleaning_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cleaner_id: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, server_default="", default="")


class Message(Timestamps, db.Model):
    """One message of an offer's private thread between the job's owner and
    that cleaner (cleaning_app/messages). The thread belongs to the offer:
    deleting the offer (a rescind) deletes its messages. The offer's own
    `message` is shown as the thread's first entry, not copied here."""

    __tablename__ = "messages"
    __table_args__ = (
        ForeignKeyConstraint(
            ["cleaning_id", "cleaner_id"],
            ["offers.cleaning_id", "offers.user_id"],
            ondelete="CASCADE",
            name="fk_messages_offer",
        ),
        CheckConstraint("char_length(body) BETWEEN 1 AND 2000", name="body_length"),
        Index(
            "ix_messages_cleaning_id_cleaner_id_id", "cleaning_id", "cleaner_id", "id"
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    cleaning_id: Mapped[int] = mapped_column(Integer)
    cleaner_id: Mapped[int] = mapped_column(Integer)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    # When the other side opened the thread with this message in it.
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CalendarLink(Timestamps, db.Model):
    """A user's private calendar address. The address is derived from the
    nonce and the app's SECRET_KEY (cleaning_app/calendars), so this table
    alone opens nobody's calendar; renewing replaces the nonce."""

    __tablename__ = "calendar_links"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    nonce: Mapped[str] = mapped_column(String(32))


class Activity(Timestamps, db.Model):
    """One row per feed event, written in the same transaction as the change.
    The feed pages through (created_at, id) with a keyset cursor."""

    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint(_in_set("kind", ActivityKind), name="kind"),
        Index("ix_activities_created_at_id", text("created_at DESC"), text("id DESC")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    cleaning_id: Mapped[int] = mapped_column(
        ForeignKey("cleanings.id", ondelete="CASCADE"), index=True
    )

    actor: Mapped[User] = relationship()
    cleaning: Mapped[Cleaning] = relationship()
    # What a cleaning_completed event reports: the job's evaluation (a job
    # has at most one, as only one of its offers can be completed). The
    # feed loads it in its page query.
    evaluation: Mapped[Evaluation | None] = relationship(
        primaryjoin="and_(Activity.kind == 'cleaning_completed', "
        "foreign(Activity.cleaning_id) == Evaluation.cleaning_id)",
        viewonly=True,
        uselist=False,
    )


class NotificationKind(Labelled):
    """What a notification is about (CONTRACT "Conversations and
    notifications"). The label names the email choice on
    /account/notifications; the description is the sentence the list and
    the email say, with the actor's @name and the job's name put in."""

    offer_received = (
        "offer_received",
        "Someone makes an offer on my job",
        "{actor} made an offer on {job}",
    )
    offer_accepted = (
        "offer_accepted",
        "My offer is accepted",
        "{actor} accepted your offer on {job}",
    )
    offer_rejected = (
        "offer_rejected",
        "My offer is declined",
        "{actor} declined your offer on {job}",
    )
    offer_cancelled = (
        "offer_cancelled",
        "The cleaner I hired cancels",
        "{actor} cancelled their booking of {job}",
    )
    message_received = (
        "message_received",
        "Someone sends me a message",
        "{actor} sent you a message about {job}",
    )
    job_done = "job_done", "My job is marked done", "{actor} marked {job} done"
    review_received = (
        "review_received",
        "Someone reviews me",
        "{actor} reviewed you for {job}",
    )
    reminder = (
        "reminder",
        "A reminder a day before a booked clean",
        "Reminder: {job} starts within 24 hours",
    )
    invited = "invited", "Someone invites me to a job", "{actor} invited you to {job}"


class Notification(Timestamps, db.Model):
    """Something that happened to a user's job or offer, written by the
    service that made it happen, in the same transaction. `actor_id` is who
    did it (NULL for the reminder, which nobody does)."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(_in_set("kind", NotificationKind), name="kind"),
        # The user's page, newest first, paged by (created_at, id).
        Index(
            "ix_notifications_user_id_created_at_id",
            "user_id",
            text("created_at DESC"),
            text("id DESC"),
        ),
        # The navigation's unread count, on every page: only unread rows.
        Index(
            "ix_notifications_unread",
            "user_id",
            postgresql_where=text("read_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    cleaning_id: Mapped[int | None] = mapped_column(
        ForeignKey("cleanings.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    cleaning: Mapped[Cleaning | None] = relationship()
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class NotificationSetting(Timestamps, db.Model):
    """A user's choice to get (or not) one kind by email. Only changed
    choices have a row; the defaults live in notifications/preferences.py."""

    __tablename__ = "notification_settings"
    __table_args__ = (CheckConstraint(_in_set("kind", NotificationKind), name="kind"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    email: Mapped[bool] = mapped_column(Boolean)


class Reminder(Timestamps, db.Model):
    """One booking (job, hired cleaner, start) has been reminded. The key
    makes the reminder task idempotent; a new date or a new hire is a new
    booking and gets its own reminder."""

    __tablename__ = "reminders"
    __table_args__ = (
        ForeignKeyConstraint(
            ["cleaning_id", "cleaner_id"],
            ["offers.cleaning_id", "offers.user_id"],
            ondelete="CASCADE",
            name="fk_reminders_offer",
        ),
    )

    cleaning_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cleaner_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), primary_key=True
    )


class FormSubmission(Timestamps, db.Model):
    """A one-time submission key that has been used (cleaning_app/submissions).
    The primary key is what lets only one request act on a key, across
    workers; `location` is the first answer, which a repeat gets again."""

    __tablename__ = "form_submissions"
    __table_args__ = (Index("ix_form_submissions_created_at", "created_at"),)

    # HMAC of the key under the browser's secret, so a key only counts
    # for the browser it was given to.
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # NULL between the action's commit and the moment its answer is known.
    location: Mapped[str | None] = mapped_column(Text)
    # Who a sign-up or login logged in, so a repeat can log that browser in too.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE")
    )
