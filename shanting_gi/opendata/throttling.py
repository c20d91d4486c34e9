"""The API's anonymous rate limit.

Kept apart from the views: REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] names this class, and
DRF imports it while defining APIView, so this module must not import DRF's views."""

import math

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from shanting_gi.core.ratelimit import client_address


class AnonThrottle(AnonRateThrottle):
    """DRF's anonymous rate (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"], from the
    API_THROTTLE_RATE variable), counted per client address as the site's own rate limits
    count it (REMOTE_ADDR, or the entry the trusted proxies added)."""

    def get_rate(self):
        # Read when used, not when the class was defined, so a changed setting applies.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request) or "unknown"

    def wait(self):
        # Always a whole number of seconds, so every 429 carries a Retry-After header.
        remaining = self.duration - (self.now - self.history[-1]) if self.history else 0
        return max(1, math.ceil(remaining))
