"""The API's one route decorator and the request checks it runs, in the
CONTRACT's order: authentication (401), path (422), query (422); the view
then looks things up (404), asks the services (403, 400) and only then
reads its body (422) through the `body` callable it is given.

Each route is recorded as an `Operation`: the OpenAPI document is built
from these records and the same pydantic models the checks use."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, wraps
from types import FunctionType
from typing import Any

from flask import Blueprint, Response, g, request
from pydantic import BaseModel, TypeAdapter, ValidationError, create_model

from ..auth import bearer
from ..models import User
from ..readerpages import answer_for
from . import schemas

BEARER = {"WWW-Authenticate": "Bearer"}
NOT_AUTHENTICATED = "Not authenticated"
BAD_TOKEN = "Could not validate token credentials."  # noqa: S105
INACTIVE = "Not an active user."
PATH_TYPES = {"cleaning_id": schemas.Id, "username": schemas.Username}


class ApiError(Exception):
    """An answer `{"detail": ...}` with `status`."""

    def __init__(self, status: int, detail: Any, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


def invalid(error: ValidationError, *prefix: str | int) -> ApiError:
    """A 422 in FastAPI's shape: `loc` starts with body, path or query."""
    issues = [
        {"loc": [*prefix, *issue["loc"]], "msg": issue["msg"], "type": issue["type"]}
        for issue in error.errors(include_url=False)
    ]
    return ApiError(422, issues)


@dataclass(frozen=True)
class Body:
    """What a request body holds: `model`, under `key` when the original
    embeds it (`{"new_user": {...}}`); a form for the login."""

    model: type[BaseModel]
    key: str | None = None
    required: bool = True
    form: bool = False

    @property
    def envelope(self) -> type[BaseModel]:
        return _envelope(self.model, self.key)


@cache
def _envelope(model: type[BaseModel], key: str) -> type[BaseModel]:
    return create_model(f"Body_{key}", **{key: (model, ...)})


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI's form: /api/cleanings/{cleaning_id}/
    endpoint: str
    summary: str
    tag: str
    status: int
    response: Any
    errors: tuple[int, ...]
    auth: bool
    body: Body | None = None
    query: type[BaseModel] | None = None
    params: tuple[str, ...] = field(default=())


# Every installed operation, in order: what the OpenAPI document describes.
OPERATIONS: list[Operation] = []


def operation(
    method: str,
    path: str,
    *,
    status=200,
    response=None,
    body=None,
    query=None,
    auth=True,
    errors=(),
    tag="",
):
    """Declare the view of `method` on `path` (below /api, with `{name}`
    parameters); `install` adds it to the blueprint."""

    def register(view: Callable) -> Callable:
        params = tuple(p.split("}")[0] for p in path.split("{")[1:])
        endpoint = f"{view.__module__.rsplit('.', 1)[-1]}_{view.__name__}"
        op = Operation(
            method,
            "/api" + path,
            endpoint,
            (view.__doc__ or "").strip(),
            tag,
            status,
            response,
            tuple(errors),
            auth,
            body,
            query,
            params,
        )

        @wraps(view)
        def run(**path_values):
            kwargs = {}
            if auth:
                kwargs["user"] = current_api_user()
            kwargs.update(_path(path_values))
            if query is not None:
                kwargs["query"] = _validated(query, request.args.to_dict(), "query")
            if body is not None:
                kwargs["body"] = lambda: read_body(body)
            # A holder's GET answer is kept as a logged-in reader's page is.
            return answer_for(
                kwargs.get("user"), lambda: respond(view(**kwargs), status, response)
            )

        run.operation = op
        return run

    return register


def install(bp: Blueprint, *modules) -> None:
    """Add every operation the modules declare to the blueprint (and so to
    the OpenAPI document)."""
    for module in modules:
        for view in vars(module).values():
            if not isinstance(view, FunctionType):
                continue  # such as `request`, which only works in a request
            op = getattr(view, "operation", None)
            if isinstance(op, Operation) and op not in OPERATIONS:
                rule = op.path.removeprefix("/api").replace("{", "<").replace("}", ">")
                bp.add_url_rule(rule, op.endpoint, view, methods=[op.method])
                OPERATIONS.append(op)


def current_api_user() -> User:
    """The holder of the request's bearer token; cookies never count here."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header or scheme.lower() != "bearer":
        raise ApiError(401, NOT_AUTHENTICATED, BEARER)
    user = bearer.holder(token.strip())
    if user is None:
        raise ApiError(401, BAD_TOKEN, BEARER)
    if not user.is_active:
        raise ApiError(401, INACTIVE, BEARER)
    g.api_token = token.strip()
    return user


def _path(values: dict) -> dict:
    checked = {}
    for name, value in values.items():
        try:
            checked[name] = _adapter(PATH_TYPES[name]).validate_strings(value)
        except ValidationError as error:
            raise invalid(error, "path", name) from None
    return checked


@cache
def _adapter(kind) -> TypeAdapter:
    return TypeAdapter(kind)


def _validated(model: type[BaseModel], data, *prefix):
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise invalid(error, *prefix) from None


def read_body(body: Body):
    if body.form:
        return _validated(body.model, request.form.to_dict(), "body")
    raw = request.get_data(cache=True)
    if not raw.strip() and not body.required:
        return body.model()
    try:
        if body.key is None:
            return body.model.model_validate_json(raw or b"null")
        return getattr(body.envelope.model_validate_json(raw or b"null"), body.key)
    except ValidationError as error:
        raise invalid(error, "body") from None


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status, headers, mimetype="application/json")


def respond(result, status: int, response) -> Response:
    if not isinstance(result, Response):
        data = _adapter(response).dump_python(result, mode="json")
        result = json_response(data, status)
    # Answers for one token's holder: no cache keeps them.
    result.headers["Cache-Control"] = "no-store"
    return result
