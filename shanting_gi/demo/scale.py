"""Bulk scale-test data for benchmarks: `manage.py seed_demo --scale N` (bench/seed_scale.py).

It bypasses the services for speed (bulk inserts instead of one validated save per row) but
writes only states the services would produce: codes that pass the GB 32100 check, approved
authorisations with a date, announcement and validity, results whose verdict is
indicator.judge(value) with the limits copied, published inspections with a report number.
Every history-tracked row gets its history record through bulk_create_with_history. The
demo data must be there first: the scale producers use its products, towns, announcement,
testing body and wording.
"""

import datetime
import time
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from inspections.models import Inspection, InspectionResult, InspectionStatus
from producers.register.models import Authorisation, AuthorisationStatus, Producer, ProducerKind
from producers.register.validators import credit_code_check_character
from products.models import Product, Town
from shanting_gi.core.search import build_search_text
from shanting_gi.demo.datafile import DemoDataError
from shanting_gi.demo.loader import CREDIT_CODE_TYPE

SCALE_PREFIX = "规模测试生产者 "
SCALE_CHUNK = 1000
CHERRY, JUJUBE = "shanting-fire-cherry", "dianzi-long-red-jujube"
KINDS = [
    ProducerKind.ENTERPRISE,
    ProducerKind.COOPERATIVE,
    ProducerKind.INDIVIDUAL_BUSINESS,
    ProducerKind.HOUSEHOLD,
]
APPLIED_ON = datetime.date(2025, 10, 9)
APPROVED_ON = datetime.date(2025, 12, 1)  # a day with an announcement in the demo data
VALID_UNTIL = datetime.date(2028, 12, 31)
REASON = "规模测试数据（示例）"


def scale_credit_code(kind, number):
    """Codes for --scale producers: "ET" and the number, so they never meet the demo's "EX"."""
    first17 = f"9{CREDIT_CODE_TYPE[kind]}370406ET{number:07d}"
    return first17 + credit_code_check_character(first17)


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


def seed_scale(total, *, data, progress=None):
    """Make sure there are `total` scale-test producers; returns how many were added.

    `data` is the loaded demo data; `progress`, if given, is called with a line of text
    after the check and after each chunk of SCALE_CHUNK producers.
    """
    say = progress or (lambda line: None)
    announcement = data.announcements.get(APPROVED_ON)
    if announcement is None:
        raise DemoDataError(
            f"authorisations.toml: --scale approves its producers on {APPROVED_ON}, and the "
            "announcement list has no announcement dated that day"
        )
    start = highest_scale_number() + 1
    if start > total:
        say(f"--scale {total}: {start - 1:,} scale-test producers already there.")
        return 0
    cherry = Product.objects.get(slug=CHERRY)
    jujube = Product.objects.get(slug=JUJUBE)
    indicators = {
        product.pk: list(product.indicators.order_by("order", "pk")) for product in (cherry, jujube)
    }
    towns = {town.name: town for town in Town.objects.all()}
    began = time.monotonic()
    added = 0
    for chunk_start in range(start, total + 1, SCALE_CHUNK):
        numbers = range(chunk_start, min(chunk_start + SCALE_CHUNK, total + 1))
        with transaction.atomic():
            producers = _producers(numbers, cherry, jujube, towns)
            bulk_create_with_history(producers, Producer, default_change_reason=REASON)
            authorisations = [
                Authorisation(
                    producer=producer,
                    product=producer.scale_product,
                    status=AuthorisationStatus.APPROVED,
                    applied_on=APPLIED_ON,
                    announcement_number=announcement,
                    approved_on=APPROVED_ON,
                    valid_until=VALID_UNTIL,
                    annual_quantity_cap=5000,
                    status_changed_on=APPROVED_ON,
                    status_reason=data.reasons["approve"],
                )
                for producer in producers
            ]
            bulk_create_with_history(authorisations, Authorisation, default_change_reason=REASON)
            inspections = _inspections(numbers, producers, jujube, data)
            bulk_create_with_history(inspections, Inspection, default_change_reason=REASON)
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
            bulk_create_with_history(results, InspectionResult, default_change_reason=REASON)
        added += len(producers)
        done = chunk_start - start + len(producers)
        say(
            f"  {done:,} / {total - start + 1:,} scale-test producers "
            f"({time.monotonic() - began:.1f} s)"
        )
    return added


def _producers(numbers, cherry, jujube, towns):
    producers = []
    for i in numbers:
        kind = KINDS[i % 4]
        product = jujube if i % 3 == 0 else cherry
        town = "店子镇" if product is jujube else ("水泉镇" if i % 2 else "北庄镇")
        name = f"{SCALE_PREFIX}{i:05d}（示例）"
        name_en = f"Scale test producer {i:05d} (example)"
        household = kind == ProducerKind.HOUSEHOLD
        code = "" if household else scale_credit_code(kind, i)
        producer = Producer(
            kind=kind,
            name=name,
            name_en=name_en,
            credit_code=code,
            town=towns[town],
            address=f"{town}示例村（规模测试，示例地址）",
            private_phone=f"1390001{i % 10000:04d}" if household else "",
            is_example=True,
            notes=REASON,
            search_text=build_search_text(name, name_en, code),
        )
        producer.scale_product = product
        producers.append(producer)
    return producers


def _inspections(numbers, producers, jujube, data):
    inspections = []
    for i, producer in zip(numbers, producers, strict=True):
        product = producer.scale_product
        failing = i % 11 == 0
        month = 9 if product is jujube else 5
        sampled_on = datetime.date(2026, month, 1 + i % 28)
        inspection = Inspection(
            producer=producer,
            product=product,
            sample_number=f"SL-SCALE-{i:06d}",
            status=InspectionStatus.PUBLISHED,
            sampled_on=sampled_on,
            sampling_place="生产者仓库（规模测试，示例）",
            testing_body=data.testing_body,
            report_number=f"示例检字〔2026〕规模测试第{i:06d}号",
            tested_on=sampled_on + datetime.timedelta(days=9),
            published_on=sampled_on + datetime.timedelta(days=21),
            follow_up=data.follow_up if failing else "",
            follow_up_deadline=sampled_on + datetime.timedelta(days=69) if failing else None,
            is_example=True,
        )
        inspection.scale_failing = failing
        inspections.append(inspection)
    return inspections
