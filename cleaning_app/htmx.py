"""Page or fragment: one helper decides, so every view answers alike.

A request from htmx (HX-Request without HX-Boosted) gets only the named
block of the page template; everything else gets the full page. Responses
that differ this way say so with `Vary: HX-Request`.

Out-of-band updates are blocks too (`oob_blocks`), rendered after the named
one. Their elements carry `hx-swap-oob`, so they stand at the top level of
the page template, outside every block base.html has: the full page, which
shows the same things in place, leaves them out.
"""

from collections.abc import Sequence

from flask import make_response, render_template, request
from jinja2_fragments.flask import render_blocks


def is_htmx() -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
    )


def render(
    template: str,
    block: str | None = None,
    status: int = 200,
    oob_blocks: Sequence[str] = (),
    **context,
):
    if block and is_htmx():
        body = render_blocks(template, [block, *oob_blocks], **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response
