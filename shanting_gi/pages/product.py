"""The public product page: what the products app knows of the product, plus who may use
the special mark on it, its latest published spot-check results and where to buy it — read
from the apps above products, which is why the page is composed here."""

from django.utils import timezone

from inspections.models import Inspection
from producers.register.models import Authorisation, Outlet
from products.views import ProductDetailView

LATEST_RESULTS = 5


class ProductPage(ProductDetailView):
    # Queries: the product view's 5, then 6 its live authorisations of public producers,
    # with producer and town; 7 its latest published inspections with producer and
    # conclusion (EXISTS subqueries, no result rows); 8 its public outlets with their
    # towns — 8 whatever the data size.

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
        context.update(
            authorisations=list(authorisations),
            inspections=list(inspections),
            outlets=list(outlets),
        )
        return context
