"""Writes of the API app: clients and tokens, and the basic-field edits PATCH needs."""

from api.services.clients import (
    IssuedToken,
    api_client_create,
    api_client_update,
    api_token_issue,
    api_token_revoke,
    api_token_rotate,
    token_hash,
)
from api.services.items import dossier_update, record_update

__all__ = [
    "IssuedToken",
    "api_client_create",
    "api_client_update",
    "api_token_issue",
    "api_token_revoke",
    "api_token_rotate",
    "dossier_update",
    "record_update",
    "token_hash",
]
