"""Forms of the second factor and of re-authentication: they only parse input."""

from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm

TOKEN_DIGITS = 6


class TokenField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Code from your authenticator app"),
            help_text=_("The 6-digit code the app shows now, for example 123456"),
            max_length=12,
            widget=forms.TextInput(
                attrs={
                    "autocomplete": "one-time-code",
                    "inputmode": "numeric",
                    "spellcheck": "false",
                    "class": "govuk-input--width-5",
                }
            ),
            error_messages={"required": _("Enter the code from your authenticator app.")},
            **kwargs,
        )

    def clean(self, value):
        value = "".join((super().clean(value) or "").split())
        # ASCII only: "²" passes isdigit() but int() cannot read it.
        if not (value.isascii() and value.isdigit() and len(value) == TOKEN_DIGITS):
            raise forms.ValidationError(_("Enter the code as 6 digits, for example 123456."), code="format")
        return value


class TokenForm(GovukForm):
    token = TokenField()


class ReauthenticateForm(GovukForm):
    """Password, and the code for those who sign in with one. The password is checked
    through ``authenticate`` so django-axes counts a wrong one like a failed sign-in."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "govuk-input--width-20"}
        ),
        error_messages={"required": _("Enter your password.")},
    )
    token = TokenField()

    def __init__(self, *args, request, with_token: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if not with_token:
            del self.fields["token"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if authenticate(self.request, username=user.get_username(), password=password) != user:
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password
