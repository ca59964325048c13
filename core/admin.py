"""Django admin for administrators, scoped to their own organisation.

An administrator (role administrator, is_staff, model permissions) manages the reference
data of one organisation; a superuser sees every organisation. Every list, every
foreign-key choice and every new object stays inside the administrator's organisation, so
the admin cannot be used to read or link another organisation's data.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet

from access_control.models import Organisation


def organisation_scope(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` limited to ``user``'s organisation; unscoped for superusers.

    Works for Organisation itself and for any model with an ``organisation`` foreign key;
    other models are returned as they are (their admin scopes them through a parent).
    """
    if user.is_superuser:
        return queryset
    if user.organisation_id is None:
        return queryset.none()
    model = queryset.model
    if issubclass(model, Organisation):
        return queryset.filter(pk=user.organisation_id)
    if _has_organisation_field(model):
        return queryset.filter(organisation_id=user.organisation_id)
    return queryset


def _has_organisation_field(model: type[Model]) -> bool:
    try:
        field = model._meta.get_field("organisation")
    except FieldDoesNotExist:
        return False
    return field.is_relation and field.related_model is Organisation


class _ScopedChoicesMixin:
    """Foreign-key and many-to-many choices limited to the administrator's organisation."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        self._scope_choices(formfield, request)
        if formfield is not None and db_field.name == "organisation" and not request.user.is_superuser:
            # One possible value: shown, not editable, and still validated with the form so
            # the (organisation, ...) unique constraints are checked before saving.
            formfield.initial = request.user.organisation_id
            formfield.disabled = True
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        self._scope_choices(formfield, request)
        return formfield

    @staticmethod
    def _scope_choices(formfield, request) -> None:
        queryset = getattr(formfield, "queryset", None)
        if queryset is not None:
            formfield.queryset = organisation_scope(queryset, request.user)


class OrganisationScopedAdmin(_ScopedChoicesMixin, admin.ModelAdmin):
    """A ModelAdmin for a model with an ``organisation`` foreign key (or Organisation)."""

    def get_queryset(self, request):
        return organisation_scope(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        # A filter on a foreign key lists every row of the related table, so only a
        # superuser, who sees all organisations anyway, gets the organisation filter.
        list_filter = tuple(super().get_list_filter(request))
        if request.user.is_superuser and _has_organisation_field(self.model):
            return ("organisation", *list_filter)
        return list_filter

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser and _has_organisation_field(type(obj)):
            obj.organisation_id = request.user.organisation_id
        if not change and hasattr(obj, "created_by_id") and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class OrganisationScopedInline(_ScopedChoicesMixin):
    """Mix into an inline: its rows follow the parent, its choices the organisation."""


class NoDeleteMixin:
    """Personal data leaves the register only through the retention and disposal services
    (holds, approvals, every copy confirmed destroyed: R-REC-4), never by an admin delete."""

    def has_delete_permission(self, request, obj=None):
        return False
