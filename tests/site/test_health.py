import pytest
from django.db import OperationalError
from django.urls import reverse

from shanting_gi.pages import views


@pytest.mark.django_db
def test_healthz_reports_ok_with_a_working_database(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    # Load balancers must never see a cached "ok".
    assert "no-cache" in response["Cache-Control"]


class BrokenConnection:
    def cursor(self):
        raise OperationalError("connection refused")


def test_healthz_reports_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr(views, "connection", BrokenConnection())

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "OperationalError"}
