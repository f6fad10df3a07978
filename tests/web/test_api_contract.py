"""The API's contract: one error body, documented in the schema for every error status;
iamc.csv documented as text/csv; Swagger UI and ReDoc served from the package (offline)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from carbonpeak.web.errors import ErrorBody

ERROR_STATUSES = ("400", "401", "403", "404", "409", "413", "422", "429", "503")


def test_the_docs_load_only_local_assets(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = client.get(page)
        assert html.status_code == 200
        assert not re.search(r"https?://", html.text), f"{page} refers to another site"
        assets = re.findall(r'(?:src|href)="(/[^"]+)"', html.text)
        assert assets and all(client.get(a).status_code == 200 for a in assets)


def test_every_operation_documents_the_error_body(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "ErrorBody" in schema["components"]["schemas"]
    missing = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            for status in ERROR_STATUSES:
                ref = op["responses"].get(status, {}).get("content", {})
                ref = ref.get("application/json", {}).get("schema", {}).get("$ref", "")
                if not ref.endswith("/ErrorBody"):
                    missing.append(f"{method.upper()} {path} {status}")
    assert missing == []
    iamc = schema["paths"]["/api/v1/scenarios/{name}/iamc.csv"]["get"]["responses"]["200"]
    assert list(iamc["content"]) == ["text/csv"]


def test_errors_have_the_documented_shape(client: TestClient) -> None:
    for response in (
        client.get("/api/v1/plans/999"),  # 404
        client.get("/api/v1/auth/me"),  # 401
        client.post("/api/v1/scenarios/plan/run", json={"draws": "many"}),  # 422
        client.get("/api/v1/nowhere"),  # 404 of the router
    ):
        assert response.status_code >= 400
        body = ErrorBody.model_validate(response.json())
        assert body.detail and set(response.json()) == {"detail", "problems", "problems_total"}
    invalid = client.post("/api/v1/scenarios/plan/run", json={"draws": "many"}).json()
    assert invalid["problems"][0]["field"] == "body.draws"
