"""Load the demo data: the real facts of the two GI products and invented example records.

The data lives in shanting_gi/demo/data/*.toml (read and checked by shanting_gi.demo.loader),
the seeding in shanting_gi.demo.seed and the bulk --scale data in shanting_gi.demo.scale;
this command parses the arguments and reports.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from inspections.models import Complaint, EnforcementCase, Inspection, InspectionResult
from producers.labels import codes
from producers.labels.models import LabelBatch
from producers.register.models import Authorisation, Outlet, Producer
from products.models import (
    AnnualStatistic,
    Document,
    Product,
    ProductImage,
    QualityIndicator,
    Town,
)
from shanting_gi.demo.datafile import DemoDataError
from shanting_gi.demo.loader import load
from shanting_gi.demo.portal import seed_portal
from shanting_gi.demo.scale import seed_scale
from shanting_gi.demo.seed import DemoSeeder, StorageRenamed
from shanting_gi.demo.workflows import seed_workflows

# The models the summary lists, in the order the seed writes them.
SUMMARY_MODELS = [
    Town,
    Product,
    QualityIndicator,
    Document,
    Producer,
    Authorisation,
    Outlet,
    Inspection,
    InspectionResult,
    EnforcementCase,
    AnnualStatistic,
    ProductImage,
    LabelBatch,
    Complaint,
]


class Command(BaseCommand):
    help = (
        "Load the demo data: the real facts of both GI products (marked verified or to be "
        "verified, with sources) and invented example producers, authorisations, outlets, "
        "inspections, cases and statistics (marked 示例). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Also make sure there are N scale-test producers, each with an approved "
                "authorisation and a published inspection (bulk inserts, for benchmarks)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created, then roll everything back (no image files).",
        )

    def handle(self, *args, scale=0, dry_run=False, **options):
        if scale < 0:
            raise CommandError("--scale needs a number of producers, 0 or more.")
        verbose = options["verbosity"] > 0
        try:
            data = load()
        except DemoDataError as error:
            raise CommandError(f"The demo data is malformed: {error}") from None
        began = time.monotonic()
        seeder = DemoSeeder(data, write_files=not dry_run)
        try:
            with transaction.atomic():
                seeder.run()
                seed_workflows(self.stdout, options["verbosity"])
                if dry_run:
                    transaction.set_rollback(True)
        except StorageRenamed as error:
            raise CommandError(str(error)) from None
        if verbose:
            self._summary(seeder, dry_run, time.monotonic() - began)
        if scale and dry_run:
            if verbose:
                self.stdout.write("--scale is not run with --dry-run.")
        elif scale:
            scale_began = time.monotonic()
            try:
                added = seed_scale(
                    scale, data=data, progress=self.stdout.write if verbose else None
                )
            except DemoDataError as error:
                raise CommandError(f"The demo data is malformed: {error}") from None
            if verbose:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"--scale {scale}: added {added:,} producers with authorisations and "
                        f"inspections in {time.monotonic() - scale_began:.1f} s."
                    )
                )
        if not dry_run:
            seed_portal(self.stdout, options["verbosity"])

    def _summary(self, seeder, dry_run, seconds):
        verb = "would be created" if dry_run else "created"
        width = max(len(str(model._meta.verbose_name_plural)) for model in SUMMARY_MODELS)
        self.stdout.write(f"Demo data ({verb} / already there):")
        for model in SUMMARY_MODELS:
            name = str(model._meta.verbose_name_plural)
            self.stdout.write(
                f"  {name:<{width}}  {seeder.created[model]:>4} / {seeder.found[model]:>4}"
            )
        batch = LabelBatch.objects.filter(voided_at__isnull=True).order_by("pk").first()
        if batch is not None and not dry_run:
            code = codes.encode(batch.key_version, batch.pk, 0)
            self.stdout.write(
                f"Try a genuine demo label: {codes.short_url(code)}  "
                f"(all codes: manage.py export_labels {batch.pk} --format csv -o labels.csv)"
            )
        total = sum(seeder.created.values())
        message = f"Demo data: {total} rows {verb} in {seconds:.1f} s."
        self.stdout.write(self.style.SUCCESS(message) if not dry_run else message)
