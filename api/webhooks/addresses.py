"""Where a webhook may be sent: only to public internet addresses.

A webhook makes this server send a request to an address an API client chose. Without a
check, a client could aim it at the server's own network (127.0.0.1, the cloud metadata
service at 169.254.169.254, a database on 10.0.0.5) and read the answers back from the
delivery log (server-side request forgery). So the address is checked when a subscription
is stored and again at every delivery, and a delivery connects to exactly the addresses it
checked: a host name that resolves to a public address at check time and to a private one
a moment later (DNS rebinding) gains nothing.

``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` lifts the rule for development and the tests, which
deliver to a local server.
"""

import contextlib
import functools
import http.client
import ipaddress
import socket
import urllib.request

from django.conf import settings


class AddressNotAllowed(Exception):
    """The receiver is (or resolves to) an address that is not on the public internet."""


class AddressUnresolved(Exception):
    """The receiver's host name does not resolve (now)."""


def address_is_public(address: str) -> bool:
    """Whether ``address`` (an IP address as text) is a public internet address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def _resolve(host: str, port: int, *, numeric_only: bool = False) -> list[str]:
    flags = socket.AI_NUMERICHOST if numeric_only else 0
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=flags)
    except (OSError, UnicodeError) as error:
        raise AddressUnresolved(host) from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise AddressUnresolved(host)
    return addresses


def receiver_addresses(host: str, port: int) -> list[str]:
    """The addresses to connect to for ``host``; ``AddressNotAllowed`` if ANY of them is not
    public (a name with one private address among public ones is refused: the connection
    could go to any of them), ``AddressUnresolved`` if the name does not resolve."""
    addresses = _resolve(host, port)
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES and not all(map(address_is_public, addresses)):
        raise AddressNotAllowed(host)
    return addresses


def receiver_host_check(host: str, port: int) -> None:
    """The check when a subscription is stored. An address written as numbers (127.0.0.1,
    ::1, and the odd spellings 127.1 or 2130706433) and a name that resolves now must be
    public. A name that does not resolve (yet) is accepted: each delivery checks again."""
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        numeric = _resolve(host, port, numeric_only=True)
    except AddressUnresolved:
        numeric = None
    if numeric is not None:
        if not all(map(address_is_public, numeric)):
            raise AddressNotAllowed(host)
        return
    name = host.rstrip(".").lower()
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal")):
        raise AddressNotAllowed(host)
    with contextlib.suppress(AddressUnresolved):
        receiver_addresses(host, port)


# --- connecting to the checked addresses only ----------------------------------------------


def _connect_to(addresses: list[str], address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """Replaces socket.create_connection for one request: the host name in ``address`` is
    ignored (it stays in the Host header and, for https, in the certificate check); the
    connection goes to the checked ``addresses``, trying each in turn as create_connection
    would."""
    _host, port = address
    last_error: OSError | None = None
    for ip in addresses:
        try:
            return socket.create_connection((ip, port), timeout, source_address)
        except OSError as error:
            last_error = error
    raise last_error or OSError("no address to connect to")


def _pinned(connection_class, addresses: list[str], host, **kwargs):
    connection = connection_class(host, **kwargs)
    connection._create_connection = functools.partial(_connect_to, addresses)
    return connection


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, addresses: list[str]):
        super().__init__()
        self.addresses = addresses

    def http_open(self, req):
        return self.do_open(functools.partial(_pinned, http.client.HTTPConnection, self.addresses), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, addresses: list[str]):
        super().__init__()
        self.addresses = addresses

    def https_open(self, req):
        return self.do_open(
            functools.partial(_pinned, http.client.HTTPSConnection, self.addresses),
            req,
            context=self._context,
            check_hostname=self._check_hostname,
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer like any other non-2xx: not delivered (nor followed)


def pinned_opener(addresses: list[str]) -> urllib.request.OpenerDirector:
    """An opener that sends only to ``addresses``, follows no redirect and uses no proxy (a
    proxy would connect to whatever the name resolves to then, undoing the check)."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _NoRedirect,
        _PinnedHTTPHandler(addresses),
        _PinnedHTTPSHandler(addresses),
    )
