from django.contrib import admin

from core.admin import OrganisationScopedAdmin
from retention.models import RecordClass


@admin.register(RecordClass)
class RecordClassAdmin(OrganisationScopedAdmin):
    list_display = ("code", "name", "category", "schedule", "is_active")
    list_filter = ("category", "is_active")
    list_select_related = ("schedule",)
    search_fields = ("code", "name")
    fields = ("organisation", "code", "name", "category", "description", "schedule", "is_active")
