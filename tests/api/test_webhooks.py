"""Webhooks: subscriptions through the API, signed deliveries to a real local HTTP server
(Celery runs eagerly, as in every test), retries with backoff, giving up, nothing sent for
a rolled-back change or to another organisation, and item destruction (R-REC-4)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from access_control.models import OrganisationKind
from api.scopes import Scope
from api.services import api_client_create
from api.services.webhooks import backoff_seconds, webhook_subscription_create
from api.webhooks import signing
from api.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from retention.services.execution import disposal_batch_execute
from retention.services.schedules import schedules_install_defaults
from tests.api.conftest import ids, problem
from tests.factories import OrganisationFactory
from tests.retention.disposal_support import build, electronic, officer, recompute

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"
HOLDS = "/api/v1/holds/"


class Receiver:
    """A local HTTP server that records what it is sent and answers the statuses queued."""

    def __init__(self):
        self.received: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    # The local server is on 127.0.0.1, which real subscriptions may not use (no SSRF).
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    server = Receiver()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _eager_retries_run_again():
    """An eager task's retry runs again at once (no wait), unless eager errors propagate:
    then Celery raises the Retry to the caller instead. Let retries run as in a worker."""
    from config.celery import app

    before = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = before


@pytest.fixture
def police(db):
    organisation = OrganisationFactory(kind=OrganisationKind.POLICE_FORCE, jurisdiction="GB-WLS")
    schedules_install_defaults(acting_user=officer(organisation), organisation=organisation)
    return organisation


def subscribe(caller, url, events=("hold.placed", "hold.released")) -> dict:
    response = caller.post(URL, {"url": url, "events": list(events), "description": "Case system"})
    assert response.status_code == 201, response.content
    return response.json()


def place_hold(caller, record):
    return caller.post(
        HOLDS, {"reason": "Complaint pending", "authority": "investigation", "records": [record.pk]}
    )


def test_it_delivers_a_signed_event_when_a_hold_is_placed(
    owner, record, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(owner, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        assert place_hold(owner, record).status_code == 201

    (sent,) = receiver.received
    headers, body = sent["headers"], sent["body"]
    assert headers["Retentie-Event"] == "hold.placed"
    assert signing.signature_verify(subscription["secret"], headers["Retentie-Signature"], body)
    assert not signing.signature_verify("whsec_wrong", headers["Retentie-Signature"], body)
    payload = json.loads(body)
    assert payload["event"] == "hold.placed"
    assert payload["data"]["records"] == [{"id": record.pk, "reference": record.reference}]
    delivery = WebhookDelivery.objects.get()
    assert headers["Retentie-Delivery"] == str(delivery.pk)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    log = owner.get(f"{URL}{subscription['id']}/deliveries/").json()["results"]
    assert [(d["status"], [a["status_code"] for a in d["attempt_log"]]) for d in log] == [
        ("delivered", [200])
    ]


def test_it_retries_after_a_server_error(owner, record, receiver, django_capture_on_commit_callbacks):
    subscribe(owner, receiver.url)
    receiver.statuses = [500, 503]

    with django_capture_on_commit_callbacks(execute=True):
        place_hold(owner, record)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    assert list(delivery.attempt_log.values_list("number", "status_code")) == [(1, 500), (2, 503), (3, 200)]
    # Every retry is the same delivery, signed afresh.
    assert len({r["headers"]["Retentie-Delivery"] for r in receiver.received}) == 1


def test_it_gives_up_after_the_maximum_attempts(
    owner, record, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    subscribe(owner, receiver.url)
    receiver.statuses = [500] * 10

    with django_capture_on_commit_callbacks(execute=True):
        place_hold(owner, record)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (DeliveryStatus.FAILED, 3, None)
    assert delivery.last_error == "HTTP 500"
    assert len(receiver.received) == 3


def test_it_waits_longer_after_each_failure():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff_seconds(20) == 3600


def test_it_records_an_unreachable_receiver(owner, record, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    dead = Receiver()
    url = dead.url
    dead.close()  # nothing listens there any more
    subscribe(owner, url)

    with django_capture_on_commit_callbacks(execute=True):
        place_hold(owner, record)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_status_code is None
    # Generic, not the raw "[Errno 111] Connection refused": no probing of the network.
    assert delivery.last_error == "connection failed"
    assert list(delivery.attempt_log.values_list("error", flat=True)) == ["connection failed"] * 2


def test_a_rolled_back_change_sends_nothing(owner, org, record, receiver, django_capture_on_commit_callbacks):
    from retention.services.holds import legal_hold_place

    subscribe(owner, receiver.url)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        legal_hold_place(
            acting_user=owner.api_client.user,
            organisation=org,
            reason="Litigation",
            authority="litigation",
            records=[record],
        )
        raise RuntimeError("the surrounding change failed")

    assert WebhookDelivery.objects.count() == 0
    assert receiver.received == []


def test_another_organisations_events_are_never_sent(
    owner, foreign, record, receiver, django_capture_on_commit_callbacks
):
    subscribe(foreign, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        place_hold(owner, record)

    assert receiver.received == []
    assert WebhookDelivery.objects.count() == 0


def test_the_source_system_hears_that_a_record_was_destroyed(
    police, receiver, django_capture_on_commit_callbacks
):
    """R-REC-4: every copy goes, including the one in the system that sent the record."""
    client = api_client_create(
        acting_user=None, organisation=police, name="RMS", scopes=[Scope.WEBHOOKS_MANAGE]
    )
    webhook_subscription_create(acting_user=None, client=client, url=receiver.url, events=["item.destroyed"])
    record = electronic(police)
    recompute(police)
    (batch,) = build(police, builder=officer(police))
    from retention.services.batches import disposal_batch_approve

    for _ in range(batch.approvals_required):
        disposal_batch_approve(acting_user=officer(police), batch=batch)

    with django_capture_on_commit_callbacks(execute=True):
        disposal_batch_execute(acting_user=officer(police), batch_id=batch.pk)

    (sent,) = receiver.received
    payload = json.loads(sent["body"])
    assert payload["event"] == "item.destroyed"
    assert payload["data"] == {
        "item_kind": "record",
        "reference": record.reference,
        "action": "destroy",
        "batch": batch.number,
    }


def test_it_reports_a_subject_request_status_change(owner, receiver, org, django_capture_on_commit_callbacks):
    import datetime as dt

    from tests.factories import PersonFactory
    from tests.subject_rights.conftest import at

    subscribe(owner, receiver.url, events=["subject_request.status_changed"])
    adult = PersonFactory(organisation=org, date_of_birth=dt.date(1980, 1, 1))

    with at(dt.date(2026, 3, 2)), django_capture_on_commit_callbacks(execute=True):
        response = owner.post(
            "/api/v1/subject-requests/",
            {
                "subject": adult.pk,
                "request_type": "access",
                "requester_role": "subject",
                "received_on": "2026-03-02",
            },
        )

    payload = json.loads(receiver.received[0]["body"])
    assert payload["data"]["id"] == response.json()["id"]
    assert (payload["data"]["status"], payload["data"]["previous_status"]) == ("received", "")
    assert "Jansen" not in receiver.received[0]["body"].decode()  # no personal data in payloads


# --- the subscription endpoints ---


def test_it_manages_only_its_own_subscriptions(owner, make_caller, org, foreign, receiver):
    mine = subscribe(owner, receiver.url)
    sibling = make_caller(org, [Scope.WEBHOOKS_MANAGE], name="sibling")
    theirs = subscribe(sibling, receiver.url)

    assert ids(owner.get(URL)) == [mine["id"]]
    assert "secret" not in owner.get(f"{URL}{mine['id']}/").json()
    problem(owner.get(f"{URL}{theirs['id']}/"), 404)
    problem(foreign.get(f"{URL}{mine['id']}/"), 404)
    problem(foreign.http.delete(f"{URL}{mine['id']}/"), 404)
    problem(make_caller(org, [Scope.RECORDS_READ], name="no hooks").get(URL), 403)


def test_it_changes_a_subscription_with_if_match_and_rotates_its_secret(owner, receiver):
    created = subscribe(owner, receiver.url)
    url = f"{URL}{created['id']}/"
    tag = owner.get(url)["ETag"]

    problem(owner.patch(url, {"is_active": False}), 428)
    changed = owner.patch(url, {"is_active": False, "events": ["item.destroyed"]}, HTTP_IF_MATCH=tag)
    rotated = owner.post(f"{url}rotate-secret/")
    deleted = owner.http.delete(url)

    assert changed.status_code == 200 and changed.json()["events"] == ["item.destroyed"]
    assert rotated.json()["secret"].startswith("whsec_") and rotated.json()["secret"] != created["secret"]
    assert deleted.status_code == 204 and not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"url": "ftp://example.test/x"},
        {"url": "not a url"},
        {"events": []},
        {"events": ["item.exploded"]},
        {"secret": "mine"},
    ],
)
def test_it_refuses_a_bad_subscription(owner, bad):
    response = owner.post(URL, {"url": "https://example.test/hooks", "events": ["hold.placed"], **bad})

    assert problem(response, 400)["errors"]
    assert not WebhookSubscription.objects.exists()


def test_it_requires_https_where_configured(owner, settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True

    response = owner.post(URL, {"url": "http://example.test/hooks", "events": ["hold.placed"]})

    assert "url" in problem(response, 400)["errors"]


def test_a_receiver_refuses_a_stale_or_tampered_signature():
    body = b'{"event":"hold.placed"}'
    header = signing.signature_header("whsec_k", body, timestamp=1_000_000)

    assert signing.signature_verify("whsec_k", header, body, now=1_000_100)
    assert not signing.signature_verify("whsec_k", header, body, now=1_000_000 + 3600)
    assert not signing.signature_verify("whsec_k", header, body + b" ", now=1_000_100)
    assert not signing.signature_verify("whsec_k", "garbage", body)


# --- the admin ---


def _admin_client(client, organisation):
    from django.contrib.auth.models import Permission

    from access_control.models import Role
    from tests.factories import UserFactory

    admin = UserFactory(organisation=organisation, role=Role.ADMINISTRATOR, is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="api"))
    client.force_login(admin)
    return client


def test_the_admin_shows_the_delivery_log_of_its_organisation_and_stops_a_subscription(
    client, owner, foreign, record, receiver, django_capture_on_commit_callbacks
):
    mine = subscribe(owner, receiver.url)
    theirs = subscribe(foreign, receiver.url)
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        place_hold(owner, record)
    delivery = WebhookDelivery.objects.get()
    admin = _admin_client(client, owner.api_client.organisation)

    page = admin.get(f"/admin/api/webhookdelivery/{delivery.pk}/change/")
    listing = admin.get("/admin/api/webhooksubscription/")
    stopped = admin.post(
        "/admin/api/webhooksubscription/",
        {"action": "deactivate", "_selected_action": [mine["id"], theirs["id"]]},
    )

    assert page.status_code == 200 and b"HTTP 500" in page.content
    assert receiver.url.encode() in listing.content and listing.context["cl"].result_count == 1
    assert stopped.status_code == 302
    assert dict(WebhookSubscription.objects.values_list("pk", "is_active")) == {
        mine["id"]: False,
        theirs["id"]: True,
    }
    assert admin.get(f"/admin/api/webhooksubscription/{theirs['id']}/change/").status_code in (302, 404)
