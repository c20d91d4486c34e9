"""Re-run a plan's 双随机 draw on its frozen pool and seed and compare with the record.

    manage.py redraw_plan 7

Prints the pool, the seed, the method and the recomputed sample, then either
"CONFIRMED: same sample" or the differences, exiting with status 1.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inspections.draws import plan_redraw_check
from inspections.models import SpotCheckPlan


def _row(entry):
    if entry is None:
        return "(none)"
    producer_id, inspector_ids = entry
    return f"producer {producer_id}, inspectors {inspector_ids}"


class Command(BaseCommand):
    help = "Re-run a spot-check plan's draw on its frozen pool and seed; fail if it differs."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)

    def handle(self, *args, plan_id, **options):
        plan = SpotCheckPlan.objects.select_related("product").filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"No spot-check plan {plan_id}.")
        try:
            check = plan_redraw_check(plan=plan)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        snapshot = plan.pool_snapshot or {}
        write = self.stdout.write
        write(f"Plan {plan.pk}: {plan.product} {plan.year}")
        write(f"Method: {plan.method}")
        write(f"Seed: {plan.seed}")
        write(f"Producer pool ({len(snapshot.get('producers', []))}): {snapshot.get('producers')}")
        write(
            f"Inspector pool ({len(snapshot.get('inspectors', []))}): {snapshot.get('inspectors')}"
        )
        write(
            f"Producers to draw: {plan.producer_count}; "
            f"inspectors per inspection: {plan.inspectors_per_inspection}"
        )
        write("Recomputed sample:")
        for position, entry in enumerate(check.recomputed, start=1):
            write(f"  {position:2d}. {_row(entry)}")
        if check.same:
            write(self.style.SUCCESS("CONFIRMED: same sample"))
            return
        lines = ["DIFFERENT: the recorded sample is not what the pool and seed give."]
        for position, expected, actual in check.differences:
            lines.append(f"  {position:2d}. expected {_row(expected)}; recorded {_row(actual)}")
        raise CommandError("\n".join(lines))
