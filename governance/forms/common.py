"""Form pieces every governance page uses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from records.forms import PersonLabelChoiceField

__all__ = ["DateTimeInput", "PersonLabelChoiceField", "blank_first", "required_text", "when_field"]


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (``datetime-local``), in the site's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "govuk-input--width-20", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


def when_field(label, *, required=True, message=None, help_text="") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=help_text,
        error_messages={
            "required": message or _("Enter the date and time."),
            "invalid": _("Enter a real date and time."),
        },
    )


def required_text(label, message, *, rows: int = 3, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message},
    )


def blank_first(text_choices, blank_label) -> list[tuple[str, str]]:
    return [("", blank_label), *text_choices.choices]
