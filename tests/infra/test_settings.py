"""Production settings refuse to start insecurely and pass Django's deployment checks."""

import os
import runpy
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _load_production_settings():
    return runpy.run_module("config.settings.production", run_name="production_settings_under_test")


def test_it_refuses_to_load_production_settings_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.test")

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        _load_production_settings()


def test_it_refuses_to_load_production_settings_without_allowed_hosts(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)

    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        _load_production_settings()


def test_it_reads_the_secret_key_from_a_file(monkeypatch, tmp_path):
    key = secrets.token_urlsafe(50)
    (tmp_path / "secret_key").write_text(key + "\n", encoding="utf-8")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "secret_key"))
    monkeypatch.setenv("ALLOWED_HOSTS", "example.test")
    monkeypatch.setenv("AUDIT_HMAC_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("WEBHOOK_SECRET_KEYS", Fernet.generate_key().decode())

    assert _load_production_settings()["SECRET_KEY"] == key


def _production_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("AUDIT_HMAC_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("ALLOWED_HOSTS", "example.test")


def test_it_refuses_to_load_production_settings_without_webhook_secret_keys(monkeypatch):
    """Production never falls back to a key derived from SECRET_KEY."""
    _production_environment(monkeypatch)
    monkeypatch.delenv("WEBHOOK_SECRET_KEYS", raising=False)
    monkeypatch.delenv("WEBHOOK_SECRET_KEYS_FILE", raising=False)

    with pytest.raises(ImproperlyConfigured, match="WEBHOOK_SECRET_KEYS"):
        _load_production_settings()


@pytest.mark.parametrize("value", ["", " , ", "not-a-fernet-key"])
def test_it_refuses_empty_or_malformed_webhook_secret_keys_in_production(monkeypatch, value):
    _production_environment(monkeypatch)
    monkeypatch.setenv("WEBHOOK_SECRET_KEYS", value)

    with pytest.raises(ImproperlyConfigured, match="WEBHOOK_SECRET_KEYS"):
        _load_production_settings()


def test_it_reads_several_webhook_secret_keys_in_order(monkeypatch):
    _production_environment(monkeypatch)
    new, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("WEBHOOK_SECRET_KEYS", f"{new}, {old}")

    assert _load_production_settings()["WEBHOOK_SECRET_KEYS"] == [new, old]


def test_development_derives_a_valid_webhook_secret_key_from_the_secret_key():
    assert settings.WEBHOOK_SECRET_KEYS
    for key in settings.WEBHOOK_SECRET_KEYS:
        Fernet(key)  # a well-formed key, or this raises


def test_it_passes_the_deployment_checks_with_production_settings(tmp_path):
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
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
