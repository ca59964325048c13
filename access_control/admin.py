from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from access_control.matrix_rules import matrix_install_defaults
from access_control.models import BreakGlassAccess, MatrixRule, Organisation, Unit, User
from access_control.services import unit_create
from core.admin import OrganisationScopedAdmin


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    list_display = ("name", "kind", "jurisdiction", "default_language")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # A new tenant starts with the shipped authorisation matrix as its own rows.
            matrix_install_defaults(acting_user=request.user, organisation=obj)

    def has_add_permission(self, request):
        # A new tenant is a platform decision, not an organisation administrator's.
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Unit)
class UnitAdmin(OrganisationScopedAdmin):
    list_display = ("name", "organisation")
    search_fields = ("name",)
    fields = ("organisation", "name", "group")
    readonly_fields = ("group",)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A unit comes with the auth group that carries its team grants: the service
        # creates both and records the event.
        organisation = obj.organisation if request.user.is_superuser else request.user.organisation
        created = unit_create(acting_user=request.user, organisation=organisation, name=obj.name)
        obj.pk = created.pk
        obj.refresh_from_db()


@admin.register(User)
class UserAdmin(OrganisationScopedAdmin, DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "organisation", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    filter_horizontal = ("units", "groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "preferred_language")}),
        (_("Organisation"), {"fields": ("organisation", "role", "units")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "organisation", "role", "usable_password", "password1", "password2"),
            },
        ),
    )
    # Only a superuser hands out superuser status or raw permissions and groups; an
    # organisation's administrator manages roles and unit membership.
    superuser_only_fields = ("is_superuser", "groups", "user_permissions")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in self.superuser_only_fields]},
            )
            for name, options in fieldsets
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _sync_unit_groups(form.instance)


def _sync_unit_groups(user: User) -> None:
    """Team grants reach a user through the auth groups of their units: keep the two equal."""
    unit_groups = Group.objects.filter(unit__members=user)
    user.groups.remove(*user.groups.filter(unit__isnull=False).exclude(pk__in=unit_groups))
    user.groups.add(*unit_groups)


@admin.register(MatrixRule)
class MatrixRuleAdmin(OrganisationScopedAdmin):
    """Read-only here: administrators change the matrix on its own page (access:matrix_edit),
    which checks the whole grid and records why."""

    list_display = ("category", "action", "role", "record_class", "scope", "updated_by", "updated_at")
    list_filter = ("category", "action", "role", "scope")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BreakGlassAccess)
class BreakGlassAccessAdmin(OrganisationScopedAdmin):
    """Read-only: the DPO reviews break-glass access on its own page."""

    list_display = ("opened_at", "user", "object_kind", "object_label", "expires_at", "reviewed_at")
    list_filter = ("object_kind",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
