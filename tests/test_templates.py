"""A guard for how htmx fragments are rendered.

`render()` answers an htmx request with one block of a page template
(jinja2-fragments). A block rendered on its own does not run the template's
top level, so a macro imported there is missing and the fragment fails with
a 500. Imports belong inside the blocks that use them.

Templates say a thing once: no block that nothing renders, and the form
macros alone write a form's token, submission key and field limits."""

import ast
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


APP = TEMPLATES.parent / "cleaning_app"
BLOCK = re.compile(r"{%-?\s*block\s+(\w+)")
EXTENDS = re.compile(r"""{%-?\s*extends\s+["']([^"']+)["']""")
COMMENT = re.compile(r"{#.*?#}", re.DOTALL)


def _pages() -> dict[str, str]:
    return {
        str(path.relative_to(TEMPLATES)): COMMENT.sub("", path.read_text())
        for path in TEMPLATES.rglob("*.html")
    }


def rendered_blocks(source: str) -> tuple[set[tuple[str, str]], set[str]]:
    """The (template, block) pairs this Python source's `render()` calls
    name, and the block names any call passes as `oob_blocks` (a view may
    hand them on to render)."""
    pairs, oob = set(), set()
    for call in ast.walk(ast.parse(source)):
        if not isinstance(call, ast.Call):
            continue
        keywords = {keyword.arg: keyword.value for keyword in call.keywords}
        if isinstance(keywords.get("oob_blocks"), ast.List):
            oob |= {item.value for item in keywords["oob_blocks"].elts}
        if getattr(call.func, "id", None) != "render" or not call.args:
            continue
        block = call.args[1] if len(call.args) > 1 else keywords.get("block")
        if isinstance(call.args[0], ast.Constant) and block is not None:
            pairs.add((call.args[0].value, block.value))
    return pairs, oob


def dead_blocks(pages: dict[str, str], python: list[str]) -> list[str]:
    """Blocks that are neither rendered on their own (the fragment, or out
    of band) nor part of inheritance (filled in by a child, or filling in
    a parent's)."""
    pairs, oob = set(), set()
    for source in python:
        found = rendered_blocks(source)
        pairs |= found[0]
        oob |= found[1]
    blocks = {template: BLOCK.findall(source) for template, source in pages.items()}
    for child, source in pages.items():
        for parent in EXTENDS.findall(source):
            shared = set(blocks[child]) & set(blocks.get(parent, []))
            pairs |= {(t, name) for t in (child, parent) for name in shared}
    return [
        f"{template}: {name}"
        for template, names in blocks.items()
        for name in names
        if (template, name) not in pairs and name not in oob
    ]


def test_every_block_is_rendered_alone_or_filled_in_by_a_child():
    python = [path.read_text() for path in APP.rglob("*.py")]
    assert dead_blocks(_pages(), python) == []


def test_the_guard_notices_a_dead_block():
    pages = {
        "base.html": "{% block content %}{% endblock %}{% block gone %}{% endblock %}",
        "page.html": '{% extends "base.html" %}{% block content %}'
        "{% block list %}{% endblock %}{% block count %}{% endblock %}"
        "{% block stale %}{% endblock %}{% endblock %}",
    }
    views = 'render("page.html", "list", oob_blocks=["count"])'
    assert dead_blocks(pages, [views]) == ["base.html: gone", "page.html: stale"]


def test_forms_and_fields_are_written_by_the_form_macros_only():
    """post_form() writes the token and submission key of every form that
    changes something; the widgets write the limits the validators set."""
    repeated = re.compile(
        r'name="csrf_token"|form\.csrf_token|submission_key'
        r"|maxlength|minlength|required=|<textarea"
    )
    offenders = {
        template: sorted(set(repeated.findall(source)))
        for template, source in _pages().items()
        if template != "_forms.html" and repeated.search(source)
    }
    assert offenders == {}
