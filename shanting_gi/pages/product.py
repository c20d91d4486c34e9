"""The public product page: what the products app knows of the product, plus who may use
the special mark on it, its latest published spot-check results and where to buy it — read
from the apps above products, which is why the page is composed here."""

from django.utils import timezone

from inspections.models import Inspection
from producers.register.models import Authorisation, Outlet
from products.models import DocumentKind
from products.views import ProductDetailView
from shanting_gi.portal.models import Event
from shanting_gi.portal.views import published_faq

LATEST_RESULTS = 5
LATEST_ANSWERS = 3


class ProductPage(ProductDetailView):
    # Queries: the product view's 5, then 6 its live authorisations of public producers,
    # with producer and town; 7 its latest published inspections with producer and
    # conclusion (EXISTS subqueries, no result rows); 8 its public outlets with their
    # towns; 9 its current and upcoming events with towns; 10 the latest published answers
    # of the FAQ about it — 10 whatever the data size.

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        today = timezone.localdate()
        authorisations = (
            Authorisation.objects.live(today)
            .filter(product=product)
            .of_public_producers()
            .defer("status_reason")
            .order_by("producer__name", "pk")
        )
        inspections = (
            Inspection.objects.published()
            .filter(product=product)
            .with_conclusion()
            .with_public_producer()
            .defer("follow_up")
            .order_by("-published_on", "-sampled_on", "-pk")[:LATEST_RESULTS]
        )
        outlets = (
            Outlet.objects.filter(products=product, is_public=True)
            .select_related("town")
            .order_by("kind", "name", "pk")
        )
        events = (
            Event.objects.current_or_upcoming(today)
            .filter(product=product)
            .select_related("town")
            .order_by("starts_on", "pk")[:3]
        )
        answers = published_faq().filter(product=product).order_by("-published_on", "-pk")
        context.update(
            authorisations=list(authorisations),
            inspections=list(inspections),
            outlets=list(outlets),
            events=list(events),
            answers=list(answers[:LATEST_ANSWERS]),
            brand_use_notes=[
                d for d in context["documents"] if d.kind == DocumentKind.BRAND_USE_NOTES
            ],
        )
        return context
