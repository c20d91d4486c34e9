"""The public verification pages: /verify/ (form and linkable results) and /v/<code>, the
short URL inside every QR code. Both call producers.verification.verify."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from producers.labels.verification import MAX_INPUT_LENGTH, verify
from products.models import ImageKind, ProductImage
from shanting_gi.core.ratelimit import RateLimited, client_address, too_many_requests

# What the genuine package looks like, to compare with the box in hand: the packaging
# picture, else the product itself.
COMPARISON_KINDS = [ImageKind.GENUINE_PACKAGING, ImageKind.GENUINE_PRODUCT]


def comparison_picture(product):
    """One query; None when the product has no picture of either kind."""
    pictures = list(
        ProductImage.objects.filter(product=product, kind__in=COMPARISON_KINDS).order_by(
            "order", "pk"
        )
    )
    pictures.sort(key=lambda picture: COMPARISON_KINDS.index(picture.kind))
    return pictures[0] if pictures else None


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
            context["result"] = result = verify(text, client_ip=client_address(request))
        except RateLimited as exc:
            return too_many_requests(request, exc.retry_after)
        if result.product is not None:
            context["picture"] = comparison_picture(result.product)
    response = render(request, "producers/verify.html", context)
    if context["result"] is not None or request.resolver_match.url_name == "verify_short":
        # Each result is one person's check of one code: never a search-engine entry
        # (the page carries <meta name="robots"> too; robots.txt keeps /verify/?… out).
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


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
