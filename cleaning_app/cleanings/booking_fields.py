"""The booking's fields on the job form (CONTRACT "Bookings"): their rules
and messages, which the JSON API's schemas reuse, and the date and time
inputs (native `type=date` and `type=time`)."""

from datetime import datetime
from decimal import Decimal

from wtforms import DateField, TimeField
from wtforms.validators import StopValidation

from . import booking

# The booking's rules (CONTRACT "Bookings"); the JSON API's schemas reuse them.
HOURS = [Decimal(half) / 2 for half in range(2, 25)]  # 1 to 12 in steps of 0.5
NOT_HOURS = "Choose from 1 to 12 hours, in steps of half an hour."
BEDROOMS = (0, 20, "Enter a number of bedrooms from 0 to 20.")
BATHROOMS = (1, 20, "Enter a number of bathrooms from 1 to 20.")
AREA_LENGTH = "Enter a town or neighbourhood of 2 to 80 characters."
PAST = "That time has passed; pick a time in the future."
PAST_DAY = "That date has passed; pick today or a later day."
TOO_FAR = "Pick a date at most a year ahead."
DST_GAP = "The clocks skip that time on this day (daylight saving); pick another."


def hours_text(value) -> str:
    """Hours as the form writes them: 3 (not 3.0) and 1.5."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def start_problem(moment) -> str | None:
    """Why a start (UTC, or None in a DST gap) can't be booked, or None."""
    if moment is None:
        return DST_GAP
    if moment <= booking.now():
        return PAST
    if moment > booking.now() + booking.MAX_AHEAD:
        return TOO_FAR
    return None


class _Required:
    """A required date or time input: blank is `required`, anything
    unreadable `message`. (DataRequired would replace the second with the
    first.)"""

    def __init__(self, *args, required, message, **kwargs):
        super().__init__(*args, **kwargs)
        self.required, self.message = required, message
        self.flags.required = True

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # keeps the unreadable value's message
        if self.data is None:
            raise StopValidation(self.required)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip(" "):
            self.data = None
            return
        for pattern in self.strptime_format:
            try:
                self.data = self.parse(valuelist[0].strip(" "), pattern)
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(self.message)


class BookingDate(_Required, DateField):
    def parse(self, text, pattern):
        return datetime.strptime(text, pattern).date()


class BookingTime(_Required, TimeField):
    def parse(self, text, pattern):
        return datetime.strptime(text, pattern).time()
