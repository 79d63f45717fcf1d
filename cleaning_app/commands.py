"""`flask` commands: demo data, user administration and housekeeping."""

import click
from flask import Flask
from sqlalchemy import delete, func, select

from .auth import bearer
from .auth.services import find_by_username
from .auth.sessions import delete_ended_sessions
from .backups import backup, restore
from .extensions import db
from .models import FormSubmission, User
from .notifications.services import delete_old as delete_old_notifications
from .submissions.replay import KEEP


@click.group("users")
def users_cli():
    """Manage user accounts."""


@users_cli.command("promote")
@click.argument("username")
def promote(username: str):
    """Make USERNAME a superuser."""
    user = find_by_username(username)
    if user is None:
        raise click.ClickException(f"No user named {username!r}.")
    user.is_superuser = True
    db.session.commit()
    click.echo(f"{user.username} is now a superuser.")


@click.command("seed")
@click.option("--users", default=12, show_default=True, help="How many users.")
@click.option("--cleanings", default=60, show_default=True, help="How many jobs.")
@click.option("--if-empty", is_flag=True, help="Do nothing when users exist.")
@click.option("--reset", is_flag=True, help="Empty every table first.")
@click.option("--yes", is_flag=True, help="Don't ask before --reset empties.")
def seed(users: int, cleanings: int, if_empty: bool, reset: bool, yes: bool):
    """Fill an empty database with realistic demo data."""
    from .seed import empty_database, seed_database

    existing = db.session.scalar(select(func.count()).select_from(User))
    if reset:
        if existing and not yes:
            click.confirm(
                f"Delete every row of every table ({existing} users) first?",
                abort=True,
            )
        empty_database()
    elif existing and if_empty:
        click.echo("The database already has users; not seeding.")
        return
    elif existing:
        # The demo usernames are fixed, and demo data mixed into real data
        # would mislead anyone reading either.
        raise click.ClickException(
            f"The database already has {existing} users; `flask seed --reset`"
            " replaces everything with demo data."
        )
    seed_database(users=users, cleanings=cleanings, echo=click.echo)


@click.command("cleanup")
def cleanup():
    """Delete ended login sessions, expired API tokens, forgotten form
    submission keys and old notifications."""
    sessions = delete_ended_sessions()
    tokens = bearer.delete_expired()
    keys = db.session.execute(
        delete(FormSubmission).where(FormSubmission.created_at < func.now() - KEEP)
    ).rowcount
    notifications = delete_old_notifications()
    db.session.commit()
    click.echo(
        f"Deleted {sessions} ended login sessions, {tokens} expired API tokens,"
        f" {keys} used form keys older than a day and {notifications} old"
        " notifications (read ones over 90 days old, unread ones over a year)."
    )


def register_commands(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(seed)
    app.cli.add_command(cleanup)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
