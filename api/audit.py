"""The auditlog actor for calls authenticated inside DRF (token clients)."""

from auditlog.context import auditlog_value


def audit_actor_set(user) -> None:
    """Name ``user`` as the actor of the auditlog entries the rest of this request writes.

    auditlog's middleware fixed the actor before DRF authenticated the bearer token (it saw
    an anonymous user); its context is a dict read when each entry is saved, so setting the
    actor in it here applies to every later write of the request. Outside a request (no
    context) there is nothing to set.
    """
    if not getattr(user, "is_authenticated", False):
        return
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    if context.get("actor") is None:
        context["actor"] = user
