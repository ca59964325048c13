"""What an API client may do: scopes, granted per client by an administrator.

A scope gates a kind of call (read or write of one resource family); which rows a call
reaches is still decided by the organisation and, for writes, by the client's grants.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    PEOPLE_READ = "people:read", _("Read people")
    PEOPLE_WRITE = "people:write", _("Register people")
    RECORDS_READ = "records:read", _("Read records")
    RECORDS_WRITE = "records:write", _("Register and change records")
    DOSSIERS_READ = "dossiers:read", _("Read dossiers")
    DOSSIERS_WRITE = "dossiers:write", _("Open and change dossiers")
    RETENTION_READ = "retention:read", _("Read retention status, schedules and holds")
    HOLDS_WRITE = "holds:write", _("Place and release legal holds")
    DSR_READ = "dsr:read", _("Read data-subject requests")
    DSR_WRITE = "dsr:write", _("Log data-subject requests and move them on")
    CONSENT_READ = "consent:read", _("Read consents and ask whether data may be shared")
    CONSENT_WRITE = "consent:write", _("Record and withdraw consents")
    AUDIT_READ = "audit:read", _("Read the access log")
    WEBHOOKS_MANAGE = "webhooks:manage", _("Manage this client's webhook subscriptions")
    GOVERNANCE_READ = "governance:read", _("Read the safeguarding and governance registers")
    GOVERNANCE_WRITE = "governance:write", _("Log concerns and breaches; keep the governance registers")
