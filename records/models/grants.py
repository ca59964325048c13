"""django-guardian grants with direct foreign keys (R-ACC-5, access by involvement).

Direct FK tables, not guardian's generic ones, so visibility filters are plain indexed
joins / EXISTS subqueries that stay fast at a million rows.
"""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class DossierUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("records.Dossier", on_delete=models.CASCADE)


class DossierGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("records.Dossier", on_delete=models.CASCADE)


class RecordUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("records.Record", on_delete=models.CASCADE)


class RecordGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("records.Record", on_delete=models.CASCADE)
