"""The portal's public pages: the consultation channel and its FAQ, news and notices with
their Atom feed, events, the industry pages (parks, associations, packaging), consumers'
rights, and the pages every government site keeps."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView, TemplateView

from producers.register.models import Producer
from products.models import Document, DocumentKind, Product, Town
from shanting_gi.core.models import localized
from shanting_gi.core.ratelimit import refused
from shanting_gi.core.spam import spam_check, spam_context
from shanting_gi.core.views import FilteredListView

from . import markdown, sitemap
from .filters import ArticleFilter, EventFilter, FaqFilter, ParkFilter
from .forms import ConsultationForm, ConsultationTrackForm
from .models import (
    Article,
    ArticleAttachment,
    ArticleImage,
    Association,
    Consultation,
    DemonstrationPark,
    Event,
    PackagingDesign,
)
from .services import consultation_find, consultation_submit

# Asking and tracking are rarer than reading; the same limits as complaints.
CONSULTATION_LIMIT = 10
CONSULTATION_WINDOW = 3600
SESSION_KEY = "consultation_receipt"

ELDER_COOKIE = "elder"
ELDER_COOKIE_AGE = 365 * 24 * 3600


# --- Consultation and FAQ ---------------------------------------------------------------------


def published_faq():
    # Only what the FAQ shows: the asker's words and contact are not even loaded.
    return (
        Consultation.objects.published()
        .select_related("product")
        .only(
            "pk",
            "topic",
            "product__slug",
            "product__name",
            "product__name_en",
            "public_question",
            "public_question_en",
            "answer",
            "answer_en",
            "published_on",
            "is_example",
            "updated_at",
        )
    )


class FaqListView(FilteredListView):
    # Queries: the products for the filter form, the count, the page of answers with their
    # products — 3 whatever the number of answers (plus one when a product is chosen).
    filterset_class = FaqFilter
    paginate_by = 20
    template_name = "portal/faq_list.html"
    context_object_name = "answers"

    def get_queryset(self):
        self.queryset = published_faq().order_by("-published_on", "-pk")
        return super().get_queryset()


class FaqDetailView(DetailView):
    # Queries: the answer with its product — 1.
    template_name = "portal/faq_detail.html"
    context_object_name = "answer"

    def get_queryset(self):
        return published_faq()


@never_cache
@require_http_methods(["GET", "POST"])
def consultation_ask(request):
    if request.method == "POST":
        form = ConsultationForm(request.POST, request.FILES)
        spam_errors = spam_check(request)
        if form.is_valid() and not spam_errors:
            refusal = refused(
                request, scope="consultation", limit=CONSULTATION_LIMIT, window=CONSULTATION_WINDOW
            )
            if refusal:
                return refusal
            try:
                consultation, secret = consultation_submit(
                    fields=form.model_fields(), attachment=form.cleaned_data["attachment"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.session[SESSION_KEY] = {
                    "tracking_number": consultation.tracking_number,
                    "secret": secret,
                    "email": bool(consultation.contact_email),
                }
                return redirect("portal:consultation_submitted")
        return render(
            request,
            "portal/consultation_form.html",
            {"form": form, **spam_context(spam_errors)},
            status=400,
        )
    initial = {}
    if request.GET.get("product"):
        initial["product"] = request.GET["product"][:60]
    if request.GET.get("topic"):
        initial["topic"] = request.GET["topic"][:20]
    return render(
        request,
        "portal/consultation_form.html",
        {"form": ConsultationForm(initial=initial), **spam_context()},
    )


@never_cache
def consultation_submitted(request):
    receipt = request.session.pop(SESSION_KEY, None)
    return render(request, "portal/consultation_submitted.html", {"receipt": receipt})


@never_cache
@require_http_methods(["GET", "POST"])
def consultation_track(request):
    consultation = None
    not_found = False
    if request.method == "POST":
        form = ConsultationTrackForm(request.POST)
        if form.is_valid():
            refusal = refused(
                request,
                scope="consultation-track",
                limit=CONSULTATION_LIMIT * 3,
                window=CONSULTATION_WINDOW,
            )
            if refusal:
                return refusal
            consultation = consultation_find(**form.cleaned_data)
            not_found = consultation is None
    else:
        form = ConsultationTrackForm()
    status = (
        404 if not_found else (400 if request.method == "POST" and not form.is_valid() else 200)
    )
    return render(
        request,
        "portal/consultation_track.html",
        {"form": form, "consultation": consultation, "not_found": not_found},
        status=status,
    )


# --- News and notices ---------------------------------------------------------------------------


class ArticleListView(FilteredListView):
    # Queries: the products for the filter form, the count, the page of articles — 3
    # whatever the number of articles (plus one when a product is chosen).
    filterset_class = ArticleFilter
    paginate_by = 20
    template_name = "portal/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.queryset = (
            Article.objects.published()
            .defer("body", "body_en", "search_text")
            .order_by("-published_on", "-pk")
        )
        return super().get_queryset()


class ArticleDetailView(DetailView):
    # Queries: the article with its product, its attachments, its pictures — 3.
    template_name = "portal/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("product")
            .prefetch_related(
                Prefetch("attachments", queryset=ArticleAttachment.objects.order_by("order", "pk")),
                Prefetch("images", queryset=ArticleImage.objects.order_by("order", "pk")),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        english = (self.request.LANGUAGE_CODE or "").startswith("en") and article.body_en
        context.update(
            body_html=markdown.render(article.body_en if english else article.body),
            shown_in_chinese=(self.request.LANGUAGE_CODE or "").startswith("en")
            and not article.body_en,
        )
        return context


class ArticleFeed(Feed):
    """Atom feed of the latest published news and notices (both columns)."""

    feed_type = Atom1Feed
    limit = 30

    def title(self):
        return _("Shanting GI platform: news and notices")

    def subtitle(self):
        return _("Notices and work news of the Shanting geographical-indication products.")

    def link(self):
        return reverse("portal:news_list")

    def items(self):
        return (
            Article.objects.published()
            .defer("body_en", "search_text")
            .order_by("-published_on", "-pk")[: self.limit]
        )

    def item_title(self, item):
        return item.display_title

    def item_description(self, item):
        return localized(item, "summary") or markdown.render(localized(item, "body"))

    def item_pubdate(self, item):
        return timezone.make_aware(
            timezone.datetime.combine(item.published_on, timezone.datetime.min.time())
        )

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author_unit

    def item_categories(self, item):
        return [item.get_kind_display()]


# --- Events -----------------------------------------------------------------------------------


class EventListView(FilteredListView):
    # Queries: the products and towns for the filter form, the count, the page of events
    # with product and town — 4 whatever the number of events (plus one per value given).
    filterset_class = EventFilter
    paginate_by = 20
    template_name = "portal/event_list.html"
    context_object_name = "events"

    def get_queryset(self):
        self.queryset = (
            Event.objects.published()
            .select_related("product", "town")
            .order_by("-starts_on", "-pk")
        )
        return super().get_queryset()


class EventDetailView(DetailView):
    # Queries: the event with its product and town — 1.
    template_name = "portal/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.published().select_related("product", "town")


# --- Industry: parks, associations, packaging ------------------------------------------------


def public_members():
    return Prefetch(
        "members",
        queryset=Producer.objects.public()
        .without_private_fields()
        .select_related("town")
        .order_by("name", "pk"),
        to_attr="public_members",
    )


class IndustryView(TemplateView):
    """产业发展: the associations, the demonstration parks per town and what is on."""

    # Queries: towns, public parks with products, associations, their products, upcoming
    # events with products — 5 whatever the data size.
    template_name = "portal/industry.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parks = (
            DemonstrationPark.objects.filter(is_public=True)
            .select_related("product")
            .order_by("name", "pk")
        )
        context.update(
            towns=parks_by_town(parks),
            associations=Association.objects.prefetch_related("products").order_by("name"),
            events=Event.objects.current_or_upcoming()
            .select_related("product")
            .order_by("starts_on", "pk")[:5],
        )
        return context


def parks_by_town(parks):
    """Every town of the district in code order, each with its parks (possibly none)."""
    grouped = {}
    for park in parks:
        grouped.setdefault(park.town_id, []).append(park)
    towns = list(Town.objects.order_by("code"))
    for town in towns:
        town.park_list = grouped.get(town.pk, [])
    return towns


class ParkListView(FilteredListView):
    """The demonstration parks and research platforms as a list per town."""

    # Queries: the products and towns for the filter form, the count, the page of parks
    # with products and towns, and the towns for the grouping — 5.
    filterset_class = ParkFilter
    paginate_by = 200  # the district has a handful; the towns stay whole on one page
    template_name = "portal/park_list.html"
    context_object_name = "parks"

    def get_queryset(self):
        self.queryset = (
            DemonstrationPark.objects.filter(is_public=True)
            .select_related("product", "town")
            .order_by("town__code", "name", "pk")
        )
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["towns"] = parks_by_town(context["parks"])
        return context


class AssociationDetailView(DetailView):
    # Queries: the association, its products, its public members with towns, its packaging
    # designs with products — 4 whatever the number of members.
    template_name = "portal/association_detail.html"
    context_object_name = "association"

    def get_queryset(self):
        return Association.objects.prefetch_related(
            "products",
            public_members(),
            Prefetch(
                "packaging",
                queryset=PackagingDesign.objects.select_related("product").order_by(
                    "-is_current", "product__order", "name", "pk"
                ),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for design in self.object.packaging.all():
            design.rules_html = markdown.render(localized(design, "usage_rules"))
        return context


# --- Consumers' rights, the platform's basis, and the government-site pages --------------------


class RightsView(TemplateView):
    """How to defend your rights: this portal's complaint form, 12315, evidence, time limits."""

    # Queries: the rights-protection documents of the library — 1.
    template_name = "portal/rights.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = (
            Document.objects.filter(kind=DocumentKind.RIGHTS_PROTECTION)
            .defer("body_en", "search_text")
            .order_by("title", "pk")
        )
        return context


class AboutView(TemplateView):
    """The platform's legal basis: the district's implementation plan and what it asks."""

    # Queries: the plan (policy documents, newest first), the laws of the library — 2.
    template_name = "portal/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            plans=list(
                Document.objects.filter(kind=DocumentKind.POLICY)
                .defer("body", "body_en", "search_text")
                .order_by("-issued_on", "pk")
            ),
            laws=list(
                Document.objects.filter(kind=DocumentKind.LAW, repealed_on__isnull=True)
                .defer("body", "body_en", "search_text")
                .order_by("-effective_on", "pk")
            ),
        )
        return context


class SitePageView(TemplateView):
    """Contact, privacy, disclaimer and accessibility: text in the templates, contact
    details from settings (the context processor)."""


class SiteMapView(TemplateView):
    """网站地图: every public page the URLconf has, grouped by column."""

    template_name = "portal/sitemap.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = sitemap.sections()
        context["products"] = Product.objects.only("slug", "name", "name_en", "order")
        return context


def _safe_next(request):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return target


@require_POST
def elder_mode(request):
    """长者模式: larger text and higher contrast, on or off, remembered in a cookie.

    A form post, so it works without JavaScript; back to the page it was switched on."""
    response = HttpResponseRedirect(_safe_next(request))
    if request.POST.get("elder") == "on":
        response.set_cookie(
            ELDER_COOKIE,
            "1",
            max_age=ELDER_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure() or not settings.DEBUG,
            httponly=True,
        )
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response
