"""The OpenAPI 3 schema validates, describes every endpoint, and the docs page is served locally."""

import pytest
import yaml
from django.urls import reverse
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3(client_for, provider_a_user):
    response = client_for(provider_a_user).get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)  # raises on any violation of the OpenAPI 3 specification
    paths = set(schema["paths"])
    for path in (
        "/api/pd-requests/",
        "/api/pd-requests/{id}/withdraw/",
        "/api/survey-cycles/{fiscal_year}/my-template/",
    ):
        assert path in paths
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"


def test_the_schema_needs_credentials(client):
    assert client.get(reverse("api:schema")).status_code == 401


def test_the_docs_page_loads_only_local_assets(client_for, provider_a_user):
    client = client_for(provider_a_user)
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    # The page's own script is a same-origin file (the Content-Security-Policy allows no inline script).
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
    assert b"validatorUrl" in script.content
