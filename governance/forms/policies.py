"""Forms of the policy register (R-POL-1)."""

import calendar

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GovukForm
from governance.forms.common import PersonLabelChoiceField, blank_first
from governance.forms.safeguarding import StaffChoiceField
from governance.models import Audience, PolicyKind, ReviewPeriod

MONTHS = [("", _("Choose a month"))] + [(str(n), calendar.month_name[n]) for n in range(1, 13)]


class RecordClassField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.name}"


class PolicyForm(GovukForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter the title of the policy.")}
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=blank_first(PolicyKind, _("Choose a kind")),
        error_messages={"required": _("Choose the kind of policy.")},
    )
    owner = StaffChoiceField(
        label=_("Owner"), queryset=None, error_messages={"required": _("Choose the owner of the policy.")}
    )
    review_period = forms.ChoiceField(
        label=_("Review period"),
        choices=ReviewPeriod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often the policy is reviewed.")},
    )
    review_months = forms.IntegerField(
        label=_("Months between reviews"), required=False, min_value=1, max_value=60
    )
    review_month = forms.TypedChoiceField(
        label=_("Month of the yearly review"), required=False, choices=MONTHS, coerce=int, empty_value=None
    )
    requires_acknowledgement = forms.BooleanField(
        label=_("Staff must acknowledge this policy"), required=False
    )
    audience = forms.ChoiceField(
        label=_("Who acknowledges"), choices=Audience.choices, initial=Audience.STAFF
    )
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    document = forms.FileField(label=_("Or the document"), required=False)
    record_class = RecordClassField(
        label=_("Retention schedule"), queryset=None, required=False, empty_label=_("No schedule")
    )

    def __init__(self, *args, staff, record_classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff
        self.fields["record_class"].queryset = record_classes


class PolicyVersionForm(GovukForm):
    text = forms.CharField(
        label=_("Text of the new version"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    document = forms.FileField(label=_("Or the document"), required=False)
    change_note = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApproveForm(GovukForm):
    approved_on = forms.DateField(
        label=_("Approved on"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date of approval.")},
    )
    approved_by_name = forms.CharField(
        label=_("Approved by (body or person)"),
        required=False,
        max_length=200,
        help_text=_("For example: the governing body."),
    )


class PersonAcknowledgementForm(GovukForm):
    person = PersonLabelChoiceField(
        label=_("Pupil or parent"),
        queryset=None,
        error_messages={"required": _("Choose the pupil or parent.")},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
