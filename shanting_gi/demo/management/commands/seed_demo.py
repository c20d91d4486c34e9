"""Load the demo data: the real facts of the two GI products and invented example records.

Idempotent: every object is looked up by its natural key (town code, product slug, document
number and title, producer name, outlet name, sample number, case number, product and year)
and left alone when it is already there, so a second run adds nothing and never undoes a
correction made in the back-office. A product's indicators and illustrations, and a
producer's authorisations, are made only together with a product or producer created in the
same run; transitions are never replayed on existing rows. Writes go through the services (or, for models that
have none, through shanting_gi.core.history.save_with_history, which validates and records history
the same way), so the demo holds only states the platform itself can produce.
"""

import datetime
import inspect
import time
from collections import Counter
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from inspections import services as inspection_services
from inspections.models import (
    Complaint,
    EnforcementCase,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from inspections.services import complaint_reply, complaint_set_status, complaint_submit
from producers.labels import codes
from producers.labels.models import LabelBatch
from producers.labels.services import label_batch_issue, label_batch_void, label_quantity_left
from producers.register import services as producer_services
from producers.register.models import (
    Authorisation,
    AuthorisationStatus,
    Outlet,
    Producer,
    ProducerKind,
)
from products.models import (
    AnnualStatistic,
    Document,
    Product,
    ProductImage,
    QualityIndicator,
    Town,
)
from shanting_gi.core.history import save_with_history
from shanting_gi.core.search import build_search_text
from shanting_gi.demo import data
from shanting_gi.demo import images as demo_images
from shanting_gi.demo.workflows import seed_workflows

SCALE_PREFIX = "规模测试生产者 "
SCALE_CHUNK = 1000


class DemoSeeder:
    """Creates what is missing and counts what it created and what it found."""

    def __init__(self, *, write_files=True):
        self.write_files = write_files
        self.created = Counter()
        self.found = Counter()
        self.towns = {}
        self.products = {}
        self.new_products = set()
        self.producers = {}
        self.new_producers = set()

    def run(self):
        self.seed_towns()
        self.seed_products()
        self.seed_documents()
        self.seed_producers()
        self.seed_authorisations()
        self.seed_outlets()
        self.seed_inspections()
        self.seed_cases()
        self.seed_statistics()
        self.seed_images()
        self.seed_labels()
        self.seed_complaints()

    def _save(self, obj, reason):
        save_with_history(obj, reason=reason)
        self.created[type(obj)] += 1
        return obj

    # -- products app ----------------------------------------------------------------

    def seed_towns(self):
        existing = {town.code: town for town in Town.objects.all()}
        for code, name, name_en in data.TOWNS:
            if code in existing:
                self.towns[name] = existing[code]
                self.found[Town] += 1
            else:
                self.towns[name] = self._save(Town(code=code, name=name, name_en=name_en), "")

    def seed_products(self):
        for facts in data.PRODUCTS:
            facts = dict(facts)
            area = facts.pop("protection_area")
            product = Product.objects.filter(slug=facts["slug"]).first()
            if product:
                self.found[Product] += 1
                self.products[product.slug] = product
                continue
            product = self._save(Product(**facts), "演示数据：产品事实（示例加载）")
            product.protection_area.set([self.towns[name] for name in area])
            self.products[product.slug] = product
            self.new_products.add(product.slug)
            # Indicators and illustrations belong to a product the seed itself created: a
            # product that was already there may have been corrected, and is left as it is.
            for order, (name, name_en, unit, low, high, source) in enumerate(
                data.INDICATORS[product.slug], start=1
            ):
                self._save(
                    QualityIndicator(
                        product=product,
                        name=name,
                        name_en=name_en,
                        unit=unit,
                        min_value=None if low is None else Decimal(low),
                        max_value=None if high is None else Decimal(high),
                        source=source,
                        verified=False,
                        order=order,
                    ),
                    "演示数据：质量指标（待核）",
                )

    def seed_documents(self):
        by_key = {}
        for facts in data.DOCUMENTS:
            facts = dict(facts)
            key = facts.pop("key")
            product = facts.pop("product")
            supersedes = facts.pop("supersedes", None)
            document = Document.objects.filter(number=facts["number"], title=facts["title"]).first()
            if document:
                self.found[Document] += 1
            else:
                document = self._save(
                    Document(
                        **facts,
                        product=self.products.get(product) if product else None,
                        supersedes=by_key.get(supersedes),
                    ),
                    "演示数据：文件摘要",
                )
            by_key[key] = document

    def seed_statistics(self):
        for slug, rows in data.STATISTICS.items():
            product = self.products[slug]
            for year, area, output, value, users, source, verified in rows:
                if AnnualStatistic.objects.filter(product=product, year=year).exists():
                    self.found[AnnualStatistic] += 1
                    continue
                self._save(
                    AnnualStatistic(
                        product=product,
                        year=year,
                        planting_area_mu=Decimal(area),
                        output_tonnes=Decimal(output),
                        output_value_wan_yuan=Decimal(value),
                        users_output_tonnes=None if users is None else Decimal(users),
                        source=source,
                        verified=verified,
                    ),
                    "",
                )

    def seed_images(self):
        codes = {
            slug: self.producers[key].credit_code
            for slug, key in data.MARK_CODE_PRODUCER.items()
            if key in self.producers
        }
        for slug, images in data.IMAGES.items():
            if slug not in self.new_products:
                self.found[ProductImage] += ProductImage.objects.filter(
                    product=self.products[slug]
                ).count()
                continue
            product = self.products[slug]
            for order, (kind, drawing, alt, alt_en, caption, caption_en) in enumerate(
                images, start=1
            ):
                name = f"products/demo/{slug}-{kind}.jpg"
                if self.write_files and not default_storage.exists(name):
                    saved = default_storage.save(
                        name, ContentFile(self._draw(drawing, slug, codes))
                    )
                    if saved != name:  # a storage that renames would break idempotence
                        raise CommandError(f"Storage saved {name} as {saved}.")
                self._save(
                    ProductImage(
                        product=product,
                        kind=kind,
                        image=name,
                        alt_text=alt,
                        alt_text_en=alt_en,
                        caption=caption,
                        caption_en=caption_en,
                        order=order,
                    ),
                    "",
                )

    @staticmethod
    def _draw(drawing, slug, codes):
        label = "SHANTING FIRE CHERRY" if slug == data.CHERRY else "DIANZI LONG RED JUJUBE"
        code = codes.get(slug, "")
        if drawing in ("cherry_package", "jujube_package"):
            return getattr(demo_images, drawing)(code)
        if drawing == "mark_sample":
            return demo_images.mark_sample(code, label)
        if drawing == "known_fake":
            return demo_images.known_fake(label)
        return getattr(demo_images, drawing)()

    # -- producers app ---------------------------------------------------------------

    def seed_producers(self):
        existing = {
            producer.name: producer
            for producer in Producer.objects.filter(name__in=[p["name"] for p in data.PRODUCERS])
        }
        for facts in data.PRODUCERS:
            facts = dict(facts)
            key = facts.pop("key")
            if facts["name"] in existing:
                self.producers[key] = existing[facts["name"]]
                self.found[Producer] += 1
                continue
            facts["town"] = self.towns[facts["town"]]
            producer = producer_services.producer_save(
                producer=Producer(**facts, is_example=True), reason="演示数据：示例生产者"
            )
            self.created[Producer] += 1
            self.producers[key] = producer
            self.new_producers.add(key)

    def seed_authorisations(self):
        # Only for producers created in this run: an existing producer's authorisations are
        # its history, and replaying transitions on them would change it.
        for scenario in data.AUTHORISATIONS:
            if scenario["producer"] not in self.new_producers:
                self.found[Authorisation] += 1
                continue
            authorisation = producer_services.authorisation_apply(
                producer=self.producers[scenario["producer"]],
                product=self.products[scenario["product"]],
                applied_on=scenario["applied_on"],
                reason=data.R_APPLY,
            )
            self.created[Authorisation] += 1
            for step, on, reason, *details in scenario["steps"]:
                self._transition(authorisation, step, on, reason, *(details or [{}]))

    @staticmethod
    def _transition(authorisation, step, on, reason, details):
        service = getattr(producer_services, f"authorisation_{step}")
        dates = {}
        if step == "approve":
            dates["approved_on"] = on
        elif "on" in inspect.signature(service).parameters:
            dates["on"] = on
        service(authorisation=authorisation, by=None, reason=reason, **dates, **details)

    def seed_labels(self):
        """Label batches for the first live authorisations created in this run, one voided.

        Codes are signed, not stored: a batch is one row, and its codes come from
        `manage.py export_labels <id>` or the batch's page in the back-office.
        """
        live = [
            a
            for a in Authorisation.objects.live()
            .filter(producer__in=[self.producers[k] for k in sorted(self.new_producers)])
            .select_related("producer", "product")
            .order_by("pk")
            if a.producer.is_public
        ][:4]
        season = timezone.localdate().year
        for index, authorisation in enumerate(live):
            left = label_quantity_left(authorisation=authorisation, season=season)
            quantity = min(500, left) if left is not None else 500
            if quantity < 1:
                continue
            batch = label_batch_issue(
                authorisation=authorisation,
                quantity=quantity,
                season=season,
                by=None,
                is_example=True,
            )
            self.created[LabelBatch] += 1
            if index == len(live) - 1:
                label_batch_void(batch=batch, by=None, reason=data.R_VOID_BATCH)
        if not live:
            self.found[LabelBatch] += LabelBatch.objects.count()

    def seed_complaints(self):
        if Complaint.objects.filter(description__endswith="（示例）").exists():
            self.found[Complaint] += Complaint.objects.count()
            return
        for facts in data.COMPLAINTS:
            complaint, _secret = complaint_submit(
                fields={**facts["fields"], "product": self.products[facts["product"]]}
            )
            self.created[Complaint] += 1
            # Replies first: a complaint is closed only once the complainant has an answer.
            for reply in facts["replies"]:
                complaint_reply(complaint=complaint, body=reply, by=None)
            for status in facts["statuses"]:
                complaint_set_status(complaint=complaint, status=status, by=None)

    def seed_outlets(self):
        existing = set(
            Outlet.objects.filter(name__in=[o["name"] for o in data.OUTLETS]).values_list(
                "name", flat=True
            )
        )
        for facts in data.OUTLETS:
            facts = dict(facts)
            if facts["name"] in existing:
                self.found[Outlet] += 1
                continue
            products = facts.pop("products")
            town = facts.pop("town")
            producer = facts.pop("producer")
            outlet = self._save(
                Outlet(
                    **facts,
                    town=self.towns[town] if town else None,
                    producer=self.producers.get(producer),
                    is_example=True,
                ),
                "",
            )
            outlet.products.set([self.products[slug] for slug in products])

    # -- inspections app -------------------------------------------------------------

    def seed_inspections(self):
        existing = set(
            Inspection.objects.filter(
                sample_number__in=[i["sample_number"] for i in data.INSPECTIONS]
            ).values_list("sample_number", flat=True)
        )
        for facts in data.INSPECTIONS:
            if facts["sample_number"] in existing:
                self.found[Inspection] += 1
            elif facts["producer"] in self.producers:  # unless renamed in the back-office
                self._inspection(facts)

    def _inspection(self, facts):
        product = self.products[facts["product"]]
        inspection = self._save(
            Inspection(
                producer=self.producers[facts["producer"]],
                product=product,
                sample_number=facts["sample_number"],
                status=InspectionStatus.PLANNED,
                sampling_place=facts["sampling_place"],
                testing_body=facts["testing_body"],
                is_example=True,
            ),
            "列入抽检计划（示例）",
        )
        if facts["status"] == InspectionStatus.PLANNED:
            return
        inspection.status = InspectionStatus.SAMPLED
        inspection.sampled_on = facts["sampled_on"]
        save_with_history(inspection, reason="已抽样（示例）")
        if not facts["values"]:
            return
        # Set before the results so that the service keeps these dates instead of today's.
        inspection.tested_on = facts["tested_on"]
        inspection.report_number = facts["report_number"]
        indicators = {indicator.name: indicator for indicator in product.indicators.all()}
        values = {
            indicators[name]: value
            for name, value in facts["values"].items()
            if name in indicators  # an indicator renamed in the back-office is skipped
        }
        results = inspection_services.inspection_record_results(
            inspection=inspection, values=values
        )
        self.created[InspectionResult] += len(results)
        if facts["follow_up"]:
            inspection.follow_up = facts["follow_up"]
            inspection.follow_up_deadline = facts["follow_up_deadline"]
            inspection.follow_up_done_on = facts["follow_up_done_on"]
            save_with_history(inspection, reason="核查处置（示例）")
        if facts["status"] == InspectionStatus.PUBLISHED:
            inspection_services.inspection_publish(inspection=inspection, on=facts["published_on"])

    def seed_cases(self):
        existing = set(
            EnforcementCase.objects.filter(
                case_number__in=[c["case_number"] for c in data.ENFORCEMENT_CASES]
            ).values_list("case_number", flat=True)
        )
        for facts in data.ENFORCEMENT_CASES:
            if facts["case_number"] in existing:
                self.found[EnforcementCase] += 1
                continue
            if facts["producer"] and facts["producer"] not in self.producers:
                continue  # its producer was renamed in the back-office
            facts = dict(facts)
            publish_on = facts.pop("publish_on")
            decided = {
                field: facts.pop(field)
                for field in ("status", "decided_on", "decision_number", "penalty", "fine_yuan")
            }
            producer = self.producers.get(facts.pop("producer"))
            product = self.products[facts.pop("product")]
            case = EnforcementCase(**facts, producer=producer, product=product, is_example=True)
            inspection_services.enforcement_case_save(case=case, reason="立案调查（示例）")
            self.created[EnforcementCase] += 1
            if decided["status"] != case.status:
                for field, value in decided.items():
                    setattr(case, field, value)
                inspection_services.enforcement_case_save(
                    case=case, reason=f"案件状态：{case.get_status_display()}（示例）"
                )
            if publish_on:
                inspection_services.enforcement_case_publish(case=case, on=publish_on)


# -- --scale ---------------------------------------------------------------------------
#
# --scale bypasses the services for speed (bulk inserts instead of one validated save per
# row) but writes only states the services would produce: codes that pass the GB 32100
# check, approved authorisations with a date, announcement and validity, results whose
# verdict is indicator.judge(value) with the limits copied, published inspections with a
# report number. Every history-tracked row gets its history record through
# bulk_create_with_history.


def _scale_value(indicator, failing):
    """A value inside the indicator's limits, or just outside them when failing."""
    if indicator.min_value is not None:
        return indicator.min_value - 1 if failing else indicator.min_value + Decimal("0.5")
    if indicator.max_value is not None:
        return indicator.max_value + 1 if failing else indicator.max_value - Decimal("0.5")
    return Decimal("1")


def highest_scale_number():
    names = Producer.objects.filter(name__startswith=SCALE_PREFIX).values_list("name", flat=True)
    numbers = [name[len(SCALE_PREFIX) :].split("（", 1)[0] for name in names]
    return max((int(n) for n in numbers if n.isdigit()), default=0)


def seed_scale(total, *, stdout):
    """Make sure there are `total` scale-test producers; returns how many were added."""
    start = highest_scale_number() + 1
    if start > total:
        stdout.write(f"--scale {total}: {start - 1:,} scale-test producers already there.")
        return 0
    cherry = Product.objects.get(slug=data.CHERRY)
    jujube = Product.objects.get(slug=data.JUJUBE)
    indicators = {
        product.pk: list(product.indicators.order_by("order", "pk")) for product in (cherry, jujube)
    }
    towns = {town.name: town for town in Town.objects.all()}
    kinds = [
        ProducerKind.ENTERPRISE,
        ProducerKind.COOPERATIVE,
        ProducerKind.INDIVIDUAL_BUSINESS,
        ProducerKind.HOUSEHOLD,
    ]
    approved_on = data.d(2025, 12, 1)
    reason = "规模测试数据（示例）"
    began = time.monotonic()
    added = 0
    for chunk_start in range(start, total + 1, SCALE_CHUNK):
        numbers = range(chunk_start, min(chunk_start + SCALE_CHUNK, total + 1))
        with transaction.atomic():
            producers = []
            for i in numbers:
                kind = kinds[i % 4]
                product = jujube if i % 3 == 0 else cherry
                town = "店子镇" if product is jujube else ("水泉镇" if i % 2 else "北庄镇")
                name = f"{SCALE_PREFIX}{i:05d}（示例）"
                name_en = f"Scale test producer {i:05d} (example)"
                household = kind == ProducerKind.HOUSEHOLD
                code = "" if household else data.scale_credit_code(kind, i)
                producer = Producer(
                    kind=kind,
                    name=name,
                    name_en=name_en,
                    credit_code=code,
                    town=towns[town],
                    address=f"{town}示例村（规模测试，示例地址）",
                    private_phone=f"1390001{i % 10000:04d}" if household else "",
                    is_example=True,
                    notes=reason,
                    search_text=build_search_text(name, name_en, code),
                )
                producer.scale_product = product
                producers.append(producer)
            bulk_create_with_history(producers, Producer, default_change_reason=reason)

            authorisations = [
                Authorisation(
                    producer=producer,
                    product=producer.scale_product,
                    status=AuthorisationStatus.APPROVED,
                    applied_on=data.d(2025, 10, 9),
                    announcement_number=data.ANNOUNCEMENTS[approved_on],
                    approved_on=approved_on,
                    valid_until=data.d(2028, 12, 31),
                    annual_quantity_cap=5000,
                    status_changed_on=approved_on,
                    status_reason=data.R_APPROVE,
                )
                for producer in producers
            ]
            bulk_create_with_history(authorisations, Authorisation, default_change_reason=reason)

            inspections = []
            for i, producer in zip(numbers, producers, strict=True):
                product = producer.scale_product
                failing = i % 11 == 0
                sampled_on = (
                    data.d(2026, 9, 1 + i % 28)
                    if product is jujube
                    else data.d(2026, 5, 1 + i % 28)
                )
                inspection = Inspection(
                    producer=producer,
                    product=product,
                    sample_number=f"SL-SCALE-{i:06d}",
                    status=InspectionStatus.PUBLISHED,
                    sampled_on=sampled_on,
                    sampling_place="生产者仓库（规模测试，示例）",
                    testing_body=data.TESTING_BODY,
                    report_number=f"示例检字〔2026〕规模测试第{i:06d}号",
                    tested_on=sampled_on + datetime.timedelta(days=9),
                    published_on=sampled_on + datetime.timedelta(days=21),
                    follow_up=data.FOLLOW_UP if failing else "",
                    follow_up_deadline=(
                        sampled_on + datetime.timedelta(days=69) if failing else None
                    ),
                    is_example=True,
                )
                inspection.scale_failing = failing
                inspections.append(inspection)
            bulk_create_with_history(inspections, Inspection, default_change_reason=reason)

            results = []
            for inspection in inspections:
                for position, indicator in enumerate(indicators[inspection.product_id]):
                    # A failing inspection fails on one indicator, the others pass.
                    value = _scale_value(indicator, inspection.scale_failing and position == 0)
                    results.append(
                        InspectionResult(
                            inspection=inspection,
                            indicator=indicator,
                            measured_value=value,
                            limit_min=indicator.min_value,
                            limit_max=indicator.max_value,
                            passed=indicator.judge(value),
                        )
                    )
            bulk_create_with_history(results, InspectionResult, default_change_reason=reason)
        added += len(producers)
        done = chunk_start - start + len(producers)
        stdout.write(
            f"  {done:,} / {total - start + 1:,} scale-test producers "
            f"({time.monotonic() - began:.1f} s)"
        )
    return added


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
        began = time.monotonic()
        seeder = DemoSeeder(write_files=not dry_run)
        with transaction.atomic():
            seeder.run()
            seed_workflows(self.stdout, options["verbosity"])
            if dry_run:
                transaction.set_rollback(True)
        if options["verbosity"] > 0:
            self._summary(seeder, dry_run, time.monotonic() - began)
        if scale and dry_run:
            self.stdout.write("--scale is not run with --dry-run.")
        elif scale:
            scale_began = time.monotonic()
            added = seed_scale(scale, stdout=self.stdout)
            self.stdout.write(
                self.style.SUCCESS(
                    f"--scale {scale}: added {added:,} producers with authorisations and "
                    f"inspections in {time.monotonic() - scale_began:.1f} s."
                )
            )

    def _summary(self, seeder, dry_run, seconds):
        verb = "would be created" if dry_run else "created"
        models = [
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
        width = max(len(str(model._meta.verbose_name_plural)) for model in models)
        self.stdout.write(f"Demo data ({verb} / already there):")
        for model in models:
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
