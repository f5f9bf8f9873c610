"""/api/v1/ lists every resource, and the docs and schema answer under /api/v1/ as README says."""

import pytest


def test_the_root_lists_every_resource_and_each_link_answers(api, db):
    body = api.get("/api/v1/").json()
    for name in ("motions", "commitments", "dossiers", "kamerstukken", "letters", "citations", "members", "parties",
                 "ministries", "changes", "subscriptions", "webhooks", "schema", "docs"):
        assert name in body, name
    assert body["citations"].endswith("/api/v1/citations/{id}/")  # read one at a time, by id
    for name, url in body.items():
        if "{id}" in url:
            continue
        path = url.split("://", 1)[-1].split("/", 1)[-1]
        response = api.get("/" + path)
        # webhooks and subscriptions (GET) need a token: a 401 or 405 is an answer, a 404 is not.
        assert response.status_code in (200, 401, 403, 405), (name, url, response.status_code)


@pytest.mark.parametrize("old, new", [("/api/docs/", "/api/v1/docs/"), ("/api/schema/", "/api/v1/schema/")])
def test_docs_and_schema_answer_at_both_addresses(api, db, old, new):
    assert api.get(old).status_code == 200
    assert api.get(new).status_code == 200


def test_the_docs_under_v1_load_the_schema_under_v1(api, db):
    page = api.get("/api/v1/docs/").content.decode()
    assert "/api/v1/schema/" in page or "/api/v1/docs/?script" in page
