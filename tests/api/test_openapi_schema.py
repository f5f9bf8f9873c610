"""The OpenAPI schema validates without warnings; the docs are served from our own static files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_schema_validates_with_no_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={**__import__("os").environ, "DEBUG": "1"},
    )
    assert result.returncode == 0, result.stderr
    schema = yaml.safe_load(out.read_text())
    paths = schema["paths"]
    assert {"/api/v1/motions/{key}/", "/api/v1/changes/", "/api/v1/letters/", "/api/v1/citations/{id}/confirm/"} <= set(paths)
    key = next(p for p in paths["/api/v1/motions/{key}/"]["get"]["parameters"] if p["name"] == "key")
    assert key["schema"]["type"] == "string" and key["schema"]["pattern"]
    status = paths["/api/v1/motions/{key}/status/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "409", "412", "428"} <= set(status)
    assert set(paths["/api/v1/letters/"]["post"]["responses"]) >= {"202", "303"}
    assert "304" in paths["/api/v1/motions/"]["get"]["responses"]
    assert schema["components"]["schemas"]["Error"]["properties"]["error"]


@pytest.mark.django_db
def test_the_docs_page_loads_its_assets_locally(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower() and "jsdelivr" not in page.lower()
    assert client.get("/api/schema/").status_code == 200
