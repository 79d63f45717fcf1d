"""A guard for how htmx fragments are rendered.

`render()` answers an htmx request with one block of a page template
(jinja2-fragments). A block rendered on its own does not run the template's
top level, so a macro imported there is missing and the fragment fails with
a 500. Imports belong inside the blocks that use them."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TAG = re.compile(r"{%-?\s*(block|endblock|from|import)\b")


def top_level_imports(source: str) -> list[str]:
    depth, found = 0, []
    for match in TAG.finditer(source):
        tag = match.group(1)
        if tag == "block":
            depth += 1
        elif tag == "endblock":
            depth -= 1
        elif depth == 0:
            line = source.count("\n", 0, match.start()) + 1
            found.append(f"line {line}")
    return found


def test_page_templates_import_macros_inside_their_blocks():
    offenders = {
        str(path.relative_to(TEMPLATES)): top_level_imports(path.read_text())
        for path in TEMPLATES.rglob("*.html")
        if "{% extends" in path.read_text()
    }
    assert {name: lines for name, lines in offenders.items() if lines} == {}


def test_the_guard_notices_a_top_level_import():
    source = '{% extends "base.html" %}{% from "_forms.html" import field %}'
    assert top_level_imports(source + "{% block a %}{% endblock %}") == ["line 1"]
    inside = '{% block a %}{% from "_forms.html" import field %}{% endblock %}'
    assert top_level_imports(inside) == []
