"""The directory's filter form (a GET form; blank values mean "no filter").

Rates follow the job price rules (cleanings.forms.parse_price), so a
filter value means what a typed rate means everywhere else.
"""

from wtforms import Form, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ..cleanings.forms import (
    Price,
    area_filter,
    page_filter,
    parse_price,
    type_filter,
)
from ..models import Weekday
from ..validators import strip_spaces

SORTS = [
    SelectChoice("", "Newest reviews first"),
    SelectChoice("rating", "Best rated"),
    SelectChoice("jobs", "Most jobs done"),
    SelectChoice("rate_asc", "Rate: low to high"),
]
RATINGS = [SelectChoice("", "Any rating")] + [
    SelectChoice(str(n), f"{n}★ and up") for n in (5, 4, 3, 2, 1)
]


class FilterForm(Form):
    area = area_filter()
    type = type_filter()
    max_rate = StringField(
        "Max rate", filters=[strip_spaces], validators=[Optional(), Price()]
    )
    min_rating = SelectField(
        "Rating",
        choices=RATINGS,
        default="",
        invalid_choice_message="Choose a rating from 1 to 5 stars.",
    )
    day = SelectField(
        "Available on",
        choices=[SelectChoice("", "Any day")]
        + [SelectChoice(day.value, day.description) for day in Weekday],
        default="",
        invalid_choice_message="Choose a day: mon, tue, wed, thu, fri, sat or sun.",
    )
    sort = SelectField(
        "Sort",
        choices=SORTS,
        default="",
        invalid_choice_message="Sort by rating, jobs or rate_asc.",
    )
    page = page_filter()

    FILTERS = ("area", "type", "max_rate", "min_rating", "day")

    def criteria(self) -> dict:
        """The validated filters, ready for queries.directory."""
        return {
            "area": self.area.data or None,
            "cleaning_type": self.type.data or None,
            "max_rate": parse_price(self.max_rate.data) if self.max_rate.data else None,
            "min_rating": int(self.min_rating.data) if self.min_rating.data else None,
            "day": self.day.data or None,
            "sort": self.sort.data or "reviewed",
        }
