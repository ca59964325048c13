"""Forms of the access-control pages: the matrix grid, break-glass and its review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from access_control.matrix import APPLICABLE_ACTIONS, DataCategory, MatrixAction, scope_choices
from access_control.models import Role
from core.forms import GovukForm

CELL_SEPARATOR = "__"


def cell_name(role: str, action: str, category: str) -> str:
    return CELL_SEPARATOR.join((category, action, role))


class MatrixForm(GovukForm):
    """The whole authorisation matrix as one grid: a select per (category, action, role)."""

    reason = forms.CharField(
        label=_("Why are the rights changing?"),
        help_text=_("Kept with the change, e.g. the management decision it follows."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the rights are changing.")},
    )

    def __init__(self, *args, scopes: dict[tuple[str, str, str], str], **kwargs):
        super().__init__(*args, **kwargs)
        action_labels = dict(MatrixAction.choices)
        role_labels = dict(Role.choices)
        for category in DataCategory.values:
            for action in APPLICABLE_ACTIONS[category]:
                for role in Role.values:
                    self.fields[cell_name(role, action, category)] = forms.ChoiceField(
                        label=f"{role_labels[role]}: {action_labels[action]}",
                        choices=scope_choices(action),
                        initial=scopes[(role, action, category)],
                    )

    def sections(self):
        """(category label, action labels, [(role label, [bound field per action])])."""
        action_labels = dict(MatrixAction.choices)
        for category, label in DataCategory.choices:
            actions = APPLICABLE_ACTIONS[category]
            rows = [
                (role_label, [self[cell_name(role, action, category)] for action in actions])
                for role, role_label in Role.choices
            ]
            yield label, [action_labels[a] for a in actions], rows

    def scopes(self) -> dict[tuple[str, str, str], str]:
        """The chosen scope of every cell (call after ``is_valid()``)."""
        cells = {}
        for name, value in self.cleaned_data.items():
            if CELL_SEPARATOR in name:
                category, action, role = name.split(CELL_SEPARATOR)
                cells[(role, action, category)] = value
        return cells


class BreakGlassForm(GovukForm):
    reason = forms.CharField(
        label=_("Why do you need to open it now?"),
        help_text=_(
            "For example the emergency and who asked. Your reason, your name and the time are "
            "shown to the data protection officer."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you need to open it.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand this access is logged and reviewed."),
        error_messages={"required": _("Confirm that you understand the access is logged and reviewed.")},
    )


class BreakGlassReviewForm(GovukForm):
    note = forms.CharField(
        label=_("Review note"),
        help_text=_("What you checked and what you concluded."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what you found.")},
    )


class BreakGlassFilterForm(GovukForm):
    unreviewed = forms.BooleanField(label=_("Only those not yet reviewed"), required=False)


class TwoFactorResetForm(GovukForm):
    reason = forms.CharField(
        label=_("Why is the authenticator app reset?"),
        help_text=_("For example: phone lost, reported to the service desk under call 4711."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the authenticator app is reset.")},
    )
    confirm = forms.BooleanField(
        label=_("I checked who asked: it is this person, and they know they must set up a new app."),
        error_messages={"required": _("Confirm that you checked who asked for the reset.")},
    )
