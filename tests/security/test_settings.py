"""Session inactivity timeout, cookies, CSRF and password rules (issue 5)."""

import os
import runpy
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory


def _production(monkeypatch, **env):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("AUDIT_HMAC_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("WEBHOOK_SECRET_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("ALLOWED_HOSTS", "records.example.test")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # Re-read the shared base settings too, with this environment (restored after the test).
    monkeypatch.delitem(sys.modules, "config.settings.base")
    return runpy.run_module("config.settings.production", run_name="production_settings_under_test")


def test_it_times_a_session_out_after_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_it_reads_the_timeouts_from_the_environment(monkeypatch):
    production = _production(
        monkeypatch, SESSION_COOKIE_AGE="900", REAUTH_MINUTES="5", AXES_FAILURE_LIMIT="3"
    )

    assert production["SESSION_COOKIE_AGE"] == 900
    assert production["REAUTH_MINUTES"] == 5
    assert production["AXES_FAILURE_LIMIT"] == 3


def test_it_sends_cookies_only_over_https_in_production(monkeypatch):
    production = _production(monkeypatch)

    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"] and production["CSRF_COOKIE_HTTPONLY"]
    assert production["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert production["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert production["SECURE_SSL_REDIRECT"] is True


def test_it_reads_the_client_address_from_the_proxy_only_when_told_there_is_one(monkeypatch):
    monkeypatch.delenv("AXES_PROXY_COUNT", raising=False)
    assert _production(monkeypatch)["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]

    behind_proxy = _production(monkeypatch, AXES_PROXY_COUNT="1")

    assert behind_proxy["AXES_IPWARE_PROXY_COUNT"] == 1
    assert behind_proxy["AXES_IPWARE_META_PRECEDENCE_ORDER"][0] == "HTTP_X_FORWARDED_FOR"


def test_it_still_passes_the_security_deployment_checks(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(64),
        "WEBHOOK_SECRET_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "example.test",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "security", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short-pw-1", "at least 12 characters"),
        ("password1234", "too common"),
        ("804518936152", "entirely numeric"),
        ("olwen.prydderch", "too similar"),
    ],
)
def test_it_refuses_weak_passwords(password, message):
    person = UserFactory(username="olwen.prydderch", first_name="Olwen", last_name="Prydderch")

    with pytest.raises(ValidationError, match=message):
        validate_password(password, user=person)


@pytest.mark.django_db
def test_it_accepts_a_long_uncommon_password():
    validate_password("quiet-harbour-lantern-42", user=UserFactory())


@pytest.mark.django_db
def test_it_signs_the_user_out_when_the_session_has_expired(client, caseworker):
    client.force_login(caseworker)
    session = client.session
    session.set_expiry(-1)
    session.save()

    response = client.get(reverse("dashboard"))

    assert response["Location"].startswith(reverse("login"))
