from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from ..validators import PlainText, strip_lines

MAX_MESSAGE = 1000


class OfferForm(FlaskForm):
    message = TextAreaField(
        "Message to the owner",
        description="Say when you're free and what you'd bring. Up to 1000 characters.",
        validators=[
            PlainText(multiline=True),
            Length(max=MAX_MESSAGE, message="Keep your message to 1000 characters."),
        ],
        filters=[strip_lines],
    )
