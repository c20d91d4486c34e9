"""The 双随机 spot-check draw: random producers, random inspectors, reproducible by anyone.

Method "hmac-sha256-v1" (docs/spot-check-draw.md has a stand-alone script):

- the producer pool is every producer holding a live authorisation for the plan's product,
  the inspector pool every active inspector of the plan, both as ids in ascending order;
- the seed is 64 random bits written as 16 hexadecimal digits, and the key is that text;
- each producer is ranked by HMAC-SHA256(key, "producer:<id>") (hex digest, then id), and
  the first `producer_count` form the sample, in that order;
- for the k-th sampled producer (k from 1) each inspector is ranked by
  HMAC-SHA256(key, "inspector:<k>:<id>") and the first `inspectors_per_inspection` go.

Only hashing and sorting: the same on every Python version and in any other language,
unlike random.Random, whose sequences Python does not promise to keep.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.register.models import Authorisation
from shanting_gi.core.history import save_with_history

from .models import Inspection, InspectionStatus, Inspector, SpotCheckPlan

METHOD = "hmac-sha256-v1"


def _rank(key, label, ids):
    def digest(item_id):
        return hmac.new(key, f"{label}:{item_id}".encode(), hashlib.sha256).hexdigest()

    return sorted(ids, key=lambda item_id: (digest(item_id), item_id))


def compute_sample(*, seed, producer_ids, inspector_ids, producer_count, per_inspection):
    """[(producer id, [inspector ids])] in sample order. Pure: no database, no clock."""
    key = str(seed).encode()
    producers = _rank(key, "producer", producer_ids)[:producer_count]
    return [
        (producer_id, _rank(key, f"inspector:{k}", inspector_ids)[:per_inspection])
        for k, producer_id in enumerate(producers, start=1)
    ]


def new_seed():
    return f"{secrets.randbits(64):016x}"


def sample_number(plan, position):
    return f"CJ-{plan.year}-{plan.pk}-{position:02d}"


def current_pool(plan):
    """(producer ids, inspector ids) a draw made now would use, each ascending."""
    producer_ids = sorted(
        set(
            Authorisation.objects.live()
            .filter(product_id=plan.product_id)
            .values_list("producer_id", flat=True)
        )
    )
    inspector_ids = sorted(plan.inspectors.active().values_list("pk", flat=True))
    return producer_ids, inspector_ids


def plan_draw(*, plan, by, seed=None):
    """Freeze the pool, draw the sample and create its planned inspections. Only once."""
    seed = new_seed() if seed is None else str(seed).strip()
    if not seed or len(seed) > SpotCheckPlan._meta.get_field("seed").max_length:
        raise ValidationError(_("The seed must be 1 to 64 characters."))
    with transaction.atomic():
        # Lock the plan so two members of staff cannot draw it at the same moment.
        locked = SpotCheckPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.is_drawn:
            raise ValidationError(_("This plan has already been drawn; a draw is never repeated."))
        producer_ids, inspector_ids = current_pool(locked)
        if len(producer_ids) < locked.producer_count:
            raise ValidationError(
                _(
                    "Only %(available)d producers hold a live authorisation for %(product)s; "
                    "the plan asks for %(wanted)d."
                )
                % {
                    "available": len(producer_ids),
                    "product": locked.product,
                    "wanted": locked.producer_count,
                }
            )
        if len(inspector_ids) < locked.inspectors_per_inspection:
            raise ValidationError(
                _(
                    "The plan has %(available)d active inspectors in its pool; each inspection "
                    "needs %(wanted)d."
                )
                % {"available": len(inspector_ids), "wanted": locked.inspectors_per_inspection}
            )
        sample = compute_sample(
            seed=seed,
            producer_ids=producer_ids,
            inspector_ids=inspector_ids,
            producer_count=locked.producer_count,
            per_inspection=locked.inspectors_per_inspection,
        )
        locked.seed = seed
        locked.method = METHOD
        locked.pool_snapshot = {"producers": producer_ids, "inspectors": inspector_ids}
        locked.drawn_at = timezone.now()
        locked.drawn_by = by if by is not None and by.is_authenticated else None
        reason = _("Drawn with seed %(seed)s.") % {"seed": seed}
        save_with_history(locked, by=by, reason=reason)
        for position, (producer_id, assigned) in enumerate(sample, start=1):
            inspection = Inspection(
                plan=locked,
                producer_id=producer_id,
                product_id=locked.product_id,
                sample_number=sample_number(locked, position),
                status=InspectionStatus.PLANNED,
            )
            save_with_history(inspection, by=by, reason=reason)
            inspection.inspectors.set(assigned)
    plan.refresh_from_db()
    return plan


def plan_publish(*, plan, by, on=None):
    if not plan.is_drawn:
        raise ValidationError(_("Draw the plan before publishing it."))
    if plan.published:
        raise ValidationError(_("This plan is already published."))
    with transaction.atomic():
        plan.published = True
        plan.published_on = on or timezone.localdate()
        save_with_history(plan, by=by, reason=_("Published."))
    return plan


def plan_unpublish(*, plan, by, reason):
    if not plan.published:
        raise ValidationError(_("This plan is not published."))
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason for withdrawing a published plan."))
    with transaction.atomic():
        plan.published = False
        plan.published_on = None
        save_with_history(plan, by=by, reason=reason)
    return plan


@dataclass
class RedrawCheck:
    """What re-running a plan's draw on its frozen pool and seed gives, against the record."""

    recomputed: list
    recorded: list
    differences: list = field(default_factory=list)

    @property
    def same(self):
        return not self.differences


def recorded_sample(plan):
    """[(producer id, [inspector ids])] of the plan's inspections, by sample number."""
    # Queries: the inspections, their inspectors.
    inspections = plan.inspections.order_by("sample_number").prefetch_related("inspectors")
    return [
        (inspection.producer_id, [inspector.pk for inspector in inspection.inspectors.all()])
        for inspection in inspections
    ]


def plan_redraw_check(*, plan):
    """Re-run the draw on the frozen pool and seed and compare with the inspections made."""
    if not plan.is_drawn:
        raise ValidationError(_("This plan has not been drawn yet."))
    if plan.method != METHOD:
        raise ValidationError(_("Unknown draw method “%(method)s”.") % {"method": plan.method})
    snapshot = plan.pool_snapshot or {}
    recomputed = compute_sample(
        seed=plan.seed,
        producer_ids=list(snapshot.get("producers", [])),
        inspector_ids=list(snapshot.get("inspectors", [])),
        producer_count=plan.producer_count,
        per_inspection=plan.inspectors_per_inspection,
    )
    recorded = recorded_sample(plan)
    check = RedrawCheck(recomputed=recomputed, recorded=recorded)
    for position in range(max(len(recomputed), len(recorded))):
        expected = recomputed[position] if position < len(recomputed) else None
        actual = recorded[position] if position < len(recorded) else None
        if (
            expected is None
            or actual is None
            or expected[0] != actual[0]
            or sorted(expected[1]) != sorted(actual[1])
        ):
            check.differences.append((position + 1, expected, actual))
    return check


def pool_inspectors(plan):
    """The plan's frozen inspector pool as Inspector objects, in snapshot order."""
    ids = (plan.pool_snapshot or {}).get("inspectors", [])
    found = Inspector.objects.in_bulk(ids)
    return [
        (position, inspector_id, found.get(inspector_id))
        for position, inspector_id in enumerate(ids, start=1)
    ]
