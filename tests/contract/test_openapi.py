"""The published contract (/api/v1/openapi.json) is the one the API keeps: each component
is the class of that name, the bodies are documented as they are validated, and input
is held to the documented types (keyplan issue #19)."""

from __future__ import annotations

import typing
from collections import defaultdict

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from pydantic import BaseModel

from keyplan.api.api import api, on_forbidden
from keyplan.core.api.schemas import InputSchema, PatchSchema, json_types
from tests.support import assert_error

SCHEMA = api.get_openapi_schema(path_prefix="/api/v1/")
COMPONENTS = SCHEMA["components"]["schemas"]


def _models_in(annotation, found: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models_in(field.annotation, found)
        return
    for arg in typing.get_args(annotation):
        _models_in(arg, found)


def _operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _registered_models() -> set[type[BaseModel]]:
    """Every pydantic class ninja documents: in parameters, bodies and responses."""
    found: set[type[BaseModel]] = set()
    for operation in _operations():
        wrappers = [*operation.models, *operation.response_models.values()]
        for wrapper in wrappers:
            for field in getattr(wrapper, "model_fields", {}).values():
                _models_in(field.annotation, found)
    return found


MODELS = _registered_models()


def _body_models() -> set[type[InputSchema]]:
    found: set[type[BaseModel]] = set()
    for operation in _operations():
        for wrapper in operation.models:
            if wrapper.__ninja_param_source__ == "body":
                for field in wrapper.model_fields.values():
                    _models_in(field.annotation, found)
    return found  # type: ignore[return-value]


def _resolve(schema: dict) -> dict:
    ref = schema.get("$ref")
    return COMPONENTS[ref.rsplit("/", 1)[-1]] if ref else schema


def test_no_two_schema_classes_share_a_component_name():
    by_name: dict[str, list[str]] = defaultdict(list)
    for model in MODELS:
        by_name[model.__name__].append(f"{model.__module__}.{model.__qualname__}")

    shared = {name: paths for name, paths in by_name.items() if len(paths) > 1}

    assert not shared, f"one OpenAPI component for several classes: {shared}"


def test_each_component_documents_the_fields_of_its_class():
    wrong = []
    for model in MODELS:
        component = COMPONENTS.get(model.__name__)
        if component is None:
            continue  # flattened into parameters, not a component
        expected = {field.alias or name for name, field in model.model_fields.items()}
        if set(component.get("properties", {})) != expected:
            wrong.append(model.__name__)

    assert not wrong


def test_the_suggestion_decision_documents_what_it_requires():
    operation = SCHEMA["paths"]["/api/v1/portfolio/suggestions/{suggestion_id}/decision"]["post"]

    body = _resolve(operation["requestBody"]["content"]["application/json"]["schema"])

    assert set(body["properties"]) == {"accept", "comment"}
    assert body["required"] == ["accept"]
    assert body["properties"]["accept"]["type"] == "boolean"


def test_every_body_is_strict():
    loose = [m.__name__ for m in _body_models() if not issubclass(m, InputSchema)]
    loose += [m.__name__ for m in _body_models() if m.model_config.get("extra") != "forbid"]
    loose += [m.__name__ for m in _body_models() if not m.CHECK_JSON_TYPES]

    assert not loose


def test_patch_fields_accept_null_exactly_where_documented():
    wrong = []
    for model in _body_models():
        if issubclass(model, PatchSchema):
            documented = {name for name, types in json_types(model).items() if "null" in types}
            if documented != set(model.NULLABLE):
                wrong.append((model.__name__, sorted(documented ^ set(model.NULLABLE))))

    assert not wrong


def _python_named_limits(schema, where: str = ""):
    if isinstance(schema, dict):
        for key in ("ge", "le", "gt", "lt"):
            if key in schema:
                yield f"{where}.{key}"
        if schema.get("type") == "array" and ("maxLength" in schema or "minLength" in schema):
            yield f"{where}: a list limited by length"
        for key, value in schema.items():
            yield from _python_named_limits(value, f"{where}.{key}")
    elif isinstance(schema, list):
        for item in schema:
            yield from _python_named_limits(item, where)


def test_limits_are_published_under_their_json_schema_names():
    assert not list(_python_named_limits(COMPONENTS))
    patch = COMPONENTS["InteractionPatch"]["properties"]
    assert patch["duration_minutes"]["maximum"] == 24 * 60
    assert patch["our_people"]["maxItems"] == 100
    assert COMPONENTS["QuestionPatch"]["properties"]["key"]["pattern"] == r"^[-a-zA-Z0-9_]+$"


@pytest.fixture
def owner_api(api):
    return api("owner")


def test_an_unknown_body_field_is_refused_by_name(world, owner_api):
    response = owner_api.patch(f"/accounts/{world.account.pk}", {"name": "New", "colour": "red"})

    body = assert_error(response, 422, "colour")
    world.account.refresh_from_db()
    assert world.account.name != "New"
    assert body["errors"]["colour"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("owner_id", True),  # true is not an integer
        ("owner_id", "1"),  # nor is text
        ("name", 5),  # a number is not a string
        ("interest_recorded_on", 0),  # nor a date
    ],
)
def test_a_body_value_must_have_the_documented_json_type(world, owner_api, field, value):
    response = owner_api.patch(f"/accounts/{world.account.pk}", {field: value})

    assert_error(response, 422, field)


def test_query_parameters_are_still_read_from_text(world, owner_api):
    response = owner_api.get("/accounts", {"page": "1"})

    assert response.status_code == 200


def test_a_refused_read_is_not_told_it_may_read():
    read = on_forbidden(RequestFactory().get("/api/v1/anything"), PermissionDenied())
    write = on_forbidden(RequestFactory().patch("/api/v1/anything"), PermissionDenied())

    assert read.status_code == 403
    assert b"read this" not in read.content
    assert b"You may read this but not change it." in write.content
