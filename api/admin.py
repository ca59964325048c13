"""API clients in the admin: an organisation's administrator registers clients, sets their
scopes and issues, rotates or revokes tokens. The plaintext of a token is shown once, on
the page the action returns; the admin never stores or shows it again."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from access_control.models import Role
from api.models import ApiClient, ApiToken
from api.scopes import Scope
from api.services import (
    api_client_create,
    api_client_update,
    api_token_issue,
    api_token_revoke,
    api_token_rotate,
)
from core.admin import NoDeleteMixin, OrganisationScopedAdmin, OrganisationScopedInline
from core.errors import DomainError


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = ApiClient
        fields = ["organisation", "name", "scopes", "is_active"]


class ApiTokenInline(OrganisationScopedInline, admin.TabularInline):
    model = ApiToken
    fields = ("prefix", "created_at", "created_by", "expires_at", "revoked_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # tokens come from the actions, which show the plaintext once


@admin.register(ApiClient)
class ApiClientAdmin(NoDeleteMixin, OrganisationScopedAdmin):
    form = ApiClientForm
    list_display = ("name", "organisation", "is_active", "last_used_at", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name",)
    readonly_fields = ("user", "created_by", "created_at", "last_used_at")
    inlines = [ApiTokenInline]
    actions = ["issue_token", "rotate_tokens", "revoke_tokens"]

    # Machine access to an organisation's data is its administrator's to hand out (the
    # services check the same), not every staff user's with model permissions.
    @staticmethod
    def _manages_clients(request) -> bool:
        return request.user.is_superuser or request.user.role == Role.ADMINISTRATOR

    def has_add_permission(self, request):
        return self._manages_clients(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._manages_clients(request) and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # A client and its service user belong to one organisation for good.
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "organisation") if obj is not None else fields

    def save_model(self, request, obj, form, change):
        # Through the services: a new client comes with its service user; a change of
        # scopes or activity is recorded as a domain event.
        data = form.cleaned_data
        if change:
            api_client_update(
                acting_user=request.user,
                client=obj,
                name=data["name"],
                scopes=data["scopes"],
                is_active=data["is_active"],
            )
            return
        organisation = data["organisation"] if request.user.is_superuser else request.user.organisation
        created = api_client_create(
            acting_user=request.user, organisation=organisation, name=data["name"], scopes=data["scopes"]
        )
        obj.pk = created.pk
        obj.refresh_from_db()

    def _tokens_page(self, request, title: str, issued: list) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "issued": issued,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/api/token_issued.html", context)

    def _each(self, request, queryset, service) -> list:
        done = []
        for client in queryset:
            try:
                done.append((client, service(acting_user=request.user, client=client)))
            except DomainError as error:
                self.message_user(request, f"{client}: {error.message}", messages.ERROR)
        return done

    @admin.action(description=_("Issue a new token (shown once)"))
    def issue_token(self, request, queryset):
        issued = self._each(request, queryset, api_token_issue)
        if issued:
            return self._tokens_page(request, _("New API tokens"), issued)
        return None

    @admin.action(description=_("Rotate: revoke all tokens and issue a new one (shown once)"))
    def rotate_tokens(self, request, queryset):
        issued = self._each(request, queryset, api_token_rotate)
        if issued:
            return self._tokens_page(request, _("Rotated API tokens"), issued)
        return None

    @admin.action(description=_("Revoke all tokens"))
    def revoke_tokens(self, request, queryset):
        for client, count in self._each(request, queryset, api_token_revoke):
            self.message_user(
                request, _("%(client)s: %(count)s token(s) revoked.") % {"client": client, "count": count}
            )


from api import admin_webhooks  # noqa: E402, F401 - registers the webhook admin
