"""Every request and response shape of the API, declared once: the views
validate and serialise with these, and /api/openapi.json is generated from
them. Input rules reuse the pages' own checks (the price parser, the
password rules, the control-character test), so they say the same."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal

from email_validator import EmailNotValidError
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from ..cleanings.booking_fields import AREA_LENGTH, start_problem
from ..cleanings.forms import parse_price
from ..models import CleaningType, OfferStatus
from ..passwords import password_problem
from ..profiles.forms import IMAGE_RULE, WebAddress
from ..validators import has_control_chars, normalized_email

# ----------------------------------------------------------------- scalars

# ISO 8601 with microseconds and offset, always (pydantic drops zero
# microseconds and writes "Z").
Timestamp = Annotated[
    datetime,
    PlainSerializer(
        lambda value: value.isoformat(timespec="microseconds"),
        return_type=str,
        when_used="json",
    ),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Id = Annotated[int, Field(ge=1)]
USERNAME_PATTERN = r"^[A-Za-z0-9_-]{3,32}$"
Username = Annotated[str, Field(pattern=USERNAME_PATTERN)]


def _text(multiline: bool, required: bool):
    def check(value: str) -> str:
        value = value.strip(" \t\r\n" if multiline else " ")
        if has_control_chars(value, multiline):
            raise ValueError("This field can't contain control characters.")
        if required and not value:
            raise ValueError("This field can't be blank.")
        return value

    return AfterValidator(check)


def Text(max_length: int, multiline: bool = False, required: bool = False):  # noqa: N802
    """A text field as the pages' forms have it: trimmed, control characters
    refused (tab, CR, LF allowed in multi-line text), at most `max_length`."""
    limits = Field(min_length=1 if required else 0, max_length=max_length)
    return Annotated[str, limits, _text(multiline, required)]


def _price(value: Decimal) -> Decimal:
    """The pages' price rules (cleanings.forms.parse_price), messages included."""
    return parse_price(format(value, "f"))


Price = Annotated[
    Decimal,
    Field(gt=0, lt=100000, description="Hourly rate in dollars, at most 2 decimals"),
    AfterValidator(_price),
]
Rating = Annotated[int, Field(ge=1, le=5)]


def _start(value: datetime) -> datetime:
    """The pages' rules for a start: in the future, at most a year ahead."""
    moment = _utc(value)
    problem = start_problem(moment)
    if problem:
        raise ValueError(problem)
    return moment


def _area(value: str) -> str:
    if len(value) < 2:  # counted after trimming, as the pages do
        raise ValueError(AREA_LENGTH)
    return value


# The booking (CONTRACT "Bookings"): optional in the API, the pages' rules.
StartsAt = Annotated[
    datetime,
    AfterValidator(_start),
    WithJsonSchema({"type": "string", "format": "date-time"}),
    Field(description="When the clean starts; naive means UTC"),
]
Hours = Annotated[
    Decimal,
    Field(ge=1, le=12, multiple_of=Decimal("0.5"), description="Estimated hours"),
]
Area = Annotated[Text(80), Field(min_length=2), AfterValidator(_area)]
Bedrooms = Annotated[int, Field(ge=0, le=20)]
Bathrooms = Annotated[int, Field(ge=1, le=20)]


def _image(value: str) -> str:
    class _Field:
        data = value

    WebAddress()(None, _Field)
    return value


def _phone(value: str) -> str:
    if value.strip("0123456789 +-()"):
        raise ValueError("Use digits, spaces and + - ( ) only.")
    return value


# ------------------------------------------------------------------ inputs


class Input(BaseModel):
    model_config = ConfigDict(extra="ignore")


def _email(value: str) -> str:
    try:
        return normalized_email(value)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None


class UserCreate(Input):
    email: Annotated[
        str, Field(max_length=320), _text(False, True), AfterValidator(_email)
    ]
    username: Username
    password: Annotated[str, Field(min_length=8, max_length=128)]

    @field_validator("password")
    @classmethod
    def _password_rules(cls, password: str, info: ValidationInfo) -> str:
        # The fields above are validated first; a bad one is simply absent.
        others = (info.data.get("username", ""), info.data.get("email", ""))
        problem = password_problem(password, *others)
        if problem:
            raise ValueError(problem)
        return password


def _no_control_chars(value: str) -> str:
    if has_control_chars(value):
        raise ValueError("This field can't contain control characters.")
    return value


class LoginForm(Input):
    """As the pages' login form: any text, no control characters; the
    password is taken as typed (never trimmed)."""

    username: Text(320, required=True)
    password: Annotated[
        str, Field(min_length=1, max_length=1024), AfterValidator(_no_control_chars)
    ]


class ProfileUpdate(Input):
    """Absent keys stay as they are; `null` clears."""

    full_name: Text(100) | None = None
    phone_number: Annotated[Text(30), AfterValidator(_phone)] | None = None
    bio: Text(2000, multiline=True) | None = None
    image: (
        Annotated[
            Text(2000),
            AfterValidator(_image),
            Field(description=IMAGE_RULE),
        ]
        | None
    ) = None


class Booking(Input):
    """Optional here (the original's clients don't send them); `null`
    leaves a field unset ("Date to be agreed" without `starts_at`)."""

    starts_at: StartsAt | None = None
    hours: Hours | None = None
    area: Area | None = None
    address: Text(200) | None = None
    bedrooms: Bedrooms | None = None
    bathrooms: Bathrooms | None = None


class CleaningCreate(Booking):
    name: Text(120, required=True)
    description: Text(4000, multiline=True) | None = None
    price: Price
    cleaning_type: CleaningType = CleaningType.spot_clean


class CleaningUpdate(Booking):
    """Partial: absent keys stay. `name` and `price` can't be null; a null
    `cleaning_type` is refused with the original's 400."""

    name: Text(120, required=True) = None
    description: Text(4000, multiline=True) | None = None
    price: Price = None
    cleaning_type: CleaningType | None = None


class OfferCreate(Input):
    message: Text(1000, multiline=True) | None = None


class EvaluationCreate(Input):
    overall_rating: Rating
    professionalism: Rating | None = None
    completeness: Rating | None = None
    efficiency: Rating | None = None
    no_show: bool = False
    headline: Text(120) | None = None
    comment: Text(4000, multiline=True) | None = None


def _utc(value: datetime) -> datetime:
    """In UTC (naive means UTC): PostgreSQL refuses offsets beyond ±15:59,
    which ISO 8601 allows, and a moment at the calendar's edge may have no
    UTC date at all."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("That moment is out of range.") from None


class FeedQuery(Input):
    page_chunk_size: Annotated[int, Field(ge=1, le=50)] = 20
    starting_date: Annotated[datetime, AfterValidator(_utc)] | None = None


# ----------------------------------------------------------------- outputs


class AccessToken(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105


class ProfilePublic(BaseModel):
    id: int
    user_id: int
    full_name: str | None
    phone_number: str | None
    bio: str | None
    image: str | None
    username: str
    email: str | None
    created_at: Timestamp
    updated_at: Timestamp


class UserPublic(BaseModel):
    id: int
    email: str | None
    username: str
    email_verified: bool
    is_active: bool
    is_superuser: bool
    created_at: Timestamp
    updated_at: Timestamp
    access_token: AccessToken | None = None
    profile: ProfilePublic | None = None


class CleaningPublic(BaseModel):
    id: int
    name: str
    description: str | None
    price: float
    cleaning_type: CleaningType
    owner: int | UserPublic
    created_at: Timestamp
    updated_at: Timestamp
    starts_at: Timestamp | None = None
    hours: float | None = None
    area: str | None = None
    # Only for the owner and the hired cleaner; null for everyone else.
    address: str | None = None
    bedrooms: int | None = None
    bathrooms: int | None = None


class CleaningFeedItem(CleaningPublic):
    row_number: int
    event_timestamp: Timestamp
    event_type: Literal["is_create", "is_update"]


class OfferPublic(BaseModel):
    user_id: int
    cleaning_id: int
    status: OfferStatus
    message: str | None
    created_at: Timestamp
    updated_at: Timestamp
    user: UserPublic | None = None
    cleaning: CleaningPublic | None = None


class EvaluationPublic(BaseModel):
    cleaning_id: int
    cleaner_id: int
    no_show: bool
    headline: str | None
    comment: str | None
    professionalism: int | None
    completeness: int | None
    efficiency: int | None
    overall_rating: int
    created_at: Timestamp
    updated_at: Timestamp
    owner: int | UserPublic | None = None
    cleaner: UserPublic | None = None
    cleaning: CleaningPublic | None = None


class EvaluationAggregate(BaseModel):
    avg_professionalism: float | None
    avg_completeness: float | None
    avg_efficiency: float | None
    avg_overall_rating: float | None
    max_overall_rating: int | None
    min_overall_rating: int | None
    one_stars: int
    two_stars: int
    three_stars: int
    four_stars: int
    five_stars: int
    total_evaluations: int
    total_no_show: int


class ErrorDetail(BaseModel):
    detail: str


class ValidationIssue(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationFailure(BaseModel):
    detail: list[ValidationIssue]
