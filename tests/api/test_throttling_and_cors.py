"""Anonymous throttling (429 with Retry-After) and CORS, closed unless origins are named."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_rate(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "thr"}
    }
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }
    return settings


def test_the_rate_is_per_client_and_answers_429_with_retry_after(client, register, tiny_rate):
    for _ in range(3):
        assert client.get("/api/v1/towns/").status_code == 200
    response = client.get("/api/v1/products/")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "detail" in response.json()
    # Every endpoint counts against the same rate; another address has its own.
    assert client.get("/api/v1/verify/ABCD").status_code == 429
    assert client.get("/api/v1/towns/", REMOTE_ADDR="198.51.100.9").status_code == 200


def test_a_forwarded_for_header_does_not_reset_the_count(client, register, tiny_rate):
    tiny_rate.TRUSTED_PROXY_COUNT = 0
    for n in range(3):
        client.get("/api/v1/towns/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = client.get("/api/v1/towns/", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, register, tiny_rate):
    tiny_rate.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        client.get("/api/v1/towns/", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client.get("/api/v1/towns/", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    assert client.get("/api/v1/towns/", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200


def test_the_default_rate_comes_from_the_environment(settings):
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon'])"
    )
    env = {
        **os.environ,
        "API_THROTTLE_RATE": "7/hour",
        "DJANGO_SETTINGS_MODULE": "shanting_gi.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "7/hour", result.stderr
    env.pop("API_THROTTLE_RATE")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "120/min", result.stderr


class TestCors:
    ORIGIN = "https://data.example.org"

    def test_closed_by_default(self, client, register, settings):
        assert settings.CORS_ALLOWED_ORIGINS == []
        response = client.get("/api/v1/towns/", HTTP_ORIGIN=self.ORIGIN)
        assert response.status_code == 200
        assert "Access-Control-Allow-Origin" not in response

    def test_named_origins_may_read_the_api_and_exports(self, client, register, settings):
        settings.CORS_ALLOWED_ORIGINS = [self.ORIGIN]
        response = client.get("/api/v1/towns/", HTTP_ORIGIN=self.ORIGIN)
        assert response["Access-Control-Allow-Origin"] == self.ORIGIN
        export = client.get("/exports/documents.json", HTTP_ORIGIN=self.ORIGIN)
        assert export["Access-Control-Allow-Origin"] == self.ORIGIN
        other = client.get("/api/v1/towns/", HTTP_ORIGIN="https://evil.example")
        assert "Access-Control-Allow-Origin" not in other
        preflight = client.options(
            "/api/v1/complaints/",
            HTTP_ORIGIN=self.ORIGIN,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        )
        assert preflight["Access-Control-Allow-Origin"] == self.ORIGIN
        assert "POST" in preflight["Access-Control-Allow-Methods"]

    def test_never_on_the_html_pages(self, client, register, settings):
        settings.CORS_ALLOWED_ORIGINS = [self.ORIGIN]
        response = client.get("/producers/", HTTP_ORIGIN=self.ORIGIN)
        assert "Access-Control-Allow-Origin" not in response
