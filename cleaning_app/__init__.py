"""Phresh: a marketplace for home cleaning."""

from pathlib import Path

from flask import Flask

from .config import from_environment

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: read configuration, bind extensions, register
    blueprints, error pages and headers. Nothing else happens here."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_mapping(from_environment())
    app.config.from_prefixed_env()
    if config:
        app.config.from_mapping(config)

    from .auth.sessions import register_login
    from .blueprints import register_blueprints
    from .bodies import register_body_limit
    from .commands import register_commands
    from .compression import register_compression
    from .dev_pages import register_dev_pages
    from .errors import register_error_handlers
    from .extensions import register_extensions
    from .pagecache import register_page_cache
    from .prepared import register_prepared_statements
    from .ratelimits import check_declared_limits_only
    from .readerpages import register_reader_pages
    from .security import register_security_headers
    from .static_files import register_static_files
    from .submissions.replay import register_submissions
    from .templating import register_template_helpers

    register_extensions(app)
    register_prepared_statements(app)
    check_declared_limits_only(app)
    register_login(app)
    register_body_limit(app)
    register_blueprints(app)
    register_dev_pages(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_static_files(app)
    register_compression(app)
    register_page_cache(app)
    register_reader_pages(app)
    register_submissions(app)
    register_commands(app)
    return app
