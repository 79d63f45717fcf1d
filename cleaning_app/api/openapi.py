"""The OpenAPI 3.1 document, generated from the operations `core` records
and their pydantic models: never written by hand, so it can't drift."""

from functools import cache

from pydantic import TypeAdapter

from . import schemas as s
from .core import OPERATIONS, PATH_TYPES, Operation

REF = "#/components/schemas/{model}"
ERROR_MODELS = {422: s.ValidationFailure}
DESCRIPTIONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not Found",
    422: "Validation Error",
    429: "Too Many Requests",
}


class _Schemas:
    """Collects the models' definitions into `components`."""

    def __init__(self):
        self.components: dict = {}

    def of(self, kind, mode: str = "serialization") -> dict:
        schema = TypeAdapter(kind).json_schema(mode=mode, ref_template=REF)
        self.components.update(schema.pop("$defs", {}))
        title = getattr(kind, "__name__", None)
        if schema.get("title") == title and "properties" in schema:
            self.components[title] = schema
            return {"$ref": REF.format(model=title)}
        return schema


def _parameters(op: Operation, schemas: _Schemas) -> list[dict]:
    params = [
        {
            "name": n,
            "in": "path",
            "required": True,
            "schema": schemas.of(PATH_TYPES[n], "validation"),
        }
        for n in op.params
    ]
    if op.query is not None:
        props = op.query.model_json_schema(ref_template=REF)["properties"]
        params += [
            {"name": n, "in": "query", "required": False, "schema": props[n]}
            for n in op.query.model_fields
        ]
    return params


def _request_body(op: Operation, schemas: _Schemas) -> dict:
    body = op.body
    if body.form:
        media = "application/x-www-form-urlencoded"
        schema = schemas.of(body.model, "validation")
    else:
        media = "application/json"
        schema = schemas.of(body.envelope if body.key else body.model, "validation")
    return {"required": body.required, "content": {media: {"schema": schema}}}


def _responses(op: Operation, schemas: _Schemas) -> dict:
    answers = {}
    if op.status == 204:
        answers["204"] = {"description": DESCRIPTIONS[204]}
    else:
        content = {"application/json": {"schema": schemas.of(op.response)}}
        answers[str(op.status)] = {
            "description": DESCRIPTIONS[op.status],
            "content": content,
        }
    for code in sorted({*op.errors, *((401,) if op.auth else ())}):
        model = ERROR_MODELS.get(code, s.ErrorDetail)
        answers[str(code)] = {
            "description": DESCRIPTIONS[code],
            "content": {"application/json": {"schema": schemas.of(model)}},
        }
    return answers


def _operation(op: Operation, schemas: _Schemas) -> dict:
    doc = {
        "tags": [op.tag],
        "operationId": op.endpoint,
        "summary": " ".join(op.summary.split()) or op.endpoint.replace("_", " "),
        "parameters": _parameters(op, schemas),
        "responses": _responses(op, schemas),
    }
    if op.body is not None:
        doc["requestBody"] = _request_body(op, schemas)
    if op.auth:
        doc["security"] = [{"bearer": []}]
    return doc


@cache
def document() -> dict:
    schemas = _Schemas()
    paths: dict = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Phresh",
            "version": "1.0.0",
            "description": "The JSON API of Phresh, wire-compatible with the "
            "original Phresh backend. Get a token from "
            "`POST /api/users/login/token/` and send it as "
            "`Authorization: Bearer <token>`.",
        },
        "paths": paths,
        "components": {
            "schemas": dict(sorted(schemas.components.items())),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from the login or sign-up.",
                }
            },
        },
    }
