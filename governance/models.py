"""Models of safeguarding and privacy governance."""
