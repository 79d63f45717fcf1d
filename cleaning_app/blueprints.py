"""Every blueprint, registered in one place."""

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from .models import MAX_INTEGER


class RowId(IntegerConverter):
    """`<id:cleaning_id>`: a row's id. A number past MAX_INTEGER is no row: it
    is a 404 here rather than a parameter PostgreSQL refuses as out of
    range in a prepared query (prepared.py). NotFound, not werkzeug's
    ValidationError, which would make it a 405 where another method's rule
    has the same path."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_INTEGER:
            raise NotFound()
        return number


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["id"] = RowId
    from .account.views import bp as account_bp
    from .admin.views import bp as admin_bp
    from .api.views import bp as api_bp
    from .auth.views import bp as auth_bp
    from .calendars.views import bp as calendars_bp
    from .cleaners.views import bp as cleaners_bp
    from .cleanings.views import bp as cleanings_bp
    from .evaluations.views import bp as evaluations_bp
    from .feed.views import bp as feed_bp
    from .invitations.views import bp as invitations_bp
    from .main.views import bp as main_bp
    from .messages.views import bp as messages_bp
    from .notifications.views import bp as notifications_bp
    from .offers.views import bp as offers_bp
    from .profiles.views import bp as profiles_bp

    for bp in (
        main_bp,
        auth_bp,
        account_bp,
        cleanings_bp,
        cleaners_bp,
        offers_bp,
        invitations_bp,
        messages_bp,
        evaluations_bp,
        calendars_bp,
        profiles_bp,
        feed_bp,
        notifications_bp,
        admin_bp,
        api_bp,
    ):
        app.register_blueprint(bp)
