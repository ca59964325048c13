"""The confidentiality declaration page (R-ACC-2): read the current version and accept it;
administrators and the DPO publish a new version there too."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from access_control.declarations import (
    PUBLISHERS,
    declaration_accept,
    declaration_current,
    declaration_pending_for,
    declaration_publish,
)
from core.errors import DomainError
from core.forms import GovukForm, add_domain_error, error_summary

ACCEPT, PUBLISH = "accept", "publish"


class AcceptForm(GovukForm):
    declaration = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=gettext_lazy("I have read the declaration and will keep what I see here confidential."),
        error_messages={"required": gettext_lazy("Confirm that you accept the declaration.")},
    )


class PublishForm(GovukForm):
    text = forms.CharField(
        label=gettext_lazy("Text of the new version"),
        help_text=gettext_lazy(
            "Everyone in your organisation accepts it again before opening personal data."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": gettext_lazy("Write the text of the declaration.")},
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else "/"


@login_required
@require_http_methods(["GET", "POST"])
def declaration_view(request):
    user = request.user
    pending = declaration_pending_for(user)
    accept_form = AcceptForm(initial={"declaration": pending.pk}) if pending else None
    publish_form = PublishForm(prefix=PUBLISH) if user.role in PUBLISHERS else None
    action = request.POST.get("action") if request.method == "POST" else None
    if action == ACCEPT and pending is not None:
        accept_form = AcceptForm(request.POST)
        if accept_form.is_valid():
            try:
                declaration_accept(acting_user=user, declaration_id=accept_form.cleaned_data["declaration"])
            except DomainError as error:
                add_domain_error(accept_form, error)
            else:
                messages.success(request, _("Thank you. You have accepted the declaration."))
                return redirect(_next_url(request))
    elif action == PUBLISH and publish_form is not None:
        publish_form = PublishForm(request.POST, prefix=PUBLISH)
        if publish_form.is_valid():
            try:
                declaration = declaration_publish(acting_user=user, text=publish_form.cleaned_data["text"])
            except DomainError as error:
                add_domain_error(publish_form, error)
            else:
                messages.success(
                    request, _("Version %(version)s is published.") % {"version": declaration.version}
                )
                return redirect("declaration")
    context = {
        "declaration": declaration_current(organisation_id=user.organisation_id),
        "accept_form": accept_form,
        "publish_form": publish_form,
        "next": _next_url(request),
        "error_summary": error_summary([accept_form, publish_form]),
    }
    return render(request, "access_control/declaration.html", context)
