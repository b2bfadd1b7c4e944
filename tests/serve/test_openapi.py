"""The OpenAPI document, and schemathesis run against it: no 5xx, answers as described."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from starlette.testclient import TestClient
from tests.serve import schemathesis_hooks  # noqa: F401 - it registers TOML bodies

from velfaerd.serve import ENDPOINTS, Limits, create_app
from velfaerd.serve._openapi import EXAMPLE_NAME, document, example, revised_example

ROOT = Path(__file__).parent.parent.parent
APP = create_app()

# The suite runs the examples and a few generated cases of every operation (and every
# method it does not have); the coverage phase's hundreds of boundary cases are for
# the run by hand (docs/serve.md: schemathesis run against a server).
_CONFIG = schemathesis.config.SchemathesisConfig()
_CONFIG.projects.default.phases.coverage.enabled = False
# The document as the application makes it, read without a client: a client at import
# would leave its thread running while the other tests (of the pool) run.
SCHEMA = schemathesis.openapi.from_dict(document(ENDPOINTS, Limits()), config=_CONFIG)
SCHEMA.app = APP


def test_the_example_is_the_examples_document() -> None:
    assert example() == (ROOT / "examples" / EXAMPLE_NAME).read_text(encoding="utf-8")


def test_every_schema_is_named_and_described() -> None:
    document: dict[str, Any] = TestClient(APP).get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    schemas = document["components"]["schemas"]
    undescribed = [name for name, schema in schemas.items() if not schema.get("description")]
    assert undescribed == []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {})
            answers = [
                media
                for response in operation["responses"].values()
                for media in response.get("content", {}).values()
            ]
            for media in [*body.values(), *answers]:
                assert set(media["schema"]) == {"$ref"}, (method, path)  # by name


@pytest.mark.parametrize(
    ("path", "request_schema", "answer_schema"),
    [
        ("/v1/check", "CheckRequest", "Report"),
        ("/v1/status", "StatusRequest", "Status"),
        ("/v1/diff", "DiffRequest", "Diff"),
    ],
)
def test_the_examples_are_valid_and_are_what_the_service_answers(
    path: str, request_schema: str, answer_schema: str
) -> None:
    client = TestClient(APP)
    document = client.get("/openapi.json").json()
    operation = document["paths"][path]["post"]
    request = operation["requestBody"]["content"]["application/json"]["example"]
    answer = operation["responses"]["200"]["content"]["application/json"]["example"]
    assert EXAMPLE_NAME in request.get("files", request.get("new"))
    assert client.post(path, json=request).json() == answer
    resolver = {"$ref": f"#/components/schemas/{answer_schema}", **document}
    jsonschema.validate(answer, resolver)
    jsonschema.validate(request, {"$ref": f"#/components/schemas/{request_schema}", **document})


def test_the_diffs_example_is_the_examples_document_revised() -> None:
    request = document(ENDPOINTS, Limits())["paths"]["/v1/diff"]["post"]["requestBody"]
    example_request = request["content"]["application/json"]["example"]
    assert example_request["old"] == {EXAMPLE_NAME: example()}
    assert example_request["new"] == {EXAMPLE_NAME: revised_example()}
    assert revised_example().count("\n") == example().count("\n") + 1  # one line added


@SCHEMA.parametrize()
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_the_api_keeps_its_description(case: schemathesis.Case[Any]) -> None:
    # Every check but one: a schema cannot say every rule a request keeps (a file name
    # written plainly, a date that exists, a code some rule has, no query beside a
    # JSON body), and such a request is refused with a 422 naming its key.
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
