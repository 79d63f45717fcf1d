"""A guard for the direction of imports, read from the source with `ast`.

Features stack up: auth ← cleanings ← offers ← evaluations, with the feed
at the bottom (the services of several features write it). A feature's
queries, services, forms and helpers import only the features below it;
views (and the demo seed, a command) sit above everything and may assemble
several features into one page. The model layer (models, rules,
extensions) imports no feature, and use-case code never reaches for the
request."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "cleaning_app"

# What each feature's non-view modules may import from other features.
BELOW = {
    "feed": set(),
    # Notifications sit beside the feed: the services that change things
    # notify; the list pages through with the feed's cursor; emails queue.
    "notifications": {"feed", "tasks"},
    # The login loads the navigation's unread count with the user; its
    # emails queue.
    "auth": {"notifications", "tasks"},
    "cleanings": {"auth", "feed", "notifications"},
    "offers": {"auth", "cleanings", "feed", "notifications"},
    "evaluations": {"auth", "cleanings", "offers", "feed", "notifications"},
    # The cleaners' directory reads cleaner profiles with evaluations'
    # numbers, and the job listing's price rules.
    "cleaners": {"auth", "cleanings", "offers", "evaluations"},
    # A booked clean's event reads the job's booking rules.
    "calendars": {"cleanings"},
    # Inviting a cleaner: the owner's open job (cleanings), whether they
    # offered (the offers table), and the notification.
    "invitations": {"auth", "cleanings", "notifications"},
    # Profile, account and admin pages assemble in their views; what their
    # services and forms need sits below them.
    "profiles": {"auth", "cleanings"},
    "account": {"auth"},
    "admin": {"auth"},
    "main": set(),
    # The job queue sits at the bottom: features defer onto it.
    "tasks": set(),
    # An offer's conversation: its thread reads the offer, the job and users.
    "messages": {"auth", "cleanings", "offers", "notifications", "tasks"},
    # The JSON API assembles every feature, as the pages' views do.
    "api": {"auth", "cleanings", "offers", "evaluations", "feed", "profiles"},
}
# Modules that assemble several features, free of the map above.
ASSEMBLERS = {"views.py", "seed.py"}
# What use-case code never touches: the request, the session, templates.
REQUEST_NAMES = {"request", "session", "g", "current_user", "render_template"}
USE_CASES = {"queries.py", "services.py", "forms.py", "stats.py", "access.py"}
BOTTOM = ("models.py", "rules.py", "extensions.py")


def imports(path: Path, source: str | None = None) -> list[tuple[str, set[str]]]:
    """(absolute dotted module, imported names) for every import in the
    module at `path` (its own source unless `source` is given)."""
    package = ["cleaning_app", *path.relative_to(APP).parent.parts]
    found = []
    tree = ast.parse(path.read_text() if source is None else source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            found.append((module, {alias.name for alias in node.names}))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, set()) for alias in node.names)
    return found


def feature_of(module: str, names: set[str]) -> set[str]:
    """The features a `from cleaning_app[.x] import names` reaches."""
    parts = module.split(".")
    if parts[0] != "cleaning_app":
        return set()
    if len(parts) > 1:
        return {parts[1]} & BELOW.keys()
    return names & BELOW.keys()  # from cleaning_app import offers


def crossings() -> list[str]:
    wrong = []
    for feature, allowed in BELOW.items():
        for path in sorted((APP / feature).glob("*.py")):
            if path.name in ASSEMBLERS:
                continue
            for module, names in imports(path):
                for other in feature_of(module, names) - {feature} - allowed:
                    wrong.append(f"{feature}/{path.name} imports {other} ({module})")
    return wrong


def test_features_import_only_the_features_below_them():
    assert crossings() == []


def test_the_map_has_no_cycle():
    def reaches(feature, seen=()):
        for other in BELOW[feature]:
            assert other not in seen, f"{feature} -> {other} closes a cycle"
            reaches(other, (*seen, feature))

    for feature in BELOW:
        reaches(feature)


def test_every_feature_package_is_on_the_map():
    packages = {path.parent.name for path in APP.glob("*/__init__.py")}
    # Submission keys are infrastructure the app wires, like errors and htmx.
    assert packages - {"submissions"} == BELOW.keys()


def test_the_model_layer_imports_no_feature():
    wrong = [
        f"{name} imports {module}"
        for name in BOTTOM
        for module, names in imports(APP / name)
        if feature_of(module, names)
    ]
    assert wrong == []


def test_use_cases_never_touch_the_request_or_views():
    wrong = []
    for path in sorted(APP.glob("*/*.py")):
        if path.name not in USE_CASES:
            continue
        for module, names in imports(path):
            if module.endswith(".views") or "views" in names:
                wrong.append(f"{path.relative_to(APP)} imports views ({module})")
            if module.split(".")[0] in ("flask", "flask_login") and (
                names & REQUEST_NAMES
            ):
                wrong.append(f"{path.relative_to(APP)}: {module} {names}")
            if module in ("cleaning_app.htmx", "cleaning_app.errors"):
                wrong.append(f"{path.relative_to(APP)} imports {module}")
    assert wrong == []


def test_nothing_is_imported_only_for_its_side_effect():
    """An import kept for what it does on import (`# noqa: F401`) hides a
    registration; registrations are explicit calls in create_app."""
    offenders = [
        f"{path.relative_to(APP)}:{number}"
        for path in APP.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "noqa: F401" in line
    ]
    assert offenders == []


def test_the_guard_reads_relative_imports_as_the_features_they_reach():
    path = APP / "cleanings" / "queries.py"
    source = (
        "from ..evaluations.stats import rating_summaries\n"
        "from .. import offers\n"
        "from . import services\n"
        "from ..models import Offer\n"
    )
    reached = [feature_of(module, names) for module, names in imports(path, source)]
    assert reached == [{"evaluations"}, {"offers"}, {"cleanings"}, set()]
