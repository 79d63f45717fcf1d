from flask_wtf import FlaskForm

from ..validators import text_area

MAX_BODY = 2000


class MessageForm(FlaskForm):
    body = text_area(
        "Your message",
        max_length=MAX_BODY,
        too_long="Keep your message to 2000 characters.",
        required="Write a message first.",
        description="Only you and the other side of this offer see it.",
    )
