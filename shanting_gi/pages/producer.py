"""The public producer page: the register's record of the producer, plus its published
spot-check results, which the inspections app (above the register) holds."""

from inspections.models import Inspection
from producers.register.views import ProducerDetailView


class ProducerPage(ProducerDetailView):
    # Queries: the register view's 5, plus its published inspections with product and
    # conclusion (EXISTS subqueries) — 6 whatever the number of inspections.

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inspections"] = (
            Inspection.objects.published()
            .filter(producer=self.object)
            .with_conclusion()
            .select_related("product")
            .order_by("-published_on", "-pk")
        )
        return context
