"""One POST to a partner's URL: short timeouts, no redirects followed, and no request to a
private, loopback or link-local address unless `allow_local` (tests, DEBUG).

The host is resolved once and every address it resolves to is checked; the connection is
then made to that checked address (TLS still verifies the certificate against the host's
name), so a name that resolves to a public address when checked and a private one when
used (DNS rebinding) cannot reach the private one.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3

MAX_ERROR = 300


class UnsafeTarget(ValueError):
    """The URL may not be called from here (scheme, or a private address)."""


@dataclass(frozen=True)
class Outcome:
    status_code: int | None  # None: no answer (refused, timed out, unsafe)
    duration_ms: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def address_allowed(address: str, *, allow_local: bool) -> bool:
    ip = ipaddress.ip_address(address)
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if allow_local:
        return not ip.is_multicast and not ip.is_unspecified
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, allow_local: bool) -> None:
    """Refuse what never may be called: a scheme other than https (http too when local
    targets are allowed), a URL with credentials, or a literal private address."""
    parts = urlsplit(url)
    schemes = {"https", "http"} if allow_local else {"https"}
    if parts.scheme not in schemes or not parts.hostname:
        raise UnsafeTarget("Use an https:// URL." if not allow_local else "Use an http(s) URL.")
    if parts.username or parts.password:
        raise UnsafeTarget("Leave credentials out of the URL; requests are signed instead.")
    host = parts.hostname
    if host == "localhost" and not allow_local:
        raise UnsafeTarget("This address is not reachable from the internet.")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return
    if not address_allowed(str(literal), allow_local=allow_local):
        raise UnsafeTarget("This address is not reachable from the internet.")


def resolve(host: str, port: int, *, allow_local: bool) -> str:
    """An address of `host`, after checking every address it resolves to."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise UnsafeTarget("The host has no address.")
    for address in addresses:
        if not address_allowed(address, allow_local=allow_local):
            raise UnsafeTarget(f"{host} resolves to an address that is not public.")
    return addresses[0]


def post(url: str, body: bytes, headers: dict, *, timeout: float, allow_local: bool) -> Outcome:
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        check_url(url, allow_local=allow_local)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = resolve(parts.hostname, port, allow_local=allow_local)
        options = {"timeout": urllib3.Timeout(total=timeout), "retries": False, "maxsize": 1}
        if parts.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address,
                port,
                server_hostname=parts.hostname,
                assert_hostname=parts.hostname,
                cert_reqs="CERT_REQUIRED",
                **options,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, **options)
        host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with pool:
            response = pool.urlopen(
                "POST",
                path,
                body=body,
                headers={**headers, "Host": host_header},
                redirect=False,
                retries=False,
                preload_content=False,
            )
            # The body is not read: only the status matters, and a receiver that answers
            # slowly or at length must not hold the worker (closing the pool drops it).
            response.release_conn()
        return Outcome(status_code=response.status, duration_ms=elapsed())
    except (UnsafeTarget, OSError, urllib3.exceptions.HTTPError, ValueError) as error:
        message = f"{type(error).__name__}: {error}"
        return Outcome(status_code=None, duration_ms=elapsed(), error=message[:MAX_ERROR])
