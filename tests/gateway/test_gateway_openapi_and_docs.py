"""One OpenAPI document for the suite, and Swagger UI served from the gateway itself."""
import json

import pytest
from jsonschema import Draft202012Validator
from swagger_ui_bundle import swagger_ui_path

pytestmark = pytest.mark.unit


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolve(document: dict, ref: str):
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


@pytest.fixture
def merged(gateway) -> dict:
    response = gateway.request("GET", "/openapi.json")
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/json"
    return json.loads(response.data)


def test_the_merged_document_has_every_services_paths(merged):
    assert {"/v1/notices/{id}", "/v1/bids/{id}", "/v1/identity/{id}"} <= set(merged["paths"])
    assert merged["openapi"].startswith("3.1")
    assert merged["info"]["title"] == "Procure API"


def test_schema_names_are_prefixed_with_their_service(merged):
    schemas = merged["components"]["schemas"]

    assert {"NoticesNotice", "NoticesNoticeTitle", "NoticesError", "BidsBid", "BidsError"} <= set(schemas)
    assert "Error" not in schemas and "Notice" not in schemas


def test_every_ref_is_rewritten_and_resolves(merged):
    refs = list(_refs(merged))

    assert "#/components/schemas/NoticesNotice" in refs
    assert "#/components/responses/BidsDEFAULT_ERROR" in refs
    for ref in refs:
        _resolve(merged, ref)


def test_each_schema_is_valid_json_schema(merged):
    for schema in merged["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_the_bearer_scheme_is_kept(merged):
    assert merged["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert merged["paths"]["/v1/bids/{id}"]["get"]["security"] == [{"bearer": []}]


def test_a_service_that_is_down_is_left_out_and_named(start_gateway, dead_url):
    gateway = start_gateway(alerts_url=dead_url)

    response = gateway.request("GET", "/openapi.json")

    assert response.status == 200
    document = json.loads(response.data)
    assert document["x-procure-unavailable"] == ["alerts"]
    assert "alerts" in document["info"]["description"]
    assert "/v1/notices/{id}" in document["paths"]
    assert not any(path.startswith("/v1/alerts") for path in document["paths"])


def test_the_merged_document_is_cached_between_requests(start_gateway, services):
    gateway = start_gateway(openapi_cache_seconds=300)
    before = services["bids"].openapi_requests

    first = gateway.request("GET", "/openapi.json").data
    second = gateway.request("GET", "/openapi.json").data

    assert first == second
    assert services["bids"].openapi_requests == before + 1


def test_without_a_cache_period_every_request_asks_the_services(start_gateway, services):
    gateway = start_gateway(openapi_cache_seconds=0)
    before = services["bids"].openapi_requests

    gateway.request("GET", "/openapi.json")
    gateway.request("GET", "/openapi.json")

    assert services["bids"].openapi_requests == before + 2


def test_the_docs_page_loads_swagger_ui_from_the_gateway_only(gateway):
    response = gateway.request("GET", "/docs")

    page = response.data.decode()
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert '"/openapi.json"' in page
    assert "/docs/assets/swagger-ui-bundle.js" in page
    assert "https://" not in page and "http://" not in page


def test_a_swagger_ui_asset_is_served_from_the_installed_package(gateway):
    response = gateway.request("GET", "/docs/assets/swagger-ui-bundle.js")

    assert response.status == 200
    assert response.data == (swagger_ui_path / "swagger-ui-bundle.js").read_bytes()


def test_a_missing_asset_is_a_404_problem(gateway, problem):
    response = gateway.request("GET", "/docs/assets/../../config.py")

    assert response.status == 404
    problem(response)
