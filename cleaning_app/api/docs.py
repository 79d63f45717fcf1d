"""The OpenAPI document, the reference page that shows it, and CORS."""

import os

from flask import Blueprint, current_app, request

from ..htmx import render
from .core import json_response
from .openapi import document

CORS_METHODS = "GET, POST, PUT, DELETE"
CORS_HEADERS = "Authorization, Content-Type"


def openapi():
    return json_response(document())


def docs():
    """Swagger UI, vendored under static/ and started by static/js/api-docs.js
    (no inline script, so it runs under our CSP)."""
    return render("api/docs.html")


def allowed_origins() -> set[str]:
    """`CORS_ORIGINS`, comma-separated (the app's config or the environment);
    none by default."""
    value = current_app.config.get("CORS_ORIGINS") or os.environ.get("CORS_ORIGINS", "")
    if isinstance(value, list | tuple):
        value = ",".join(value)
    return {o.strip().rstrip("/") for o in value.split(",") if o.strip()}


def cors(response):
    """Cross-origin access to /api for the named origins only. Bearer tokens
    travel in a header, so no credentials mode is offered."""
    origin = request.headers.get("Origin")
    if not origin or not request.path.startswith("/api/"):
        return response
    response.vary.add("Origin")
    if origin in allowed_origins():
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
        response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
        response.headers["Access-Control-Max-Age"] = "600"
    return response


def register_docs(bp: Blueprint) -> None:
    bp.add_url_rule("/openapi.json", "openapi", openapi)
    bp.add_url_rule("/docs", "docs", docs)
    bp.after_app_request(cors)
