from flask_wtf import FlaskForm

from ..validators import text_area

MAX_MESSAGE = 1000


class OfferForm(FlaskForm):
    message = text_area(
        "Message to the owner",
        max_length=MAX_MESSAGE,
        too_long="Keep your message to 1000 characters.",
        description="Say when you're free and what you'd bring. Up to 1000 characters.",
    )
