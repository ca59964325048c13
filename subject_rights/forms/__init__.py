"""Forms of the subject-request and consent pages (parse only; the services hold the rules)."""
