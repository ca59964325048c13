"""Pages of the second factor: enrol an authenticator app, enter its code after the
password, confirm it is you again before an irreversible step, and the lockout page."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.errors import DomainError
from core.forms import add_domain_error, error_summary
from core.two_factor import policy
from core.two_factor.forms import ReauthenticateForm, TokenForm
from core.two_factor.qr import manual_entry_secret, qr_svg
from core.two_factor.services import totp_check, totp_device_enrol, totp_new_key

ENROLMENT_KEY = "security_enrolment_key"


def safe_next(request, default: str = "dashboard") -> str:
    """Where to go afterwards: the ``next`` asked for, if it is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _render(request, template: str, context: dict, form) -> object:
    context = {**context, "form": form, "next": safe_next(request), "error_summary": error_summary([form])}
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify_view(request):
    """The code after the password (R-ACC-1)."""
    if not policy.second_factor_due(request):
        return redirect(safe_next(request))
    if policy.confirmed_device(request.user) is None:
        return redirect(with_next("two_factor_setup", safe_next(request)))
    form = TokenForm(request.POST or None)
    if form.is_valid():
        try:
            device = totp_check(user=request.user, token=form.cleaned_data["token"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            policy.second_factor_passed(request, device)
            return redirect(safe_next(request))
    context = {"required": policy.role_requires_two_factor(request.user)}
    return _render(request, "registration/two_factor_verify.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup_view(request):
    """Enrol an authenticator app: scan the QR code (or type the secret), confirm a code.

    The secret stays in the session until a code proves the app holds it; only then is
    the device saved. Required for records officers, the DPO and administrators, open to
    everyone else.
    """
    user = request.user
    if policy.confirmed_device(user) is not None:
        if policy.second_factor_due(request):
            return redirect(with_next("two_factor_verify", safe_next(request)))
        return render(
            request,
            "registration/two_factor_enrolled.html",
            {"required": policy.role_requires_two_factor(user)},
        )
    key = request.session.get(ENROLMENT_KEY) or totp_new_key()
    request.session[ENROLMENT_KEY] = key
    form = TokenForm(request.POST or None)
    if form.is_valid():
        try:
            device = totp_device_enrol(acting_user=user, key=key, token=form.cleaned_data["token"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            del request.session[ENROLMENT_KEY]
            policy.second_factor_passed(request, device)
            messages.success(
                request,
                _("Your authenticator app is set up. You will need a code from it each time you sign in."),
            )
            return redirect(safe_next(request))
    context = {
        "qr_code": qr_svg(TOTPDevice(user=user, key=key).config_url),
        "secret": manual_entry_secret(key),
        "required": policy.role_requires_two_factor(user),
    }
    return _render(request, "registration/two_factor_setup.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def reauthenticate_view(request):
    """Confirm it is you before approving or executing destruction (``REAUTH_MINUTES``)."""
    with_token = policy.needs_code_to_reauthenticate(request)
    form = ReauthenticateForm(request.POST or None, request=request, with_token=with_token)
    if form.is_valid():
        try:
            device = totp_check(user=request.user, token=form.cleaned_data["token"]) if with_token else None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            policy.password_entered(request)
            if device is not None:
                policy.second_factor_passed(request, device)
            return redirect(safe_next(request))
    context = {"with_token": with_token, "minutes": settings.REAUTH_MINUTES}
    return _render(request, "registration/reauthenticate.html", context, form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a username has failed too often from one address (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)
