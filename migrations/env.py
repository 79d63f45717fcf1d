"""Alembic's environment, as Flask-Migrate generates it, minus the
template's comments: the app's engine and metadata drive every migration."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

# Procrastinate's tables come from its own SQL (migration 0013), not from
# our models: autogenerate leaves them alone.
from cleaning_app.tasks.schema import include_name

config = context.config
# Keep the loggers that exist already: a migration run inside the app's
# process (the tests, `flask db upgrade` after the app logged) must not
# silence the app's own log.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")
    except AttributeError:
        return str(get_engine().url).replace("%", "%%")


config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db


def get_metadata():
    if hasattr(target_db, "metadatas"):
        return target_db.metadatas[None]
    return target_db.metadata


def run_migrations_offline():
    """`flask db upgrade --sql`: print the SQL instead of running it."""
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=get_metadata(),
        literal_binds=True,
        include_name=include_name,
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    # An autogenerate that finds no change writes no empty revision file.
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    conf_args.setdefault("include_name", include_name)
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        context.configure(
            connection=connection, target_metadata=get_metadata(), **conf_args
        )

        with context.begin_transaction():
            # The app's statement_timeout bounds requests (config.py); a
            # migration rewriting a big table may take longer. Its
            # lock_timeout stays: better to fail and retry than to queue
            # every request behind a migration waiting for a lock.
            connection.exec_driver_sql("SET statement_timeout = 0")
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
