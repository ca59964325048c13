"""Forms of the safeguarding pages: the DSL team, concerns and the device register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GovukForm
from governance.forms.common import PersonLabelChoiceField, blank_first, required_text, when_field
from governance.models import (
    Agency,
    ConcernCategory,
    ConcernStatus,
    ConsentGiver,
    CustodyStep,
    DslRole,
    EntryKind,
)
from records.models import IdentifierScheme, Person


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class PupilsField(forms.ModelMultipleChoiceField):
    label_from_instance = PersonLabelChoiceField.label_from_instance


class DesignationForm(GovukForm):
    user = StaffChoiceField(
        label=_("Member of staff"),
        queryset=None,
        error_messages={"required": _("Choose the member of staff.")},
    )
    role = forms.ChoiceField(
        label=_("Designation"),
        choices=DslRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose lead or deputy.")},
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff


class ConcernFilterForm(GovukForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=blank_first(ConcernStatus, _("Any"))
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=blank_first(ConcernCategory, _("Any category"))
    )


class ConcernForm(GovukForm):
    category = forms.ChoiceField(
        label=_("What kind of concern is it?"),
        choices=blank_first(ConcernCategory, _("Choose a category")),
        error_messages={"required": _("Choose the kind of concern.")},
    )
    summary = required_text(
        _("What happened?"),
        _("Describe what happened."),
        rows=6,
    )
    occurred_on = forms.DateField(label=_("Date it happened"), required=False, widget=DateInput())
    pupils = PupilsField(
        label=_("Pupils the concern is about"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The pupils you work with. Hold Ctrl (or Cmd) to choose more than one."),
    )
    pupil_numbers = forms.CharField(
        label=_("Or their pupil numbers"),
        required=False,
        max_length=500,
        help_text=_("Separate numbers with commas."),
    )

    def __init__(self, *args, people, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id
        self.fields["pupils"].queryset = people

    def clean(self):
        cleaned = super().clean()
        numbers = [n.strip() for n in (cleaned.get("pupil_numbers") or "").split(",") if n.strip()]
        found = Person.objects.filter(
            organisation_id=self.organisation_id,
            identifiers__scheme=IdentifierScheme.PUPIL,
            identifiers__value__in=numbers,
        )
        known = set(found.values_list("identifiers__value", flat=True))
        unknown = [n for n in numbers if n not in known]
        if unknown:
            self.add_error(
                "pupil_numbers", _("No pupil has the number %(numbers)s.") % {"numbers": ", ".join(unknown)}
            )
        cleaned["all_pupils"] = list(cleaned.get("pupils") or []) + list(found)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "summary": data["summary"],
            "occurred_on": data.get("occurred_on"),
            "pupils": data["all_pupils"],
        }


class ConcernEntryForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("What are you recording?"),
        choices=EntryKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you are recording.")},
    )
    text = required_text(
        _("What was done, decided or advised"), _("Write what was done, decided or advised.")
    )
    agency = forms.ChoiceField(
        label=_("Agency (for an escalation)"), required=False, choices=blank_first(Agency, _("No agency"))
    )
    agency_contact = forms.CharField(label=_("Who at the agency"), required=False, max_length=200)
    agency_reference = forms.CharField(label=_("Agency's reference"), required=False, max_length=100)
    escalated_on = forms.DateField(label=_("Date referred"), required=False, widget=DateInput())


class ConcernCloseForm(GovukForm):
    outcome = required_text(_("Outcome"), _("Record the outcome of the concern."))


class DeviceFilterForm(GovukForm):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All devices")),
            ("held", _("Held by the school")),
            ("returned", _("Released or handed on")),
        ],
    )


class DeviceForm(GovukForm):
    pupil = PersonLabelChoiceField(
        label=_("Pupil"),
        queryset=None,
        error_messages={"required": _("Choose the pupil the device was taken from.")},
    )
    description = forms.CharField(
        label=_("Device"),
        max_length=200,
        error_messages={"required": _("Describe the device (e.g. black iPhone 12).")},
    )
    reason = required_text(_("Reason for confiscation"), _("Give the reason for the confiscation."))
    location = forms.CharField(
        label=_("Where it is stored"),
        max_length=200,
        help_text=_("For example: the locked drawer in the deputy head's office."),
        error_messages={"required": _("Say where the device is stored.")},
    )
    occurred_at = when_field(
        _("When it was confiscated"), required=False, help_text=_("Leave empty for now.")
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = people


class CustodyForm(GovukForm):
    step = forms.ChoiceField(
        label=_("Step"),
        choices=[c for c in CustodyStep.choices if c[0] != CustodyStep.SEIZED],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the step to record.")},
    )
    occurred_at = when_field(_("When"), required=False, help_text=_("Leave empty for now."))
    holder = StaffChoiceField(
        label=_("Handed over to (member of staff)"), queryset=None, required=False, empty_label=_("Nobody")
    )
    location = forms.CharField(label=_("Where it is stored now"), required=False, max_length=200)
    consent_by = forms.ChoiceField(
        label=_("Search consented to by"),
        required=False,
        choices=blank_first(ConsentGiver, _("Not a search")),
    )
    consent_name = forms.CharField(label=_("Name of who consented"), required=False, max_length=200)
    released_to = forms.CharField(label=_("Released or handed to (name)"), required=False, max_length=200)
    released_to_relationship = forms.CharField(
        label=_("Relationship to the pupil"), required=False, max_length=100
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = staff
