"""Domain errors raised by services and turned into form errors / HTTP 400 by views."""


class DomainError(Exception):
    """A business rule refused the operation. ``field`` names the input at fault, if any."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class NotAllowed(DomainError):
    """The acting user may not do this (shown as 403/404, never as a leak of existence)."""

    def __init__(self, message: str = "You are not allowed to do this."):
        super().__init__(message, code="forbidden")


class InvalidTransition(DomainError):
    def __init__(self, message: str):
        super().__init__(message, field="status", code="invalid_transition")
