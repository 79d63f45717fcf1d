"""The CONTRACT's Data section, checked the way an outside test does it:
with SQL straight against the database. The rules the database refuses
to break are in test_database_rules.py."""

import pytest
from sqlalchemy import text

from cleaning_app.auth import tokens
from cleaning_app.extensions import db
from cleaning_app.models import User

from .builders import (
    EVALUATION_FIELDS,
    PASSWORD,
    log_in,
    make_cleaning,
    make_offer,
    make_user,
)

COLUMNS = {
    "users": {
        "id",
        "username",
        "email",
        "email_verified",
        "password",
        "is_active",
        "is_superuser",
        "created_at",
        "updated_at",
    },
    "profiles": {
        "id",
        "user_id",
        "full_name",
        "phone_number",
        "bio",
        "image",
        "created_at",
        "updated_at",
    },
    "cleanings": {
        "id",
        "name",
        "description",
        "cleaning_type",
        "price",
        "owner_id",
        "created_at",
        "updated_at",
    },
    "offers": {
        "cleaning_id",
        "user_id",
        "status",
        "message",
        "created_at",
        "updated_at",
    },
    "evaluations": {
        "cleaning_id",
        "cleaner_id",
        *EVALUATION_FIELDS,
        "created_at",
        "updated_at",
    },
}


def sql(app, statement, **params):
    with app.app_context():
        result = db.session.execute(text(statement), params)
        rows = result.all() if result.returns_rows else None
        db.session.commit()
        return rows


@pytest.fixture
def scene(app):
    rita = make_user(app, "rita")
    carlos = make_user(app, "carlos")
    job = make_cleaning(app, rita)
    return rita, carlos, job


@pytest.mark.parametrize("table", sorted(COLUMNS))
def test_tables_have_the_contract_columns(app, table):
    rows = sql(
        app,
        "SELECT column_name, data_type, column_default FROM information_schema.columns"
        " WHERE table_schema = 'public' AND table_name = :t",
        t=table,
    )
    columns = {name: (kind, default) for name, kind, default in rows}
    assert COLUMNS[table] <= set(columns)
    for stamp in ("created_at", "updated_at"):
        kind, default = columns[stamp]
        assert kind == "timestamp with time zone"
        assert default in ("now()", "CURRENT_TIMESTAMP")


@pytest.mark.parametrize("table", sorted(COLUMNS))
def test_every_table_has_a_before_update_trigger_calling_one_function(app, table):
    rows = sql(
        app,
        "SELECT p.proname, p.prosrc, l.lanname FROM pg_trigger t"
        " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid"
        " JOIN pg_language l ON l.oid = p.prolang"
        " WHERE c.relname = :t AND NOT t.tgisinternal"
        # tgtype bits: 1 row-level, 2 BEFORE, 16 UPDATE
        " AND t.tgtype & 2 = 2 AND t.tgtype & 16 = 16",
        t=table,
    )
    assert len(rows) == 1
    name, source, language = rows[0]
    assert language == "plpgsql"
    assert "updated_at" in source and "now()" in source.lower()
    names = sql(
        app,
        "SELECT DISTINCT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
        " JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relname = ANY(:ts)"
        " AND NOT t.tgisinternal",
        ts=sorted(COLUMNS),
    )
    assert names == [(name,)]


def test_column_types_and_defaults(app):
    rows = sql(
        app,
        "SELECT table_name, column_name, numeric_precision, numeric_scale,"
        " column_default FROM information_schema.columns WHERE table_schema = 'public'"
        " AND (table_name, column_name) IN (('cleanings', 'price'),"
        " ('users', 'email_verified'), ('users', 'is_active'),"
        " ('users', 'is_superuser'))",
    )
    found = {(t, c): (p, s, d) for t, c, p, s, d in rows}
    assert found[("cleanings", "price")][:2] == (10, 2)
    assert found[("users", "email_verified")][2] == "false"
    assert found[("users", "is_active")][2] == "true"
    assert found[("users", "is_superuser")][2] == "false"


def test_a_user_inserted_with_sql_gets_the_defaults(app):
    sql(
        app,
        "INSERT INTO users (username, email, password)"
        " VALUES ('raw', 'raw@x.example', 'h')",
    )
    ((verified, active, superuser, created, updated),) = sql(
        app,
        "SELECT email_verified, is_active, is_superuser, created_at, updated_at"
        " FROM users WHERE username = 'raw'",
    )
    assert (verified, active, superuser) == (False, True, False)
    assert created is not None and updated is not None


def test_deleting_a_user_removes_their_profile(app):
    user = make_user(app, "gone")
    sql(app, "DELETE FROM users WHERE id = :id", id=user.id)
    assert sql(
        app, "SELECT count(*) FROM profiles WHERE user_id = :id", id=user.id
    ) == [(0,)]


def test_deleting_a_job_removes_its_offers(app, scene):
    rita, carlos, job = scene
    make_offer(app, job, carlos, status="rejected")
    sql(app, "DELETE FROM cleanings WHERE id = :id", id=job.id)
    assert sql(app, "SELECT count(*) FROM offers") == [(0,)]


# --------------------------------------------------- passwords are argon2id


def stored_password(app, username) -> str:
    return sql(app, "SELECT password FROM users WHERE username = :u", u=username)[0][0]


def test_passwords_are_argon2id_after_register_change_and_reset(app, client):
    client.post(
        "/auth/register",
        {"email": "nina@example.com", "username": "nina", "password": PASSWORD},
    )
    first = stored_password(app, "nina")
    assert first.startswith("$argon2id$") and PASSWORD not in first
    changed = "another long passphrase 7"
    client.post(
        "/account/password", {"current_password": PASSWORD, "new_password": changed}
    )
    second = stored_password(app, "nina")
    assert second.startswith("$argon2id$") and second != first
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == "nina"))
        token = tokens.make_reset_token(user)
    client.post(f"/auth/reset/{token}", {"new_password": "third long passphrase 9"})
    third = stored_password(app, "nina")
    assert third.startswith("$argon2id$") and third != second
    log_in(client, "nina", "third long passphrase 9")
