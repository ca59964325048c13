import pytest

pytestmark = pytest.mark.django_db


def test_it_reports_healthy_with_the_database_reachable(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_echoes_a_well_formed_request_id(client):
    response = client.get("/health/", headers={"X-Request-ID": "probe-123"})

    assert response["X-Request-ID"] == "probe-123"


def test_it_refuses_anything_but_get(client):
    assert client.post("/health/").status_code == 405
