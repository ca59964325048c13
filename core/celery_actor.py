"""Give Celery tasks the same audit context a web request has.

A web request runs inside auditlog's actor context (AuditlogMiddleware) and has a request
id (RequestIdMiddleware). A task runs in a worker with neither, so the field diffs it
causes would be logged with no actor. Tasks take ids (STYLE.md 3); a task called with the
keyword argument ``acting_user_id`` runs inside ``auditlog.context.set_actor(user)``, and
every task runs under a request id: the one of the request that enqueued it (carried in a
message header), else the task's own id.

The context is entered on ``task_prerun`` and left on ``task_postrun``; both fire in the
thread that runs the task, eager (tests) or in a worker, and postrun fires on failure too.
"""

import logging
from contextlib import ExitStack

from celery.signals import before_task_publish, task_postrun, task_prerun

from core.request_context import current_request_id, reset_request_id, set_request_id

logger = logging.getLogger(__name__)

ACTING_USER_KWARG = "acting_user_id"
REQUEST_ID_HEADER = "retentie_request_id"

# Open contexts by task id, closed on postrun.
_open: dict[str, ExitStack] = {}


def _stamp_request_id(headers=None, **_kwargs) -> None:
    """Carry the enqueuing request's id to the worker, so its events join the request's."""
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id)


def _acting_user(user_id):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        # The task itself re-fetches the acting user and fails on it; here we only say why
        # its audit rows would have no actor.
        logger.warning("Task called with acting_user_id=%r, which matches no user.", user_id)
    return user


def _enter(task_id=None, task=None, kwargs=None, **_signal_kwargs) -> None:
    from auditlog.context import auditlog_value, set_actor

    stack = ExitStack()
    request = task.request
    # Eager tasks run inside the caller's context, so its request id is still current.
    request_id = getattr(request, REQUEST_ID_HEADER, None) or current_request_id() or task_id
    stack.callback(reset_request_id, set_request_id(request_id))
    user_id = (kwargs or {}).get(ACTING_USER_KWARG)
    if user_id is not None:
        user = _acting_user(user_id)
        if user is not None:
            stack.callback(_restore_auditlog_context, auditlog_value, auditlog_value.get(None))
            stack.enter_context(set_actor(user))
    _open[task_id] = stack


def _restore_auditlog_context(variable, previous) -> None:
    # set_actor() leaves its own value in auditlog's context variable on exit; an eager
    # task inside a request would otherwise cut the request's actor off for the rest of it.
    if previous is not None:
        variable.set(previous)


def _leave(task_id=None, **_signal_kwargs) -> None:
    stack = _open.pop(task_id, None)
    if stack is not None:
        stack.close()


def connect() -> None:
    """Connect the signal handlers (idempotent: each has a dispatch uid)."""
    before_task_publish.connect(_stamp_request_id, weak=False, dispatch_uid="core.celery_actor.publish")
    task_prerun.connect(_enter, weak=False, dispatch_uid="core.celery_actor.prerun")
    task_postrun.connect(_leave, weak=False, dispatch_uid="core.celery_actor.postrun")
