"""A fixed-window rate limit on verification, counted in Django's cache — never the database,
so that rejecting a forged code stays free of queries.

With the default file-based cache the count is per host (and cache.incr there is a read and a
write, so two workers may occasionally both count from the same value — a limit of 30 lets 31
through, which is fine for this purpose); with REDIS_URL it is shared by every app server and
incr is atomic.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render


class RateLimited(Exception):
    def __init__(self, retry_after):
        super().__init__(f"rate limited; retry after {retry_after} s")
        self.retry_after = retry_after


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the
    X-Forwarded-For entry the outermost trusted proxy added (entries further left are
    whatever the client chose to send)."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return address


def _bucket(address):
    """One counter per IPv4 address, per IPv6 /64 (one household or phone holds a whole /64)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def check(address, *, scope="verify", limit=None, window=None):
    """Count one attempt from address; raise RateLimited when it is over the limit."""
    limit = settings.VERIFY_RATE_LIMIT if limit is None else limit
    window = settings.VERIFY_RATE_WINDOW_SECONDS if window is None else window
    now = int(time.time())
    window_start = now - now % window
    key = f"ratelimit:{scope}:{_bucket(address)}:{window_start}"
    cache = caches["default"]
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, window_start + window - now))
    return count


def too_many_requests(request, retry_after):
    """The friendly 429 page, with Retry-After."""
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def refused(request, *, scope, limit, window):
    """Count one attempt of the client's in scope: the 429 page when it is over the limit,
    else None. For views: `if (response := refused(request, …)): return response`."""
    try:
        check(client_address(request), scope=scope, limit=limit, window=window)
    except RateLimited as exc:
        return too_many_requests(request, exc.retry_after)
    return None
