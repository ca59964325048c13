"""Forms of the breach register and the processing register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GovukForm
from governance.forms.common import blank_first, required_text, when_field
from governance.forms.policies import RecordClassField
from governance.models import BreachRisk, LegalBasis, NotifyDecision

DECISIONS = [c for c in NotifyDecision.choices if c[0] != NotifyDecision.PENDING]


class BreachFilterForm(GovukForm):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), ("closed", _("Closed"))],
    )


class BreachForm(GovukForm):
    summary = required_text(_("What happened?"), _("Describe what happened."), rows=5)
    discovered_at = when_field(
        _("When was it discovered?"), message=_("Enter when the breach was discovered.")
    )
    aware_at = when_field(
        _("When did the organisation become aware of it?"),
        required=False,
        help_text=_("The 72-hour clock runs from here. Leave empty if it is the discovery."),
    )
    discovered_by_name = forms.CharField(label=_("Discovered by"), required=False, max_length=200)
    data_description = forms.CharField(
        label=_("What personal data is involved?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    people_affected = forms.IntegerField(label=_("How many people (estimate)"), required=False, min_value=0)


class BreachAssessForm(GovukForm):
    risk = forms.ChoiceField(
        label=_("Risk to the people affected"),
        choices=[c for c in BreachRisk.choices if c[0] != BreachRisk.UNASSESSED],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the risk to the people affected.")},
    )
    risk_assessment = required_text(_("Risk assessment"), _("Explain the risk assessment."))
    containment = forms.CharField(
        label=_("Containment and recovery"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    people_affected = forms.IntegerField(label=_("How many people (estimate)"), required=False, min_value=0)


class BreachAuthorityForm(GovukForm):
    authority_decision = forms.ChoiceField(
        label=_("Notify the supervisory authority?"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to notify the supervisory authority.")},
    )
    authority_decision_reason = required_text(_("Reasons"), _("Give the reasons for the decision."))


class BreachNotifiedForm(GovukForm):
    authority_notified_at = when_field(
        _("When was the authority notified?"), message=_("Enter when the authority was notified.")
    )
    authority_reference = forms.CharField(label=_("Authority's reference"), required=False, max_length=100)
    late_reason = forms.CharField(
        label=_("Reasons for the delay (if later than 72 hours)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BreachSubjectsForm(GovukForm):
    subjects_decision = forms.ChoiceField(
        label=_("Inform the people affected (art. 34)?"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to inform the people affected.")},
    )
    subjects_decision_reason = required_text(_("Reasons"), _("Give the reasons for the decision."))
    subjects_notified_at = when_field(_("When were they informed?"), required=False)


class BreachCloseForm(GovukForm):
    lessons_learned = required_text(_("Lessons learned"), _("Record the lessons learned."))


class ProcessorForm(GovukForm):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the processor's name.")}
    )
    contact = forms.CharField(label=_("Contact"), required=False, max_length=200)
    country = forms.CharField(label=_("Country where data is processed"), required=False, max_length=100)


class AgreementForm(GovukForm):
    parties = required_text(_("Parties"), _("Name the parties to the agreement."))
    subject = required_text(_("Subject of the processing"), _("Describe the subject of the processing."))
    data_categories = required_text(
        _("Categories of personal data"), _("List the categories of personal data.")
    )
    starts_on = forms.DateField(
        label=_("Start"),
        widget=DateInput(),
        error_messages={"required": _("Enter the start date of the agreement.")},
    )
    ends_on = forms.DateField(label=_("End"), required=False, widget=DateInput())
    document = forms.FileField(label=_("Signed agreement"), required=False)


class ActivityForm(GovukForm):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Name the processing activity.")}
    )
    purpose = required_text(_("Purpose"), _("Describe the purpose."))
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=blank_first(LegalBasis, _("Choose a legal basis")),
        error_messages={"required": _("Choose the legal basis.")},
    )
    legal_basis_detail = forms.CharField(label=_("Statute or detail"), required=False, max_length=255)
    subject_categories = required_text(
        _("Categories of data subjects"), _("List the categories of data subjects.")
    )
    data_categories = required_text(
        _("Categories of personal data"), _("List the categories of personal data.")
    )
    recipients = forms.CharField(
        label=_("Recipients"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    processors = forms.ModelMultipleChoiceField(
        label=_("Processors"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    record_class = RecordClassField(
        label=_("Retention schedule"), queryset=None, required=False, empty_label=_("No schedule")
    )

    def __init__(self, *args, processors, record_classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["processors"].queryset = processors
        self.fields["record_class"].queryset = record_classes
