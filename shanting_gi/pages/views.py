"""Site-wide views that compose the apps: home, search, health."""

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from inspections.models import EnforcementCase, Inspection
from producers.register.models import Authorisation, Producer
from products.models import Document, ImageKind, Product, ProductImage
from shanting_gi.core.search import MAX_QUERY_LENGTH, normalise_query
from shanting_gi.portal.models import Article

SEARCH_LIMIT = 20  # per section; a longer list means the query should be narrower


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        # Queries: products, their genuine images, live authorisations (count and producer
        # count in one), inspections, cases, documents, news — 8 whatever the data size.
        context = super().get_context_data(**kwargs)
        products = list(Product.objects.protected())
        images = {}
        for image in ProductImage.objects.filter(
            product__in=products, kind=ImageKind.GENUINE_PRODUCT
        ).order_by("product", "order", "pk"):
            images.setdefault(image.product_id, image)
        for product in products:
            product.cover = images.get(product.pk)
        live = Authorisation.objects.live()
        context.update(
            official_address=settings.PUBLIC_BASE_URL.split("://", 1)[-1],
            products=products,
            live_authorisations=live.count(),
            authorised_producers=live.values("producer").distinct().count(),
            latest_inspections=Inspection.objects.published()
            .with_conclusion()
            .with_public_producer()
            .select_related("product")
            .order_by("-published_on", "-pk")[:5],
            latest_cases=EnforcementCase.objects.published()
            .with_public_producer()
            .select_related("product")
            .order_by("-published_on", "-pk")[:5],
            latest_documents=Document.objects.select_related("product").order_by(
                "-issued_on", "-pk"
            )[:5],
            latest_news=Article.objects.published()
            .defer("body", "body_en", "search_text")
            .order_by("-published_on", "-pk")[:5],
        )
        return context


def search(request):
    """One box across products, producers, documents and published results."""
    raw = request.GET.get("q", "").strip()
    context = {"search_query": raw[:MAX_QUERY_LENGTH], "searched": False}
    if not raw:
        return render(request, "search.html", context)
    if len(raw) > MAX_QUERY_LENGTH:
        context["error"] = _("Please shorten your search to at most %(n)d characters.") % {
            "n": MAX_QUERY_LENGTH
        }
        return render(request, "search.html", context, status=400)
    normalised = normalise_query(raw)
    if not normalised:
        context["error"] = _("Please enter a name, pinyin, credit code or report number.")
        return render(request, "search.html", context, status=400)

    def matches(field):
        return Q(**{f"{field}__icontains": raw.lower()}) | Q(**{f"{field}__icontains": normalised})

    # Queries: one per section, four in all.
    products = list(Product.objects.filter(matches("search_text"))[:SEARCH_LIMIT])
    producers = list(
        Producer.objects.public()
        .without_private_fields()
        .filter(matches("search_text"))
        .select_related("town")
        .order_by("name", "pk")[:SEARCH_LIMIT]
    )
    documents = list(
        Document.objects.filter(matches("search_text"))
        .select_related("product")
        .order_by("-issued_on", "pk")[:SEARCH_LIMIT]
    )
    inspections = list(
        Inspection.objects.published()
        .filter(
            (matches("producer__search_text") & Q(producer__is_public=True))
            | matches("product__search_text")
            | Q(sample_number__icontains=raw)
            | Q(report_number__icontains=raw)
        )
        .with_conclusion()
        .with_public_producer()
        .select_related("product")
        .order_by("-published_on", "-pk")[:SEARCH_LIMIT]
    )
    context.update(
        searched=True,
        products=products,
        producers=producers,
        documents=documents,
        inspections=inspections,
        total=len(products) + len(producers) + len(documents) + len(inspections),
        limit=SEARCH_LIMIT,
    )
    return render(request, "search.html", context)


def robots_txt(request):
    """Crawlers stay off verification results (each visit would count as a scan) and private
    pages. The verify form itself, /verify/, may be indexed — people search for "山亭火樱桃
    查询" — while every result (/verify/?code=…, /v/<code>) stays out: "Disallow:
    /verify/?" matches only addresses with a query, and result pages also say noindex."""
    lines = [
        "User-agent: *",
        "Allow: /verify/$",
        "Disallow: /v/",
        "Disallow: /verify/?",
        "Disallow: /complaints/",
        "Disallow: /questions/ask/",
        "Disallow: /questions/sent/",
        "Disallow: /questions/track/",
        "Disallow: /elder-mode/",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /staff/",
        "Disallow: /search/",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
def healthz(request):
    """Liveness plus a database round trip, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": exc.__class__.__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
