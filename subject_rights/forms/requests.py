"""Forms of the subject-request pages. They parse input into service arguments; the rules
(who may ask, deadlines, decisions) are the services' (subject_rights.services), whose
refusals the views show with ``core.forms.add_domain_error``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.forms import DateInput, GovukForm, add_domain_error
from records.forms import PersonLabelChoiceField
from records.services import PersonInput
from records.services.people import person_validate
from subject_rights.models import (
    Channel,
    Decision,
    ErasureException,
    IdentityMethod,
    RefusalGround,
    RequesterRole,
    RequestStatus,
    RequestType,
)
from subject_rights.selectors.screens import DUE_SOON, OPEN, OVERDUE


def _choices(text_choices, blank_label) -> list[tuple[str, str]]:
    return [("", blank_label), *text_choices.choices]


def _date(label, *, required_message="", required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        error_messages={
            "required": required_message or _("Enter the date."),
            "invalid": _("Enter a real date, for example 27-3-2026."),
        },
    )


class RequestFilterForm(GovukForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        # A work queue: the open requests unless asked otherwise.
        choices=[(OPEN, _("Open requests")), ("", _("All requests")), *RequestStatus.choices],
    )
    request_type = forms.ChoiceField(
        label=_("Type of request"), required=False, choices=_choices(RequestType, _("Any type"))
    )
    due = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("Any deadline")), (DUE_SOON, _("Due within 7 days")), (OVERDUE, _("Overdue"))],
    )
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = OPEN  # a first visit shows the open requests
        super().__init__(data, *args, **kwargs)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status", OPEN),
            "request_type": data.get("request_type", ""),
            "due": data.get("due", ""),
            "person_id": data.get("person"),
        }


class RequestCreateForm(GovukForm):
    """Who asks, about whom, on whose behalf, what, when and how (R-DSR-7, R-DSR-9)."""

    request_type = forms.ChoiceField(
        label=_("Type of request"),
        choices=_choices(RequestType, _("Select the type of request")),
        error_messages={"required": _("Select the type of request.")},
    )
    subject = PersonLabelChoiceField(
        label=_("Who is the request about?"),
        queryset=None,
        required=False,
        empty_label=_("Not registered yet: enter a new person below"),
        help_text=_("The person the data is about (the subject)"),
    )
    given_names = forms.CharField(label=_("Given names"), required=False, max_length=150)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=150)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the date of birth as a real date.")},
    )
    received_on = _date(
        _("Date of receipt"),
        required_message=_("Enter the date the request was received."),
        help_text=_("Who must sign is decided by the subject's age on this date"),
    )
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=_choices(Channel, _("Select how it was received")),
        error_messages={"required": _("Select how the request was received.")},
    )
    requester_role = forms.ChoiceField(
        label=_("Who is making the request?"),
        choices=RequesterRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select who is making the request.")},
    )
    requester_person = PersonLabelChoiceField(
        label=_("Requester already registered (optional)"),
        queryset=None,
        required=False,
        empty_label=_("No: enter the name below"),
    )
    requester_name = forms.CharField(
        label=_("Requester's name"),
        required=False,
        max_length=200,
        help_text=_("Leave empty when the subject asks themself"),
    )
    requester_relationship = forms.CharField(
        label=_("Relationship to the subject"),
        required=False,
        max_length=200,
        help_text=_("For example mother, guardian, solicitor"),
    )
    on_behalf_of_person = PersonLabelChoiceField(
        label=_("On whose behalf (optional)"),
        queryset=None,
        required=False,
        empty_label=_("No one else, or enter the name below"),
        help_text=_("Only when the requester acts for someone other than the subject"),
    )
    on_behalf_of = forms.CharField(label=_("On whose behalf: name"), required=False, max_length=200)
    requester_contact = forms.CharField(
        label=_("Requester's contact details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    details = forms.CharField(
        label=_("What is asked"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    incompetent = forms.BooleanField(
        label=_("The subject was judged not competent to exercise their rights (wilsonbekwaam)"),
        required=False,
    )
    judged_competent = forms.BooleanField(
        label=_("The subject was judged competent to exercise their own rights"),
        required=False,
        help_text=_("Only where competence is judged case by case (R-DSR-12)"),
    )
    id_document = forms.FileField(
        label=_("Copy of the requester's ID (optional)"),
        required=False,
        help_text=_("Deleted as soon as the identity verification is recorded (R-DSR-9)"),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("subject", "requester_person", "on_behalf_of_person"):
            self.fields[name].queryset = people

    def clean(self):
        cleaned = super().clean()
        subject = cleaned.get("subject")
        typed = any(cleaned.get(name) for name in ("given_names", "family_name", "date_of_birth"))
        if subject is not None and typed:
            self.add_error(
                "subject", _("Choose someone already registered, or enter a new person, not both.")
            )
        elif subject is None and typed and not self.errors.get("date_of_birth"):
            try:
                person_validate(self.new_subject(cleaned))
            except DomainError as error:
                add_domain_error(self, error)
        requester = cleaned.get("requester_person")
        on_behalf = cleaned.get("on_behalf_of_person")
        role = cleaned.get("requester_role")
        # The three parties are distinct people: a person does not ask for themself "on
        # behalf of" someone, nor represent themself.
        if (
            requester is not None
            and subject is not None
            and requester == subject
            and role != RequesterRole.SUBJECT
        ):
            self.add_error(
                "requester_person",
                _("The subject cannot be their own representative: choose who asks for them."),
            )
        if (
            role == RequesterRole.SUBJECT
            and requester is not None
            and subject is not None
            and requester != subject
        ):
            self.add_error(
                "requester_person",
                _("The subject themself is asking: choose the subject here, or say who else asks."),
            )
        if on_behalf is not None and on_behalf in (subject, requester):
            self.add_error(
                "on_behalf_of_person",
                _("On whose behalf names a third person: not the subject nor the requester."),
            )
        if on_behalf is not None and cleaned.get("on_behalf_of"):
            self.add_error("on_behalf_of", _("Choose someone already registered, or enter a name, not both."))
        return cleaned

    @staticmethod
    def new_subject(cleaned) -> PersonInput:
        return PersonInput(
            given_names=cleaned.get("given_names", ""),
            family_name=cleaned.get("family_name", ""),
            date_of_birth=cleaned.get("date_of_birth"),
        )

    def subject_kwargs(self) -> dict:
        data = self.cleaned_data
        typed = any(data.get(name) for name in ("given_names", "family_name", "date_of_birth"))
        return {
            "subject": data.get("subject"),
            "new_subject": self.new_subject(data) if data.get("subject") is None and typed else None,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        requester = data.get("requester_person")
        on_behalf = data.get("on_behalf_of_person")
        return {
            **self.subject_kwargs(),
            "request_type": data["request_type"],
            "requester_role": data["requester_role"],
            "received_on": data["received_on"],
            "channel": data["channel"],
            "requester_name": data["requester_name"] or (requester.full_name if requester else ""),
            "requester_relationship": data["requester_relationship"],
            "on_behalf_of": data["on_behalf_of"] or (on_behalf.full_name if on_behalf else ""),
            "requester_contact": data["requester_contact"],
            "details": data["details"],
            "incompetent": data["incompetent"],
            "judged_competent": data["judged_competent"],
            "id_document": data.get("id_document"),
        }


class TransitionForm(GovukForm):
    """The plain moves of the transition table: ask for identity evidence, fulfil, close."""

    new_status = forms.ChoiceField(choices=RequestStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IdentityForm(GovukForm):
    """R-DSR-9: how, by whom (the user recording it) and when identity was verified."""

    method = forms.ChoiceField(
        label=_("How was the identity verified?"),
        choices=IdentityMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the identity was verified.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for “Other”: describe how"),
    )
    evidence_received_on = _date(_("Identity evidence received on (optional)"), required=False)
    representation_proven_on = _date(
        _("Right to act for the subject shown on"),
        required=False,
        help_text=_("Required when someone other than the subject asks"),
    )
    fee_received_on = _date(_("Fee received on (optional)"), required=False)

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class IdDocumentForm(GovukForm):
    upload = forms.FileField(
        label=_("Copy of the requester's ID"),
        help_text=_("Kept only until the identity verification is recorded (R-DSR-9)"),
        error_messages={"required": _("Choose the file with the ID copy.")},
    )


class PauseForm(GovukForm):
    question = forms.CharField(
        label=_("What was the requester asked to clarify?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the requester was asked to clarify.")},
    )
    asked_on = _date(_("Asked on"), required_message=_("Enter the date the clarification was asked for."))


class ResumeForm(GovukForm):
    answered_on = _date(
        _("Clarification received on"), required_message=_("Enter the date the clarification arrived.")
    )


class ExtendForm(GovukForm):
    reason = forms.CharField(
        label=_("Why is more time needed?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The requester is told this reason in the notice letter"),
        error_messages={"required": _("Give the reason for the extension: the requester is told it.")},
    )
    notified_on = _date(
        _("Requester told on"),
        required_message=_("Enter the date the requester was told."),
        help_text=_("Before the current deadline"),
    )


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose grant, partly grant or refuse.")},
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The answer is reasoned; the requester reads these reasons"),
        error_messages={"required": _("Give the reasons for the decision: the answer is reasoned.")},
    )
    grounds = forms.MultipleChoiceField(
        label=_("Grounds for refusing or limiting"),
        choices=RefusalGround.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    erasure_exception = forms.ChoiceField(
        label=_("GDPR art. 17(3) exception"),
        required=False,
        choices=_choices(ErasureException, _("None")),
    )
    report_refuted = forms.TypedChoiceField(
        label=_("Did the investigation refute the report?"),
        required=False,
        choices=[("", _("Not asked")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )
    significant_interest_holder = forms.CharField(
        label=_("Whose significant interest requires keeping the data?"), required=False, max_length=200
    )
    significant_interest_facts = forms.CharField(
        label=_("The concrete facts of that interest"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facts, not only the ground (R-DSR-13)"),
    )

    def __init__(self, *args, request_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the questions that apply to this kind of request are asked.
        if request_type != RequestType.OBJECTION:
            self.fields["grounds"].choices = [
                choice for choice in RefusalGround.choices if choice[0] != RefusalGround.COMPELLING_GROUNDS
            ]
        if request_type != RequestType.ERASURE:
            del self.fields["erasure_exception"]
        if request_type != RequestType.DESTRUCTION:
            for name in ("report_refuted", "significant_interest_holder", "significant_interest_facts"):
                del self.fields[name]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "decision": data["decision"],
            "reasons": data["reasons"],
            "grounds": data["grounds"],
            "erasure_exception": data.get("erasure_exception", ""),
            "report_refuted": data.get("report_refuted"),
            "significant_interest_holder": data.get("significant_interest_holder", ""),
            "significant_interest_facts": data.get("significant_interest_facts", ""),
        }
