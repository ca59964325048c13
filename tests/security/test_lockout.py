"""Sign-in throttling with django-axes: after AXES_FAILURE_LIMIT wrong passwords for one
username from one address, that pair is refused for the cool-off period."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from api.scopes import Scope
from api.services import api_client_create, api_token_issue
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _attempt(client, user, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": user.username, "password": password}, REMOTE_ADDR=address)


def _fail_until_locked(client, user, address="10.0.0.1"):
    responses = [_attempt(client, user, "wrong", address) for _ in range(settings.AXES_FAILURE_LIMIT)]
    return responses[-1]


def test_it_reads_the_limits_from_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert dt.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


@time_machine.travel(START, tick=False)
def test_it_locks_a_username_out_after_the_failure_limit_with_a_clear_page(client, caseworker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, caseworker, "wrong").status_code == 200

    response = _attempt(client, caseworker, "wrong")

    content = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in content
    assert "blocked for 15 minutes" in content
    assert "wrong 5 times in a row" in content
    assert AccessAttempt.objects.get(username=caseworker.username).failures_since_start == 5


@time_machine.travel(START, tick=False)
def test_it_refuses_even_the_right_password_while_locked_out(client, caseworker):
    _fail_until_locked(client, caseworker)

    response = _attempt(client, caseworker, DEFAULT_PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_lets_the_user_in_again_after_the_cool_off(client, caseworker):
    with time_machine.travel(START, tick=False):
        _fail_until_locked(client, caseworker)
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        response = _attempt(client, caseworker, DEFAULT_PASSWORD)

    assert response["Location"] == reverse("dashboard")
    # A successful sign-in clears the failures.
    assert not AccessAttempt.objects.filter(username=caseworker.username).exists()


@time_machine.travel(START, tick=False)
def test_it_does_not_let_a_guesser_elsewhere_lock_the_user_out(client, caseworker):
    _fail_until_locked(client, caseworker, address="203.0.113.9")

    response = _attempt(client, caseworker, DEFAULT_PASSWORD, address="10.0.0.1")

    assert response["Location"] == reverse("dashboard")


@time_machine.travel(START, tick=False)
def test_it_counts_wrong_passwords_on_the_confirm_it_is_you_page(client, caseworker):
    client.force_login(caseworker)
    url = reverse("reauthenticate")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"password": "wrong"}, REMOTE_ADDR="10.0.0.1").status_code == 400

    response = client.post(url, {"password": "wrong"}, REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 429


@time_machine.travel(START, tick=False)
def test_it_leaves_api_token_clients_alone(client, caseworker, org):
    api_client = api_client_create(
        acting_user=None, organisation=org, name="Case system", scopes=[Scope.RECORDS_READ]
    )
    token = api_token_issue(acting_user=None, client=api_client).plaintext
    _fail_until_locked(client, caseworker, address="127.0.0.1")

    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert client.get("/api/v1/records/", HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401
    response = client.get("/api/v1/records/", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    # Token requests never count as sign-in attempts.
    assert AccessAttempt.objects.count() == 1
