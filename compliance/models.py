"""Models of compliance oversight."""
