"""Forms of the disclosure pages: reviewing a proposed redaction and adding one by hand.
They parse only; whether a reason suffices and where the text is are the services' rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm
from subject_rights.models import RedactionReason
from subject_rights.services.disclosure import ReviewAction


def _reason_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Why is it withheld?"),
        required=False,
        choices=[("", _("Choose a reason")), *RedactionReason.choices],
    )


def _note_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RedactionReviewForm(GovukForm):
    action = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (ReviewAction.ACCEPT, _("Redact")),
            (ReviewAction.EDIT, _("Redact other text instead")),
            (ReviewAction.REJECT, _("Disclose")),
        ],
        error_messages={"required": _("Choose to redact, edit or disclose.")},
    )
    reason = _reason_field()
    text = forms.CharField(
        label=_("Text to redact instead (when editing)"),
        required=False,
        max_length=2000,
    )
    note = _note_field(_("Explanation (required to disclose, or for another reason)"))

    def __init__(self, *args, proposal=None, **kwargs):
        if proposal is not None:
            kwargs.setdefault("prefix", f"redaction-{proposal.pk}")
            kwargs.setdefault(
                "initial",
                {"reason": proposal.reason, "note": proposal.note, "text": proposal.matched_text},
            )
        super().__init__(*args, **kwargs)


class RedactionAddForm(GovukForm):
    source = forms.ChoiceField(
        label=_("Passage"), error_messages={"required": _("Choose the passage the text is in.")}
    )
    text = forms.CharField(
        label=_("Exact text to redact"),
        max_length=2000,
        help_text=_("Every place it occurs in that passage is redacted."),
        error_messages={"required": _("Give the exact text to redact.")},
    )
    reason = _reason_field()
    note = _note_field(_("Explanation (required for another reason)"))

    def __init__(self, *args, passages: list[tuple[str, str]] = (), **kwargs):
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("Choose a passage")), *passages]

    def source_parts(self) -> tuple[str, int, str]:
        kind, pk, field = self.cleaned_data["source"].split(":")
        return kind, int(pk), field


def passage_choices(review_rows) -> list[tuple[str, str]]:
    """``kind:id:field`` with a label the reviewer recognises, for every non-empty passage."""
    choices = []
    for row in review_rows:
        item = row.item
        for passage in row.passages:
            label = f"{item.heading} {item.reference} ({item.kind} {item.pk}) — {passage.label}"
            choices.append((f"{item.kind}:{item.pk}:{passage.name}", label))
    return choices
