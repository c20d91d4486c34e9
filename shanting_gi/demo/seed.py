"""Write the demo data (read by shanting_gi.demo.loader) into the database.

Idempotent: every object is looked up by its natural key (town code, product slug, document
number and title, producer name, outlet name, sample number, case number, product and year)
and left alone when it is already there, so a second run adds nothing and never undoes a
correction made in the back-office. A product's indicators and illustrations, and a
producer's authorisations, are made only together with a product or producer created in the
same run; transitions are never replayed on existing rows. Writes go through the services
(or, for models that have none, through shanting_gi.core.history.save_with_history, which
validates and records history the same way), so the demo holds only states the platform
itself can produce.
"""

from collections import Counter

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from inspections import services as inspection_services
from inspections.models import (
    Complaint,
    EnforcementCase,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from inspections.services import complaint_reply, complaint_set_status, complaint_submit
from producers.labels.models import LabelBatch
from producers.labels.services import label_batch_issue, label_batch_void, label_quantity_left
from producers.register import services as producer_services
from producers.register.models import Authorisation, Outlet, Producer
from products.models import (
    AnnualStatistic,
    Document,
    Product,
    ProductImage,
    QualityIndicator,
    Town,
)
from shanting_gi.core.history import save_with_history
from shanting_gi.demo import images


class StorageRenamed(Exception):
    """The file storage saved an illustration under another name (the seed would repeat)."""


class DemoSeeder:
    """Creates what is missing and counts what it created and what it found."""

    def __init__(self, data, *, write_files=True):
        self.data = data
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
        for fields in self.data.towns:
            if fields["code"] in existing:
                self.towns[fields["name"]] = existing[fields["code"]]
                self.found[Town] += 1
            else:
                self.towns[fields["name"]] = self._save(Town(**fields), "")

    def seed_products(self):
        for fields in self.data.products:
            fields = dict(fields)
            area = fields.pop("protection_area")
            product = Product.objects.filter(slug=fields["slug"]).first()
            if product:
                self.found[Product] += 1
                self.products[product.slug] = product
                continue
            product = self._save(Product(**fields), "演示数据：产品事实（示例加载）")
            product.protection_area.set([self.towns[name] for name in area])
            self.products[product.slug] = product
            self.new_products.add(product.slug)
            # Indicators and illustrations belong to a product the seed itself created: a
            # product that was already there may have been corrected, and is left as it is.
            for indicator in self.data.indicators[product.slug]:
                self._save(
                    QualityIndicator(product=product, **indicator), "演示数据：质量指标（待核）"
                )

    def seed_documents(self):
        by_key = {}
        for fields in self.data.documents:
            fields = dict(fields)
            key = fields.pop("key")
            product = fields.pop("product")
            supersedes = fields.pop("supersedes")
            document = Document.objects.filter(
                number=fields["number"], title=fields["title"]
            ).first()
            if document:
                self.found[Document] += 1
            else:
                document = self._save(
                    Document(
                        **fields,
                        product=self.products.get(product) if product else None,
                        supersedes=by_key.get(supersedes),
                    ),
                    "演示数据：文件摘要",
                )
            by_key[key] = document

    def seed_statistics(self):
        for fields in self.data.statistics:
            fields = dict(fields)
            product = self.products[fields.pop("product")]
            if AnnualStatistic.objects.filter(product=product, year=fields["year"]).exists():
                self.found[AnnualStatistic] += 1
                continue
            self._save(AnnualStatistic(product=product, **fields), "")

    def seed_images(self):
        for illustrations in self.data.illustrations:
            slug = illustrations["product"]
            product = self.products[slug]
            if slug not in self.new_products:
                self.found[ProductImage] += ProductImage.objects.filter(product=product).count()
                continue
            producer = self.producers.get(illustrations["mark_code_producer"])
            for fields in illustrations["images"]:
                fields = dict(fields)
                drawing = fields.pop("drawing")
                name = f"products/demo/{slug}-{fields['kind']}.jpg"
                if self.write_files and not default_storage.exists(name):
                    picture = images.draw(
                        drawing,
                        credit_code=producer.credit_code if producer else "",
                        product_name=illustrations["drawn_name"],
                    )
                    saved = default_storage.save(name, ContentFile(picture))
                    if saved != name:  # a storage that renames would break idempotence
                        raise StorageRenamed(f"Storage saved {name} as {saved}.")
                self._save(ProductImage(product=product, image=name, **fields), "")

    # -- producers app ---------------------------------------------------------------

    def seed_producers(self):
        names = [fields["name"] for fields in self.data.producers]
        existing = {p.name: p for p in Producer.objects.filter(name__in=names)}
        for fields in self.data.producers:
            fields = dict(fields)
            key = fields.pop("key")
            if fields["name"] in existing:
                self.producers[key] = existing[fields["name"]]
                self.found[Producer] += 1
                continue
            fields["town"] = self.towns[fields["town"]]
            producer = producer_services.producer_save(
                producer=Producer(**fields, is_example=True), reason="演示数据：示例生产者"
            )
            self.created[Producer] += 1
            self.producers[key] = producer
            self.new_producers.add(key)

    def seed_authorisations(self):
        # Only for producers created in this run: an existing producer's authorisations are
        # its history, and replaying transitions on them would change it.
        for scenario in self.data.authorisations:
            if scenario["producer"] not in self.new_producers:
                self.found[Authorisation] += 1
                continue
            authorisation = producer_services.authorisation_apply(
                producer=self.producers[scenario["producer"]],
                product=self.products[scenario["product"]],
                applied_on=scenario["applied_on"],
                reason=self.data.reasons["apply"],
            )
            self.created[Authorisation] += 1
            for step in scenario["steps"]:
                # authorisation_<step>: every transition goes through its service, dated.
                service = getattr(producer_services, f"authorisation_{step['step']}")
                on = {"approved_on" if step["step"] == "approve" else "on": step["on"]}
                service(
                    authorisation=authorisation,
                    by=None,
                    reason=step["reason"],
                    **on,
                    **step["details"],
                )

    def seed_labels(self):
        """Label batches for the first live authorisations created in this run, one voided.

        Codes are signed, not stored: a batch is one row, and its codes come from
        `manage.py export_labels <id>` or the batch's page in the back-office.
        """
        labels = self.data.labels
        live = [
            a
            for a in Authorisation.objects.live()
            .filter(producer__in=[self.producers[k] for k in sorted(self.new_producers)])
            .select_related("producer", "product")
            .order_by("pk")
            if a.producer.is_public
        ][: labels["batches"]]
        season = timezone.localdate().year
        for index, authorisation in enumerate(live):
            left = label_quantity_left(authorisation=authorisation, season=season)
            quantity = min(labels["quantity"], left) if left is not None else labels["quantity"]
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
                label_batch_void(batch=batch, by=None, reason=labels["void_reason"])
        if not live:
            self.found[LabelBatch] += LabelBatch.objects.count()

    def seed_complaints(self):
        # The loader makes sure every demo complaint's description ends with （示例）.
        if Complaint.objects.filter(description__endswith="（示例）").exists():
            self.found[Complaint] += Complaint.objects.count()
            return
        for facts in self.data.complaints:
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
        names = [fields["name"] for fields in self.data.outlets]
        existing = set(Outlet.objects.filter(name__in=names).values_list("name", flat=True))
        for fields in self.data.outlets:
            fields = dict(fields)
            if fields["name"] in existing:
                self.found[Outlet] += 1
                continue
            products = fields.pop("products")
            town = fields.pop("town")
            producer = fields.pop("producer")
            outlet = self._save(
                Outlet(
                    **fields,
                    town=self.towns[town] if town else None,
                    producer=self.producers.get(producer),
                    is_example=True,
                ),
                "",
            )
            outlet.products.set([self.products[slug] for slug in products])

    # -- inspections app -------------------------------------------------------------

    def seed_inspections(self):
        numbers = [fields["sample_number"] for fields in self.data.inspections]
        existing = set(
            Inspection.objects.filter(sample_number__in=numbers).values_list(
                "sample_number", flat=True
            )
        )
        for facts in self.data.inspections:
            if facts["sample_number"] in existing:
                self.found[Inspection] += 1
            elif facts["producer"] in self.producers:  # unless renamed in the back-office
                self._inspection(facts)

    def _inspection(self, facts):
        """Planned, sampled, tested and published in turn, as the bureau would record it."""
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
        numbers = [fields["case_number"] for fields in self.data.cases]
        existing = set(
            EnforcementCase.objects.filter(case_number__in=numbers).values_list(
                "case_number", flat=True
            )
        )
        for facts in self.data.cases:
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
