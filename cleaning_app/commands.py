"""`flask` commands: demo data and user administration."""

import click
from flask import Flask
from sqlalchemy import func, select

from .auth.services import find_by_username
from .extensions import db
from .models import User


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
def seed(users: int, cleanings: int, if_empty: bool):
    """Fill the database with realistic demo data."""
    from .seed import seed_database

    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("The database already has users; not seeding.")
        return
    seed_database(users=users, cleanings=cleanings, echo=click.echo)


def register_commands(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(seed)
