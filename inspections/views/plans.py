"""Public pages of published 双随机 spot-check plans: the pool, the seed and the sample.

An unpublished plan answers 404 like one that does not exist.
"""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from producers.register.models import Producer

from ..draws import METHOD, pool_inspectors
from ..models import Inspection, Inspector, SpotCheckPlan

RERUN_SCRIPT = """import hashlib, hmac

seed = "{seed}"
producers = {producers}
inspectors = {inspectors}
n, per_inspection = {n}, {per}

def rank(label, ids):
    def digest(i):
        return hmac.new(seed.encode(), f"{{label}}:{{i}}".encode(), hashlib.sha256).hexdigest()
    return sorted(ids, key=lambda i: (digest(i), i))

for k, p in enumerate(rank("producer", producers)[:n], start=1):
    print(k, p, rank(f"inspector:{{k}}", inspectors)[:per_inspection])
"""


def rerun_script(plan):
    """The stand-alone script of docs/spot-check-draw.md, filled in with this plan's draw."""
    snapshot = plan.pool_snapshot or {}
    return RERUN_SCRIPT.format(
        seed=plan.seed,
        producers=list(snapshot.get("producers", [])),
        inspectors=list(snapshot.get("inspectors", [])),
        n=plan.producer_count,
        per=plan.inspectors_per_inspection,
    )


class PlanListView(ListView):
    # Queries: count, one page of published plans with their product — 2 whatever the size.
    queryset = SpotCheckPlan.objects.published().select_related("product").order_by("-year", "-pk")
    paginate_by = 25
    template_name = "inspections/plan_list.html"
    context_object_name = "plan_list"


class PlanDetailView(DetailView):
    # Queries: the plan with its product; the sample's inspections with their producers and
    # conclusions, their inspectors; the pool's producers; the pool's inspectors — 5.
    queryset = (
        SpotCheckPlan.objects.published()
        .select_related("product")
        .prefetch_related(
            Prefetch(
                "inspections",
                queryset=Inspection.objects.with_conclusion()
                .with_public_producer()
                .order_by("sample_number")
                .prefetch_related(
                    Prefetch("inspectors", queryset=Inspector.objects.order_by("name", "pk"))
                ),
            )
        )
    )
    template_name = "inspections/plan_detail.html"
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        producer_ids = (plan.pool_snapshot or {}).get("producers", [])
        producers = Producer.objects.without_private_fields().in_bulk(producer_ids)
        context.update(
            sample=list(plan.inspections.all()),
            producer_pool=[
                (position, producer_id, producers.get(producer_id))
                for position, producer_id in enumerate(producer_ids, start=1)
            ],
            inspector_pool=pool_inspectors(plan),
            rerun_script=rerun_script(plan),
            current_method=METHOD,
        )
        return context
