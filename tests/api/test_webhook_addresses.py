"""Webhooks go only to the public internet (no server-side request forgery): loopback,
private, link-local (cloud metadata) and reserved receivers are refused when subscribing,
when changing a subscription and again at every delivery, which connects only to the
addresses it checked; the delivery log never shows the raw connection error."""

import socket
import threading

import pytest

from api.webhooks.addresses import address_is_public
from api.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from tests.api.conftest import problem
from tests.api.test_webhooks import (
    URL,
    Receiver,
    _eager_retries_run_again,  # noqa: F401 - autouse: retries run
    place_hold,
    subscribe,
)

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.216.34"
METADATA = "169.254.169.254"


@pytest.fixture
def dns(monkeypatch):
    """A resolver under the test's control for names ending in .example.test (the rest,
    including the numeric addresses connections use, resolve as usual)."""
    real = socket.getaddrinfo
    table: dict[str, list[str]] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if host in table and not kwargs.get("flags", 0) & socket.AI_NUMERICHOST:
            return [
                (socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
                for ip in table[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", METADATA, "0.0.0.0", "100.64.0.1",  # noqa: S104
     "224.0.0.1", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "fe80::1%eth0", "::ffff:127.0.0.1",
     "::ffff:169.254.169.254", "::", "ff02::1", "not an address"],
)  # fmt: skip
def test_an_address_off_the_public_internet_is_not_public(address):
    assert not address_is_public(address)


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_a_public_address_is_public(address):
    assert address_is_public(address)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hooks",
        "http://127.1/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/hooks",
        "http://192.168.1.1/hooks",
        "http://172.16.0.1/hooks",
        "http://[::1]/hooks",
        "http://[fc00::1]/hooks",
        "http://[fe80::1]/hooks",
        "http://[::ffff:127.0.0.1]/hooks",
        "http://0.0.0.0/hooks",  # noqa: S104 - the address refused
        "http://localhost:8000/hooks",
        "http://db.internal/hooks",
    ],
)
def test_it_refuses_a_local_or_private_receiver_at_subscribe(owner, url):
    response = owner.post(URL, {"url": url, "events": ["hold.placed"]})

    assert "url" in problem(response, 400)["errors"]
    assert not WebhookSubscription.objects.exists()


def test_it_refuses_a_name_that_resolves_to_a_private_address(owner, dns):
    dns["hooks.example.test"] = [PUBLIC, "10.1.2.3"]  # any private address among them is enough

    response = owner.post(URL, {"url": "https://hooks.example.test/in", "events": ["hold.placed"]})

    assert "url" in problem(response, 400)["errors"]
    assert not WebhookSubscription.objects.exists()


def test_it_accepts_a_public_receiver(owner, dns):
    dns["hooks.example.test"] = [PUBLIC]

    assert subscribe(owner, "https://hooks.example.test/in")["url"] == "https://hooks.example.test/in"
    assert subscribe(owner, f"https://{PUBLIC}/in")["url"] == f"https://{PUBLIC}/in"
    # A name that does not resolve yet is accepted: each delivery checks again.
    assert subscribe(owner, "https://not-yet.example.test/in")


def test_it_refuses_changing_a_subscription_to_a_private_receiver(owner, dns):
    dns["hooks.example.test"] = [PUBLIC]
    created = subscribe(owner, "https://hooks.example.test/in")
    url = f"{URL}{created['id']}/"

    response = owner.patch(url, {"url": f"http://{METADATA}/latest/"}, HTTP_IF_MATCH=owner.get(url)["ETag"])

    assert "url" in problem(response, 400)["errors"]
    assert WebhookSubscription.objects.get().url == "https://hooks.example.test/in"


def test_a_delivery_to_a_name_that_now_resolves_privately_is_refused(
    owner, record, dns, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """DNS rebinding: public when subscribing, the metadata service when delivering."""
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    dns["hooks.example.test"] = [PUBLIC]
    subscribe(owner, "http://hooks.example.test/in")
    dns["hooks.example.test"] = [METADATA]
    connected = []
    real_connect = socket.create_connection

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)

    with django_capture_on_commit_callbacks(execute=True):
        assert place_hold(owner, record).status_code == 201

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.FAILED, None)
    assert delivery.last_error == "address not allowed"
    assert connected == []  # nothing was sent anywhere


def test_a_delivery_connects_to_the_address_it_checked(
    owner, record, dns, settings, django_capture_on_commit_callbacks
):
    """The name is resolved once, checked, and the connection goes to that address (the
    Host header keeps the name): a second, different answer from DNS is never used."""
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # the local server is on 127.0.0.1
    server = Receiver()
    try:
        port = server.server.server_port
        dns["hooks.example.test"] = ["127.0.0.1"]
        subscribe(owner, f"http://hooks.example.test:{port}/hooks")

        with django_capture_on_commit_callbacks(execute=True):
            assert place_hold(owner, record).status_code == 201
    finally:
        server.close()

    (sent,) = server.received
    assert sent["headers"]["Host"] == f"hooks.example.test:{port}"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_receiver_that_never_answers_is_logged_as_timed_out(
    owner, record, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never answers
    accepted = []
    stop = threading.Event()

    def accept():
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(silent.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        subscribe(owner, f"http://127.0.0.1:{silent.getsockname()[1]}/hooks")
        with django_capture_on_commit_callbacks(execute=True):
            place_hold(owner, record)
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        silent.close()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.FAILED, "timed out")


def test_the_delivery_log_shows_no_raw_error_to_the_client(
    owner, record, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    dead = Receiver()
    url = dead.url
    dead.close()
    created = subscribe(owner, url)

    with django_capture_on_commit_callbacks(execute=True):
        place_hold(owner, record)

    (logged,) = owner.get(f"{URL}{created['id']}/deliveries/").json()["results"]
    assert logged["last_error"] == "connection failed"
    assert [attempt["error"] for attempt in logged["attempt_log"]] == ["connection failed"]
    assert "refused" not in str(logged).lower() and "errno" not in str(logged).lower()
