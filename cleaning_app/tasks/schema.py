"""Which database objects are the queue's: procrastinate creates them from
its own SQL (migration 0013), so our models don't declare them."""

PREFIX = "procrastinate_"


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's `include_name` hook: autogenerate and the models-vs-
    migrations check compare our tables only, not procrastinate's."""
    if type_ == "table":
        return not (name or "").startswith(PREFIX)
    return True
