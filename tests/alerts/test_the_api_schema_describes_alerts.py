"""The OpenAPI schema says what the alerts API does: 202 for a subscription, 201 with the secret
for a new webhook, 401 without a token, the delivery log paged like every other list."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_subscription_and_webhook_operations_are_described(schema):
    paths = schema["paths"]
    assert set(paths["/api/v1/subscriptions/"]["post"]["responses"]) >= {"202", "400", "429"}
    assert set(paths["/api/v1/webhooks/"]["post"]["responses"]) >= {"201", "400", "401"}
    assert set(paths["/api/v1/webhooks/{id}/"]["patch"]["responses"]) >= {"200", "400", "401", "404"}
    assert set(paths["/api/v1/webhooks/{id}/rotate-secret/"]["post"]["responses"]) >= {"200", "401", "404"}
    log = paths["/api/v1/webhooks/{id}/deliveries/"]["get"]
    assert set(log["responses"]) >= {"200", "401", "404"}
    assert {"cursor", "page_size"} <= {p["name"] for p in log["parameters"]}


def test_the_secret_is_only_in_the_answer_to_creating(schema):
    components = schema["components"]["schemas"]
    created = schema["paths"]["/api/v1/webhooks/"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    listed = schema["paths"]["/api/v1/webhooks/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "secret" in components[created]["properties"]
    assert "secret" not in components[listed]["properties"]
    request = schema["paths"]["/api/v1/subscriptions/"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"email", "subject_kind", "subject", "query", "facets", "language", "frequency"} <= set(components[request]["properties"])
