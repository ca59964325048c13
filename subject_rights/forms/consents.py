"""Forms of the consent register and legal relations. The consent rules themselves
(R-CON-1..6: specific, right signatories, written where needed, no BSN) are checked by
``subject_rights.services.consent_record``; these forms only parse."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GovukForm
from records.forms import PersonLabelChoiceField, PersonRowForm
from subject_rights.models import ConsentDirection, ConsentForm, CounterpartyKind, RelationKind


def _choices(text_choices, blank_label) -> list[tuple[str, str]]:
    return [("", blank_label), *text_choices.choices]


class ConsentRecordForm(GovukForm):
    """A specific consent (R-CON-1): which data, which purpose, to/from whom, why, by whom."""

    data_description = forms.CharField(
        label=_("Which data"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Name the specific data, for example “school report 2025-2026”; “all data” is not valid"),
        error_messages={"required": _("Say which data the consent is for (R-CON-1).")},
    )
    purpose = forms.CharField(
        label=_("For which purpose"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say for which purpose the data is needed (R-CON-1).")},
    )
    direction = forms.ChoiceField(
        label=_("Is the data shared or obtained?"),
        choices=ConsentDirection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether data is shared with or obtained from them.")},
    )
    counterparty = forms.CharField(
        label=_("To or from whom"),
        max_length=255,
        error_messages={"required": _("Say to whom the data goes or from whom it comes (R-CON-1).")},
    )
    counterparty_kind = forms.ChoiceField(
        label=_("Kind of recipient or source"),
        choices=_choices(CounterpartyKind, _("Select the kind")),
        error_messages={"required": _("Choose what kind of recipient or source it is.")},
    )
    why_necessary = forms.CharField(
        label=_("Why is it necessary?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the data is necessary (R-CON-1).")},
    )
    contains_health_data = forms.BooleanField(
        label=_("Includes health data"),
        required=False,
        help_text=_("Health data is never passed on without written consent (R-CON-4)"),
    )
    media_publication = forms.BooleanField(
        label=_("Publication of the pupil's photo or video"),
        required=False,
        help_text=_(
            "Needs the parents' written consent; faces are not shown clearly on social media (R-CON-5)"
        ),
    )
    given_on = forms.DateField(
        label=_("Given on"),
        widget=DateInput(),
        help_text=_("Who must consent is decided by the pupil's age on this date"),
        error_messages={
            "required": _("Give the date the consent was given."),
            "invalid": _("Enter the date the consent was given as a real date."),
        },
    )
    incompetent = forms.BooleanField(label=_("The pupil was judged not competent to consent"), required=False)
    judged_competent = forms.BooleanField(
        label=_("The pupil was judged competent to consent"),
        required=False,
        help_text=_("Only where competence is judged case by case (R-DSR-12)"),
    )
    given_by = forms.ModelMultipleChoiceField(
        label=_("Given by"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone who gave the consent"),
        error_messages={"required": _("Say who gave the consent.")},
    )
    form = forms.ChoiceField(
        label=_("How was it given?"),
        choices=ConsentForm.choices,
        widget=forms.RadioSelect,
        help_text=_("Oral consent is noted in the file; written consent is attached"),
        error_messages={"required": _("Say whether the consent was given orally or in writing.")},
    )
    document = forms.FileField(label=_("Signed consent document"), required=False)
    valid_until = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the end date as a real date.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, candidates, **kwargs):
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = candidates
        self.fields["given_by"].label_from_instance = lambda person: person.full_name

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["given_by"] = list(data["given_by"])
        return data


class ConsentWithdrawForm(GovukForm):
    withdrawn_by = PersonLabelChoiceField(
        label=_("Who withdrew the consent?"),
        queryset=None,
        empty_label=_("Select who withdrew it"),
        error_messages={"required": _("Say who withdrew the consent.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_by"].queryset = candidates


class SharingCheckForm(GovukForm):
    """ "May this data be shared with this recipient for this purpose?" (R-CON-1)."""

    subject = PersonLabelChoiceField(
        label=_("About whom"),
        queryset=None,
        empty_label=_("Select the person"),
        error_messages={"required": _("Select the person the data is about.")},
    )
    direction = forms.ChoiceField(
        label=_("Share or obtain?"),
        choices=ConsentDirection.choices,
        initial=ConsentDirection.SHARE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether data is shared with or obtained from them.")},
    )
    data = forms.CharField(
        label=_("Which data"), max_length=500, error_messages={"required": _("Say which data.")}
    )
    counterparty = forms.CharField(
        label=_("Recipient or source"),
        max_length=255,
        error_messages={"required": _("Say who receives the data, or gives it.")},
    )
    purpose = forms.CharField(
        label=_("For which purpose"), max_length=500, error_messages={"required": _("Say for which purpose.")}
    )
    on = forms.DateField(
        label=_("On"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date."), "invalid": _("Enter the date as a real date.")},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = people
        self.fields["on"].initial = timezone.localdate()


class RelationForm(PersonRowForm):
    """An adult's legal position towards the child (R-CON-2, R-CON-3): someone registered,
    or a new person."""

    role_choices = RelationKind
    role_required_message = _("Select the relation.")
    has_parental_authority = forms.TypedChoiceField(
        label=_("Does this parent hold parental authority?"),
        required=False,
        choices=[("", _("Not a parent (follows from the relation)")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        help_text=_(
            "A guardian with authority always has it; an OTS family guardian and a foster parent never"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].label = _("Relation to the child")
        self.fields["person"].label = _("Adult already registered")

    def service_kwargs(self) -> dict:
        person_kwargs = self.person_kwargs()
        return {
            "adult": person_kwargs.get("person"),
            "new_adult": person_kwargs.get("new_person"),
            "kind": self.cleaned_data["role"],
            "has_parental_authority": self.cleaned_data.get("has_parental_authority"),
        }


class RelationEndForm(GovukForm):
    ended_on = forms.DateField(
        label=_("Ended on"),
        widget=DateInput(),
        error_messages={
            "required": _("Give the date the relation ended."),
            "invalid": _("Enter the end date as a real date."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: authority transferred by a court order"),
        error_messages={"required": _("Give the reason the relation ended.")},
    )
