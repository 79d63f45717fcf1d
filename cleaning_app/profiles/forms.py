import re
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField, URLField
from wtforms.validators import Length, Regexp, ValidationError

from ..validators import PlainText, strip_lines, strip_spaces
from .services import ProfileInput

IMAGE_RULE = "Use a link that starts with http:// or https://."
_NO_SPACE = re.compile(r"^\S*$")


class WebAddress:
    """Empty, or an absolute http(s) URL with a host. Anything a browser
    might read as another scheme (javascript:, data:, a relative path,
    backslashes, spaces inside) is refused rather than repaired."""

    def __call__(self, form, field):
        value = field.data or ""
        if not value:
            return
        if not _NO_SPACE.match(value) or "\\" in value:
            raise ValidationError(IMAGE_RULE)
        try:
            parts = urlsplit(value)
            host = parts.hostname
        except ValueError:
            raise ValidationError(IMAGE_RULE) from None
        if parts.scheme.lower() not in ("http", "https") or not host:
            raise ValidationError(IMAGE_RULE)
        if not value.lower().startswith(("http://", "https://")):
            raise ValidationError(IMAGE_RULE)


class ProfileForm(FlaskForm):
    full_name = StringField(
        "Full name",
        filters=[strip_spaces],
        validators=[PlainText(), Length(max=100, message="At most 100 characters.")],
        description="Shown on your profile.",
    )
    phone_number = StringField(
        "Phone number",
        filters=[strip_spaces],
        validators=[
            PlainText(),
            Length(max=30, message="At most 30 characters."),
            Regexp(
                r"^[0-9 +\-()]*\Z",
                message="Use digits, spaces and + - ( ) only.",
            ),
        ],
        description=(
            "Only shown to the other side of an accepted job. Never on your profile."
        ),
    )
    bio = TextAreaField(
        "About you",
        filters=[strip_lines],
        validators=[
            PlainText(multiline=True),
            Length(max=2000, message="At most 2000 characters."),
        ],
        description="A few lines about you and how you work. Up to 2000 characters.",
    )
    image = URLField(
        "Profile picture",
        filters=[strip_spaces],
        validators=[
            PlainText(),
            Length(max=2000, message="At most 2000 characters."),
            WebAddress(),
        ],
        description=(
            "A link to a picture (http:// or https://). "
            "Leave empty to show your initials."
        ),
    )

    def to_input(self) -> ProfileInput:
        return ProfileInput(
            **{
                name: self[name].data or ""
                for name in ProfileInput.__dataclass_fields__
            }
        )
