"""Validators shared by every feature's forms."""

import re
from datetime import date

from email_validator import EmailNotValidError, validate_email
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DIGITS = re.compile(r"[0-9]+")


def strip_spaces(value):
    """A filter for one-line fields: trim spaces only, so a stray tab or
    control character still reaches PlainText and is refused."""
    return value.strip(" ") if isinstance(value, str) else value


def strip_lines(value):
    """A filter for multi-line fields: trim spaces and line breaks."""
    return value.strip(" \t\r\n") if isinstance(value, str) else value


def has_control_chars(value: str, multiline: bool = False) -> bool:
    return bool((_CONTROL_MULTILINE if multiline else _CONTROL).search(value or ""))


class PlainText:
    """Refuse NUL and other control characters; multi-line fields may hold
    tab, CR and LF."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, form, field):
        if isinstance(field.data, str) and has_control_chars(
            field.data, self.multiline
        ):
            raise StopValidation("This field can't contain control characters.")


def text_field(
    label,
    *,
    max_length,
    description,
    too_long=None,
    required=None,
    checks=(),
    field=StringField,
):
    """A one-line text field as every form has it: spaces trimmed, control
    characters refused, then `required` (the message for a blank field, if
    it must be filled), at most `max_length` characters (`too_long` says
    so; "At most N characters." unless given) and any further `checks`, in
    that order, so the first message a person sees stays the same."""
    validators = [PlainText()]
    if required:
        validators.append(DataRequired(required))
    validators.append(
        Length(max=max_length, message=too_long or f"At most {max_length} characters.")
    )
    return field(
        label,
        filters=[strip_spaces],
        validators=[*validators, *checks],
        description=description,
    )


def text_area(
    label, *, max_length, description, too_long=None, optional=False, required=None
):
    """A multi-line text field: line breaks trimmed at the ends, tab, CR and
    LF allowed inside, other control characters refused, then `required`
    (the message for a blank field, if it must be filled), at most
    `max_length` characters (`too_long` as in `text_field`)."""
    validators = [Optional()] if optional else []
    filled = [DataRequired(required)] if required else []
    return TextAreaField(
        label,
        filters=[strip_lines],
        validators=[
            *validators,
            PlainText(multiline=True),
            *filled,
            Length(
                max=max_length, message=too_long or f"At most {max_length} characters."
            ),
        ],
        description=description,
    )


def normalized_email(value: str) -> str:
    """The address as it is stored: email-validator's normalised form
    (NFC, the domain's look-alike characters folded, e.g. fullwidth
    letters). Raises EmailNotValidError for what is not an address."""
    return validate_email(value, check_deliverability=False).normalized


class EmailAddress:
    """Check the address offline and store it in its normalised form."""

    def __call__(self, form, field):
        try:
            field.data = normalized_email(field.data or "")
        except EmailNotValidError as error:
            raise ValidationError(str(error)) from None


def whole_number(text: str | None, minimum: int, maximum: int) -> int | None:
    """`text` as a number when it is ASCII digits only, from `minimum` to
    `maximum`; None otherwise. Python's int() also takes fullwidth and other
    Unicode digits, a sign, underscores and surrounding whitespace, and
    converts hundreds of digits (which then overflow a float comparison):
    none of that is a number a form or a link of ours sends."""
    if text is None or not _DIGITS.fullmatch(text):
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(maximum)):
        return None  # too big, and never converted
    number = int(digits)
    return number if minimum <= number <= maximum else None


class WholeNumberField(IntegerField):
    """An IntegerField that accepts only `whole_number`s: anything else, or
    a number out of range, is `message` (422 on the form that shows it).
    Combine with Optional() when the field may be left out."""

    def __init__(
        self, label=None, validators=None, *, minimum, maximum, message, **kwargs
    ):
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum, self.message = minimum, maximum, message

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = whole_number(valuelist[0], self.minimum, self.maximum)
        if self.data is None:
            raise ValueError(self.message)


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DayField(StringField):
    """A date typed as `YYYY-MM-DD` (what a `type=date` input sends), from
    `first` to `last`; anything else is `message`. Its `data` stays the text
    as typed, so the form shows it back; `day` holds the date. The default
    bounds keep a day's start and the next day in any zone representable
    (year 9999 plus one day would overflow)."""

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        message,
        first=date(2000, 1, 1),
        last=date(2999, 12, 31),
        **kw,
    ):
        super().__init__(label, validators, **kw)
        self.first, self.last, self.message = first, last, message
        self.day = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if not self.data:
            return
        try:
            day = date.fromisoformat(self.data) if _DAY.fullmatch(self.data) else None
        except ValueError:
            day = None
        if day is None or not self.first <= day <= self.last:
            raise ValueError(self.message)
        self.day = day
