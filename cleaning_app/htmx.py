"""Page or fragment: one helper decides, so every view answers alike.

A request from htmx (HX-Request without HX-Boosted) gets only the named
block of the page template; everything else gets the full page. Responses
that differ this way say so with `Vary: HX-Request`.
"""

from flask import make_response, render_template, request
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
    )


def render(template: str, block: str | None = None, status: int = 200, **context):
    if block and is_htmx():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response
