"""Data-subject requests and the consent register (built in the subject-rights issue)."""
