"""The job form and the listing's filter form.

Prices are typed as text and parsed here, so every odd input ('abc', '1e5',
'NaN', '1.234', '-5') gets a message that says what to type instead.
"""

import re
from decimal import Decimal

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ..models import CleaningType
from ..validators import (
    DayField,
    PlainText,
    WholeNumberField,
    strip_spaces,
    text_area,
    text_field,
)
from . import booking
from .booking_fields import (
    AREA_LENGTH,
    BATHROOMS,
    BEDROOMS,
    HOURS,
    NOT_HOURS,
    PAST_DAY,
    TOO_FAR,
    BookingDate,
    BookingTime,
    hours_text,
    start_problem,
)

MAX_PRICE = Decimal("100000")
CENT = Decimal("0.01")
_PLAIN_NUMBER = re.compile(r"^[0-9]+(\.[0-9]*)?$|^\.[0-9]+$")
NOT_A_NUMBER = "Enter an amount in dollars, like 25 or 19.99."


def parse_price(text: str, allow_zero: bool = False) -> Decimal:
    """A dollar amount as typed by a person; ValueError says what is wrong."""
    # Spaces may surround it, not tabs, line breaks or other blanks; and
    # fullmatch, since `$` would also match before a final line break.
    raw = (text or "").strip(" ").removeprefix("$").strip(" ")
    negative = raw.startswith("-")
    if not _PLAIN_NUMBER.fullmatch(raw.removeprefix("-")):
        raise ValueError(NOT_A_NUMBER)
    amount = Decimal(raw)
    if negative or (amount == 0 and not allow_zero):
        raise ValueError("The rate must be more than $0.")
    if amount >= MAX_PRICE:
        raise ValueError("The rate must be below $100,000 an hour.")
    if amount != amount.quantize(CENT):
        raise ValueError("Use at most 2 decimal places (cents).")
    return amount.quantize(CENT)


class Price:
    """Validate a price typed into a StringField."""

    def __init__(self, allow_zero: bool = False):
        self.allow_zero = allow_zero

    def __call__(self, form, field):
        try:
            parse_price(field.data, self.allow_zero)
        except ValueError as problem:
            raise ValidationError(str(problem)) from None


TYPE_CHOICES = [SelectChoice(kind.value, kind.label) for kind in CleaningType]
NOT_A_TYPE = "Choose Dust Up, Spot Clean or Deep Clean."


class CleaningForm(FlaskForm):
    name = text_field(
        "Job title",
        max_length=120,
        required="Give your job a title.",
        too_long="Keep the title to 120 characters or fewer.",
        description="What needs cleaning, e.g. “Two-bedroom flat before moving out”.",
    )
    description = text_area(
        "Details",
        max_length=4000,
        optional=True,
        too_long="Keep the details to 4000 characters or fewer.",
        description="Rooms, pets, supplies, access: anything a cleaner should know.",
    )
    cleaning_type = RadioField(
        "Kind of clean",
        choices=TYPE_CHOICES,
        default=CleaningType.spot_clean.value,
        invalid_choice_message=NOT_A_TYPE,
    )
    price = StringField(
        "Hourly rate (USD)",
        filters=[strip_spaces],
        validators=[DataRequired("Enter the hourly rate you'll pay."), Price()],
        description="Dollars per hour, e.g. 25 or 19.99.",
    )
    date = BookingDate(
        "Date",
        required="Pick the day of the clean.",
        message="Enter a date like 2026-12-12.",
        description="The day of the clean.",
    )
    start_time = BookingTime(
        "Start time",
        format=["%H:%M", "%H:%M:%S"],
        required="Pick the time the clean starts.",
        message="Enter a time like 09:00.",
        description="Local time, 24-hour clock.",
    )
    hours = SelectField(
        "Estimated hours",
        choices=[
            SelectChoice("", "Choose…"),
            *(SelectChoice(hours_text(h), f"{hours_text(h)} h") for h in HOURS),
        ],
        coerce=hours_text,
        validators=[DataRequired("Choose about how many hours the clean takes.")],
        invalid_choice_message=NOT_HOURS,
        description="About how long the clean takes.",
    )
    area = text_field(
        "Area",
        max_length=80,
        required="Say which town or neighbourhood the home is in.",
        too_long=AREA_LENGTH,
        checks=[Length(min=2, message=AREA_LENGTH)],
        description="Town or neighbourhood; everyone can see it.",
    )
    address = text_field(
        "Street address",
        max_length=200,
        too_long="Keep the address to 200 characters or fewer.",
        description="Only you and the cleaner you hire see it.",
    )
    bedrooms = WholeNumberField(
        "Bedrooms",
        validators=[InputRequired(BEDROOMS[2])],
        minimum=BEDROOMS[0],
        maximum=BEDROOMS[1],
        message=BEDROOMS[2],
        description="0 for a studio.",
    )
    bathrooms = WholeNumberField(
        "Bathrooms",
        validators=[InputRequired(BATHROOMS[2])],
        minimum=BATHROOMS[0],
        maximum=BATHROOMS[1],
        message=BATHROOMS[2],
        description="At least 1.",
    )

    @staticmethod
    def date_limits() -> tuple:
        """The first and last day a clean may start on, in the site's zone
        (also the date input's `min` and `max`, for the browser's picker)."""
        now = booking.now()
        return booking.local(now).date(), booking.local(now + booking.MAX_AHEAD).date()

    def __init__(self, *args, kept_start=None, **kwargs):
        """`kept_start`: an edited job's start, which may stay as it is even
        once it has passed (an edit of the title needn't move the date)."""
        super().__init__(*args, **kwargs)
        self.kept_start = kept_start

    def _keeps_start(self, day, at=None) -> bool:
        if self.kept_start is None:
            return False
        kept = booking.local(self.kept_start)
        # To the minute, as the time input shows it.
        shown = kept.time().replace(second=0, microsecond=0, tzinfo=None)
        return day == kept.date() and at in (None, shown)

    def validate_date(self, field):
        if self._keeps_start(field.data):
            return  # the start time decides
        # Whole days first, before any arithmetic: a year like 9999 has no
        # UTC moment in some zones.
        first, last = self.date_limits()
        if field.data < first:
            raise ValidationError(PAST_DAY)
        if field.data > last:
            raise ValidationError(TOO_FAR)

    def validate_start_time(self, field):
        if self.date.data is None or self.date.errors:
            return  # the date's own message says what to fix
        if self._keeps_start(self.date.data, field.data):
            return
        problem = start_problem(booking.to_utc(self.date.data, field.data))
        if problem:
            raise ValidationError(problem)

    @classmethod
    def for_job(cls, cleaning) -> "CleaningForm":
        """The edit form filled from the job, its start in the site's zone
        (an undated job leaves the date and time blank)."""
        start = cleaning.starts_at and booking.local(cleaning.starts_at)
        return cls(
            obj=cleaning,
            kept_start=cleaning.starts_at,
            date=start and start.date(),
            start_time=start and start.time(),
        )

    def _start(self):
        if self._keeps_start(self.date.data, self.start_time.data):
            return self.kept_start  # to the second, as it was
        return booking.to_utc(self.date.data, self.start_time.data)

    def values(self) -> dict:
        """The job's columns from the form; nothing else (never an owner)."""
        return {
            "name": self.name.data,
            "description": self.description.data or "",
            "cleaning_type": CleaningType(self.cleaning_type.data),
            "price": parse_price(self.price.data),
            "starts_at": self._start(),
            "hours": Decimal(self.hours.data),
            "area": self.area.data,
            "address": self.address.data or "",
            "bedrooms": self.bedrooms.data,
            "bathrooms": self.bathrooms.data,
        }


def area_filter() -> StringField:
    """The `area` filter, of the job listing and of the cleaners' directory."""
    return StringField(
        "Area",
        filters=[strip_spaces],
        validators=[
            Optional(),
            PlainText(),
            Length(max=80, message="Keep the area to 80 characters or fewer."),
        ],
    )


def type_filter() -> SelectField:
    """The `type` filter (blank: any kind), of the listing and the directory."""
    return SelectField(
        "Kind of clean",
        choices=[SelectChoice("", "Any kind"), *TYPE_CHOICES],
        default="",
        invalid_choice_message=NOT_A_TYPE,
    )


MAX_PAGE = 10_000


def page_filter() -> WholeNumberField:
    """The `page` of a filtered list (the listing, the directory)."""
    return WholeNumberField(
        "Page",
        default=1,
        validators=[Optional()],
        minimum=1,
        maximum=MAX_PAGE,
        message=f"Page must be between 1 and {MAX_PAGE}.",
    )


def filled(args: MultiDict) -> MultiDict:
    """A filter form's query string without its blank values: blank means
    "no filter", as an untouched form field sends it."""
    return MultiDict(
        [(key, value) for key, value in args.items(multi=True) if value.strip()]
    )


SORTS = [
    SelectChoice("newest", "Newest first"),
    SelectChoice("price_asc", "Rate: low to high"),
    SelectChoice("price_desc", "Rate: high to low"),
    SelectChoice("soonest", "Soonest first"),
]
NOT_A_DAY = "Enter a date like 2026-12-31."


class FilterForm(Form):
    """The listing's GET form; blank values mean "no filter"."""

    q = StringField(
        "Search",
        validators=[
            Optional(),
            PlainText(),
            Length(max=100, message="Keep the search to 100 characters or fewer."),
        ],
    )
    type = type_filter()
    min_price = StringField("Min rate", validators=[Optional(), Price(allow_zero=True)])
    max_price = StringField("Max rate", validators=[Optional(), Price(allow_zero=True)])
    # `from` is a Python keyword: the attributes differ, the names don't.
    from_day = DayField(
        "From",
        validators=[Optional()],
        name="from",
        message=NOT_A_DAY,
    )
    to_day = DayField(
        "To",
        validators=[Optional()],
        name="to",
        message=NOT_A_DAY,
    )
    area = area_filter()
    min_bedrooms = WholeNumberField(
        "Bedrooms",
        validators=[Optional()],
        minimum=0,
        maximum=20,
        message="Enter a whole number from 0 to 20.",
    )
    sort = SelectField(
        "Sort",
        choices=SORTS,
        default="newest",
        invalid_choice_message="Sort by newest, price_asc, price_desc or soonest.",
    )
    page = page_filter()

    def validate_max_price(self, field):
        try:
            low = parse_price(self.min_price.data, True)
            high = parse_price(field.data, True)
        except ValueError:
            return  # blank or bad: the field's own message says so
        if high < low:
            raise ValidationError("The maximum must not be below the minimum.")

    def validate_to_day(self, field):
        low, high = self.from_day.day, field.day
        if low is not None and high is not None and high < low:
            raise ValidationError("The end date must not be before the start date.")

    def criteria(self) -> dict:
        """The validated filters, ready for the listing query."""
        return {
            "q": self.q.data or None,
            "cleaning_type": self.type.data or None,
            "min_price": parse_price(self.min_price.data, True)
            if self.min_price.data
            else None,
            "max_price": parse_price(self.max_price.data, True)
            if self.max_price.data
            else None,
            "sort": self.sort.data or "newest",
            "from_day": self.from_day.day,
            "to_day": self.to_day.day,
            "area": self.area.data or None,
            # 0 bedrooms or more is every job: no filter.
            "min_bedrooms": self.min_bedrooms.data or None,
        }
