"""Validators shared by every feature's forms."""

import re

from email_validator import EmailNotValidError, validate_email
from wtforms.validators import StopValidation, ValidationError

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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


class EmailAddress:
    """Check the address offline and store it in its normalised form."""

    def __call__(self, form, field):
        try:
            result = validate_email(field.data or "", check_deliverability=False)
        except EmailNotValidError as error:
            raise ValidationError(str(error)) from None
        field.data = result.normalized
