"""The public verification pages: /verify/ (form and linkable results) and /v/<code>, the
short URL inside every QR code. Both call producers.verification.verify."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from producers.labels.verification import MAX_INPUT_LENGTH, verify
from shanting_gi.core.ratelimit import RateLimited, client_address, too_many_requests


def _verify_page(request, text):
    text = (text or "").strip()
    context = {
        "code_input": text[:MAX_INPUT_LENGTH],
        "official_address": f"{settings.PUBLIC_BASE_URL}/verify/",
        "official_host": settings.PUBLIC_BASE_URL.split("://", 1)[-1],
        "result": None,
    }
    # HEAD (link previews, uptime checkers) gets the page without the check, so that it
    # neither counts as a scan nor against the rate limit.
    if text and request.method != "HEAD":
        try:
            context["result"] = verify(text, client_ip=client_address(request))
        except RateLimited as exc:
            return too_many_requests(request, exc.retry_after)
    return render(request, "producers/verify.html", context)


# never_cache: a genuine result counts the check, so no proxy or browser may replay it.
@never_cache
@require_safe
def page(request):
    """GET /verify/?code=… so that results are linkable and work without JavaScript."""
    return _verify_page(request, request.GET.get("code", ""))


@never_cache
@require_safe
def short_url(request, code):
    """GET /v/<code>: any case, with or without dashes."""
    return _verify_page(request, code)
