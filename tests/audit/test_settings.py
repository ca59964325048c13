"""Production refuses to start without a proper audit chain key; it never lives in the code."""

import runpy
import secrets

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured


def _production(monkeypatch, **env):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("ALLOWED_HOSTS", "example.test")
    monkeypatch.setenv("WEBHOOK_SECRET_KEYS", Fernet.generate_key().decode())
    monkeypatch.delenv("AUDIT_HMAC_KEY", raising=False)
    monkeypatch.delenv("AUDIT_HMAC_KEY_FILE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_module("config.settings.production", run_name="production_settings_under_test")


def test_it_requires_the_audit_key_in_production(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="AUDIT_HMAC_KEY"):
        _production(monkeypatch)


def test_it_refuses_a_short_audit_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="at least 32 characters"):
        _production(monkeypatch, AUDIT_HMAC_KEY="short")


def test_it_reads_the_audit_key_from_the_environment_or_a_file(monkeypatch, tmp_path):
    key = secrets.token_urlsafe(50)
    assert _production(monkeypatch, AUDIT_HMAC_KEY=key)["AUDIT_HMAC_KEY"] == key

    (tmp_path / "audit_key").write_text(key + "\n", encoding="utf-8")
    assert _production(monkeypatch, AUDIT_HMAC_KEY_FILE=str(tmp_path / "audit_key"))["AUDIT_HMAC_KEY"] == key
