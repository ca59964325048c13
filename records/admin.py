"""Admin for the register. Lifecycle columns (status, retention state) stay read-only:
the dossier transition service and the retention engine are their only writers."""

from django.contrib import admin

from core.admin import NoDeleteMixin, OrganisationScopedAdmin, OrganisationScopedInline
from records.models import Dossier, DossierMember, InformationAsset, Person, Record, RecordCopy, RecordSubject

RETENTION_COLUMNS = ("retention_due_on", "retention_action", "retention_review_on", "retention_basis")


@admin.register(Person)
class PersonAdmin(NoDeleteMixin, OrganisationScopedAdmin):
    list_display = ("family_name", "given_names", "date_of_birth", "organisation")
    search_fields = ("family_name", "given_names")
    fields = ("organisation", "given_names", "family_name", "date_of_birth", "created_by", "created_at")
    readonly_fields = ("created_by", "created_at")
    show_full_result_count = False  # one COUNT(*) per page is enough on a large register


@admin.register(InformationAsset)
class InformationAssetAdmin(OrganisationScopedAdmin):
    list_display = ("name", "owner", "organisation")
    list_select_related = ("owner", "organisation")
    search_fields = ("name",)
    autocomplete_fields = ("owner",)


class RecordCopyInline(NoDeleteMixin, OrganisationScopedInline, admin.TabularInline):
    model = RecordCopy
    extra = 0
    fields = ("kind", "location", "custodian", "status")
    readonly_fields = ("status",)  # copies are destroyed through disposal (R-REC-4)
    autocomplete_fields = ("custodian",)


class RecordSubjectInline(NoDeleteMixin, OrganisationScopedInline, admin.TabularInline):
    model = RecordSubject
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Record)
class RecordAdmin(NoDeleteMixin, OrganisationScopedAdmin):
    list_display = ("reference", "title", "category", "record_class", "status", "retention_due_on")
    list_filter = ("category", "status", "format")
    list_select_related = ("record_class",)
    search_fields = ("reference", "title")
    show_full_result_count = False
    fields = (
        "organisation",
        "reference",
        "title",
        "description",
        "category",
        "record_class",
        "information_asset",
        "unit",
        "format",
        "language",
        "created_on",
        "closed_on",
        "last_action_on",
        "status",
        *RETENTION_COLUMNS,
        "created_by",
        "created_at",
    )
    readonly_fields = ("status", *RETENTION_COLUMNS, "created_by", "created_at")
    inlines = (RecordSubjectInline, RecordCopyInline)


class DossierMemberInline(NoDeleteMixin, OrganisationScopedInline, admin.TabularInline):
    model = DossierMember
    extra = 0
    fields = ("person", "role")
    autocomplete_fields = ("person",)


@admin.register(Dossier)
class DossierAdmin(NoDeleteMixin, OrganisationScopedAdmin):
    list_display = ("reference", "household_name", "report_date", "status", "closed_on", "retention_due_on")
    list_filter = ("status", "lifecycle")
    search_fields = ("reference", "household_name")
    show_full_result_count = False
    fields = (
        "organisation",
        "reference",
        "household_name",
        "report_date",
        "summary",
        "unit",
        "record_class",
        "status",
        "closed_on",
        "lifecycle",
        *RETENTION_COLUMNS,
        "created_by",
        "created_at",
    )
    # Closing and reopening go through the dossier transition service, which writes the
    # status-change row the retention date depends on (R-WMO-1, R-WMO-5).
    readonly_fields = ("status", "closed_on", "lifecycle", *RETENTION_COLUMNS, "created_by", "created_at")
    inlines = (DossierMemberInline,)
