"""Tasks run with the acting user as auditlog's actor and under a request id.

The test settings run tasks eagerly, which fires the same task_prerun / task_postrun
signals a worker does (a real worker is exercised in test_celery_broker.py).
"""

import logging

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry

from access_control.models import Unit
from config.celery import app
from core.request_context import current_request_id, reset_request_id, set_request_id
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@app.task(name="tests.infra.rename_unit")
def rename_unit(*, unit_id: int, name: str, acting_user_id: int | None = None, fail: bool = False) -> str:
    unit = Unit.objects.get(pk=unit_id)
    unit.name = name
    unit.save()
    if fail:
        raise RuntimeError("the task failed after its change")
    return current_request_id()


def _last_entry(unit: Unit) -> LogEntry:
    return LogEntry.objects.get_for_object(unit).order_by("-pk").first()


def test_it_logs_the_acting_user_as_the_actor_of_a_task_change():
    user = UserFactory()
    unit = UnitFactory(organisation=user.organisation)

    rename_unit.delay(unit_id=unit.pk, name="Renamed by task", acting_user_id=user.pk)

    entry = _last_entry(unit)
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == user


def test_it_logs_no_actor_for_a_task_called_without_an_acting_user():
    unit = UnitFactory()

    rename_unit.delay(unit_id=unit.pk, name="Renamed by the system")

    assert _last_entry(unit).actor is None


def test_it_leaves_no_actor_behind_after_the_task():
    user = UserFactory()
    unit = UnitFactory(organisation=user.organisation)
    rename_unit.delay(unit_id=unit.pk, name="First", acting_user_id=user.pk)

    unit.name = "Changed outside any task"
    unit.save()

    assert _last_entry(unit).actor is None


def test_it_leaves_no_actor_behind_after_a_failed_task():
    user = UserFactory()
    unit = UnitFactory(organisation=user.organisation)
    with pytest.raises(RuntimeError):
        rename_unit.delay(unit_id=unit.pk, name="Half done", acting_user_id=user.pk, fail=True)

    unit.name = "Changed outside any task"
    unit.save()

    assert _last_entry(unit).actor is None


def test_it_keeps_the_enclosing_actor_after_an_eager_task_inside_a_request():
    requester = UserFactory()
    task_user = UserFactory(organisation=requester.organisation)
    unit = UnitFactory(organisation=requester.organisation)

    with set_actor(requester):
        rename_unit.delay(unit_id=unit.pk, name="By the task", acting_user_id=task_user.pk)
        assert _last_entry(unit).actor == task_user
        unit.name = "By the request, after the task"
        unit.save()

    assert _last_entry(unit).actor == requester


def test_it_runs_a_task_under_its_own_id_when_no_request_is_active():
    unit = UnitFactory()

    result = rename_unit.delay(unit_id=unit.pk, name="Any")

    assert result.get() == result.id
    assert current_request_id() == ""


def test_it_runs_an_eager_task_under_the_enclosing_request_id():
    unit = UnitFactory()
    token = set_request_id("request-42")
    try:
        result = rename_unit.delay(unit_id=unit.pk, name="Any")
        assert result.get() == "request-42"
        assert current_request_id() == "request-42"
    finally:
        reset_request_id(token)


def test_it_warns_and_logs_no_actor_for_an_unknown_acting_user(caplog):
    unit = UnitFactory()

    with caplog.at_level(logging.WARNING, logger="core.celery_actor"):
        rename_unit.delay(unit_id=unit.pk, name="Any", acting_user_id=999_999)

    assert "acting_user_id=999999" in caplog.text
    assert _last_entry(unit).actor is None
