"""A cleaner's fields on the profile form (CONTRACT "Cleaners: directory
and invitations"): what they clean, their usual rate, their areas and
days. They count only for cleaners: each check first steps aside when the
form's `role` is `hire`, so a resident's post never fails on them."""

from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Length,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..cleanings.forms import Price, parse_price
from ..models import CleaningType, Role, Weekday
from ..validators import PlainText, strip_spaces

MAX_AREAS = 5
AREA_RULE = "Each area must be 2 to 80 characters"
NO_SERVICE = "Choose at least one kind of clean you do."
NOT_A_SERVICE = "Choose from Dust Up, Spot Clean and Deep Clean."
NOT_A_DAY = "Choose days from Monday to Sunday."
NO_AREA = "Enter at least one town or neighbourhood."
TOO_MANY_AREAS = f"List at most {MAX_AREAS} areas, separated by commas."


class ForCleaners:
    """First in each cleaner field's chain: a resident's post skips the
    rest (with no message), as the fields only count for cleaners."""

    def __call__(self, form, field):
        if not form.cleans:
            field.errors.clear()
            raise StopValidation()


class Checkboxes(SelectMultipleField):
    """Checkboxes for a set of enum values. The choice check is a
    validator (not pre_validate) so that `ForCleaners` runs first; the
    value is the chosen members in the enum's order, each once."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label, members, *, invalid, validators=(), **kwargs):
        super().__init__(
            label,
            choices=[SelectChoice(m.value, m.label) for m in members],
            validate_choice=False,
            validators=[ForCleaners(), self._known, *validators],
            **kwargs,
        )
        self.members, self.invalid = members, invalid

    @staticmethod
    def _known(form, field):
        chosen = set(field.data or ())
        if chosen - {m.value for m in field.members}:
            raise StopValidation(field.invalid)
        field.data = [m.value for m in field.members if m.value in chosen]


def _some_service(form, field):
    if not field.data:
        raise ValidationError(NO_SERVICE)


def split_areas(text: str) -> list[str]:
    """The towns typed into one field: split on commas, trimmed, empty
    pieces dropped, a repeat (ignoring case) merged into its first
    spelling. ValueError says what is wrong."""
    areas, seen = [], set()
    for piece in (text or "").split(","):
        area = piece.strip(" ")
        if not area or area.casefold() in seen:
            continue
        if not 2 <= len(area) <= 80:
            raise ValueError(f"{AREA_RULE}: “{area[:80]}” is not.")
        seen.add(area.casefold())
        areas.append(area)
    if not areas:
        raise ValueError(NO_AREA)
    if len(areas) > MAX_AREAS:
        raise ValueError(TOO_MANY_AREAS)
    return areas


def _areas_rule(form, field):
    try:
        split_areas(field.data)
    except ValueError as problem:
        raise ValidationError(str(problem)) from None


class CleanerFields:
    """Mixed into the profile form. `cleans`: the role posted (or kept)
    is a cleaner's."""

    services = Checkboxes(
        "Kinds of clean you do",
        CleaningType,
        invalid=NOT_A_SERVICE,
        validators=[_some_service],
        description="Tick every kind you take on.",
    )
    hourly_rate = StringField(
        "Your usual hourly rate (USD)",
        filters=[strip_spaces],
        validators=[
            ForCleaners(),
            DataRequired("Enter your usual hourly rate."),
            Price(),
        ],
        description="Dollars per hour, e.g. 25 or 19.99.",
    )
    areas = StringField(
        "Areas you work in",
        filters=[strip_spaces],
        validators=[
            ForCleaners(),
            PlainText(),
            Length(max=500, message="Keep the areas to 500 characters or fewer."),
            _areas_rule,
        ],
        description=f"1 to {MAX_AREAS} towns or neighbourhoods, separated by commas.",
    )
    available_days = Checkboxes(
        "Days you usually work",
        Weekday,
        invalid=NOT_A_DAY,
        description="Any number; leave all empty to agree days per job.",
    )

    @property
    def cleans(self) -> bool:
        return self.role.data in (Role.clean.value, Role.both.value)

    def cleaner_values(self) -> dict:
        """The validated fields as the database keeps them."""
        return {
            "services": self.services.data,
            "hourly_rate": parse_price(self.hourly_rate.data),
            "areas": split_areas(self.areas.data),
            "available_days": self.available_days.data,
        }
