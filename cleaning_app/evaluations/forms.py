from flask_wtf import FlaskForm
from wtforms import BooleanField, Field
from wtforms.validators import StopValidation

from ..validators import text_area, text_field
from .services import EvaluationInput

STAR_VALUES = {str(n): n for n in range(1, 6)}
RATING_RULE = "Choose from 1 to 5 stars."


class RatingField(Field):
    """A 1–5 star rating sent by a group of radio buttons. Only the exact
    strings "1" to "5" count: "3.5", " 3", "06" or a huge number are
    refused rather than coerced."""

    def __init__(self, label=None, required=False, missing=None, **kwargs):
        super().__init__(label, **kwargs)
        self.required = required
        self.missing = missing or "Choose an overall rating from 1 to 5 stars."
        self.flags.required = required
        self.raw = ""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = STAR_VALUES.get(self.raw)

    def pre_validate(self, form):
        if self.raw and self.data is None:
            raise StopValidation(RATING_RULE)
        if self.required and self.data is None:
            raise StopValidation(self.missing)

    def _value(self):
        return "" if self.data is None else str(self.data)


class EvaluationForm(FlaskForm):
    overall_rating = RatingField("Overall rating", required=True)
    professionalism = RatingField("Professionalism")
    completeness = RatingField("Completeness")
    efficiency = RatingField("Efficiency")
    no_show = BooleanField("The cleaner didn't show up")
    headline = text_field(
        "Headline",
        max_length=120,
        description="A short summary, e.g. “Spotless kitchen, on time”.",
    )
    comment = text_area(
        "Comment",
        max_length=4000,
        description="What went well, what could be better. Up to 4000 characters.",
    )

    RATINGS = ("overall_rating", "professionalism", "completeness", "efficiency")

    def to_input(self) -> EvaluationInput:
        return EvaluationInput(
            **{name: self[name].data for name in self.RATINGS},
            no_show=self.no_show.data,
            headline=self.headline.data or "",
            comment=self.comment.data or "",
        )


class ClientReviewForm(FlaskForm):
    """The hired cleaner's review of the resident: the evaluation's star
    picker and comment rules, fewer questions."""

    rating = RatingField(
        "Rating", required=True, missing="Choose a rating from 1 to 5 stars."
    )
    comment = text_area(
        "Comment",
        max_length=2000,
        description="Clear instructions? Easy access? Up to 2000 characters.",
    )
