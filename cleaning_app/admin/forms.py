from flask_wtf import FlaskForm
from wtforms import IntegerField, SearchField
from wtforms.validators import Length, NumberRange, Optional

from ..validators import PlainText


class UserSearchForm(FlaskForm):
    """The GET filters of the user list (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField(
        "Search",
        validators=[Optional(), PlainText(), Length(max=320)],
        description="Part of a username or email address.",
    )
    page = IntegerField(
        "Page",
        validators=[Optional(), NumberRange(1, 100_000, "Pick a page from 1.")],
        default=1,
    )
