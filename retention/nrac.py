"""The national retention assessment criteria (APP Information Management), asked at the
review of police group records as yes/no questions with a justification (RETENTION.md).
Any "yes" requires a justified decision to retain."""

NRAC_QUESTIONS: list[tuple[str, str]] = [
    ("serious_harm", "Is there evidence of a capacity to inflict serious harm?"),
    ("children_vulnerable", "Are there concerns about risk to children or vulnerable adults?"),
    ("breach_of_trust", "Did the behaviour involve a breach of trust?"),
    ("risk_links", "Are there links or associations that increase the risk of harm?"),
    ("substance_misuse", "Are there concerns about substance misuse that increase the risk?"),
    ("mental_state", "Are there concerns about the person's mental state that increase the risk?"),
]
NRAC_CODES = [code for code, _ in NRAC_QUESTIONS]
