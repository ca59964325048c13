"""The national retention assessment criteria (APP Information Management), asked at the
review of police group records as yes/no questions with a justification (RETENTION.md).
Any "yes" requires a justified decision to retain.

The questions are marked for translation but kept as plain text: they are translated where
they are shown (a refusal message, a review form), in the reader's language."""

from django.utils.translation import gettext_noop

NRAC_QUESTIONS: list[tuple[str, str]] = [
    ("serious_harm", gettext_noop("Is there evidence of a capacity to inflict serious harm?")),
    ("children_vulnerable", gettext_noop("Are there concerns about risk to children or vulnerable adults?")),
    ("breach_of_trust", gettext_noop("Did the behaviour involve a breach of trust?")),
    ("risk_links", gettext_noop("Are there links or associations that increase the risk of harm?")),
    ("substance_misuse", gettext_noop("Are there concerns about substance misuse that increase the risk?")),
    (
        "mental_state",
        gettext_noop("Are there concerns about the person's mental state that increase the risk?"),
    ),
]
NRAC_CODES = [code for code, _ in NRAC_QUESTIONS]
