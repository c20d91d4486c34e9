"""What the benchmark adds to a `seed_demo --scale N` database, idempotently.

Runs inside Django (bench/run.py calls these after django.setup()). Nothing here is used by
the site; it only makes the data set the one issue 12's figures were measured on:

- inspection history: `seed_demo --scale N` gives each scale-test producer one published
  inspection (2026). Issue 12 measured 10,040 producers with 30,030 inspections and 110,105
  results, i.e. three years of spot-checks per producer. top_up_inspections() adds the
  earlier years (2025, 2024, …) the same way seed_demo does: bulk inserts with history,
  published, verdicts from indicator.judge() with the limits copied onto the result;
- one label batch of 1,000,000 codes (the CSV figures), issued through the labels service
  to the first scale-test producer's authorisation after lifting its annual cap;
- a staff user for the admin download, logged in through the test client's force_login.
"""

import datetime
import time
from decimal import Decimal

SCALE_PREFIX = "规模测试生产者 "  # shanting_gi/demo/management/commands/seed_demo.py
BATCH_QUANTITY = 1_000_000
STAFF_USERNAME = "bench-staff"
CHUNK = 1000


def scale_producers():
    """(number, producer id, product id) of every scale-test producer, by number."""
    from producers.register.models import Authorisation

    rows = (
        Authorisation.objects.filter(producer__name__startswith=SCALE_PREFIX)
        .values_list("producer__name", "producer_id", "product_id")
        .order_by("producer_id")
    )
    out = {}
    for name, producer_id, product_id in rows:
        number = name[len(SCALE_PREFIX) :].split("（", 1)[0]
        if number.isdigit():
            out.setdefault(int(number), (producer_id, product_id))
    return [(n, p, q) for n, (p, q) in sorted(out.items())]


def _value(indicator, failing):
    """Inside the indicator's limits, or just outside them when failing (as seed_demo)."""
    if indicator.min_value is not None:
        return indicator.min_value - 1 if failing else indicator.min_value + Decimal("0.5")
    if indicator.max_value is not None:
        return indicator.max_value + 1 if failing else indicator.max_value - Decimal("0.5")
    return Decimal("1")


def top_up_inspections(per_producer, *, latest_year=2026, log=lambda message: None):
    """Make sure each scale-test producer has `per_producer` published inspections, one a
    year back from latest_year (seed_demo made the latest). Returns how many were added."""
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history

    from inspections.models import Inspection, InspectionResult, InspectionStatus
    from products.models import QualityIndicator

    years = [latest_year - k for k in range(1, max(1, per_producer))]
    if not years:
        return 0
    producers = scale_producers()
    indicators = {}
    for indicator in QualityIndicator.objects.order_by("order", "pk"):
        indicators.setdefault(indicator.product_id, []).append(indicator)
    existing = set(
        Inspection.objects.filter(sample_number__startswith="SL-SCALE-").values_list(
            "sample_number", flat=True
        )
    )
    jujube_ids = _jujube_ids()
    reason = "基准测试：往年抽检（示例）"
    added, began = 0, time.monotonic()
    for start in range(0, len(producers), CHUNK):
        inspections = []
        for number, producer_id, product_id in producers[start : start + CHUNK]:
            for year in years:
                sample_number = f"SL-SCALE-{number:06d}-{year}"
                if sample_number in existing:
                    continue
                month = 9 if product_id in jujube_ids else 5
                sampled_on = datetime.date(year, month, 1 + number % 28)
                failing = (number + year) % 11 == 0
                inspection = Inspection(
                    producer_id=producer_id,
                    product_id=product_id,
                    sample_number=sample_number,
                    status=InspectionStatus.PUBLISHED,
                    sampled_on=sampled_on,
                    sampling_place="生产者仓库（规模测试，示例）",
                    testing_body="示例检测机构（规模测试）",
                    report_number=f"示例检字〔{year}〕规模测试第{number:06d}号",
                    tested_on=sampled_on + datetime.timedelta(days=9),
                    published_on=sampled_on + datetime.timedelta(days=21),
                    is_example=True,
                )
                inspection.bench_failing = failing
                inspections.append(inspection)
        if not inspections:
            continue
        with transaction.atomic():
            bulk_create_with_history(inspections, Inspection, default_change_reason=reason)
            results = []
            for inspection in inspections:
                for position, indicator in enumerate(indicators.get(inspection.product_id, [])):
                    value = _value(indicator, inspection.bench_failing and position == 0)
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
        added += len(inspections)
        log(f"  inspection history: {added:,} added ({time.monotonic() - began:.0f} s)")
    return added


def _jujube_ids():
    from products.models import Product
    from shanting_gi.demo.scale import JUJUBE

    return set(Product.objects.filter(slug=JUJUBE).values_list("pk", flat=True))


def million_batch(*, create):
    """The 1,000,000-code batch the CSV figures export; issued when create is true."""
    from django.utils import timezone

    from producers.labels.models import LabelBatch
    from producers.labels.services import label_batch_issue
    from producers.register.models import Authorisation

    batch = (
        LabelBatch.objects.filter(quantity=BATCH_QUANTITY, voided_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if batch is not None or not create:
        return batch
    producers = scale_producers()
    if not producers:
        raise RuntimeError("no scale-test producers: seed the database with --scale first")
    authorisation = Authorisation.objects.get(producer_id=producers[0][1])
    # A real producer would need the bureau to raise its cap; the bench lifts it.
    Authorisation.objects.filter(pk=authorisation.pk).update(annual_quantity_cap=None)
    authorisation.refresh_from_db()
    return label_batch_issue(
        authorisation=authorisation,
        quantity=BATCH_QUANTITY,
        season=timezone.localdate().year,
        by=None,
        is_example=True,
    )


def staff_session_cookie():
    """(cookie name, value) of a session of a superuser, valid for the gunicorn workers
    (same database and SECRET_KEY)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=STAFF_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_unusable_password()  # only ever logged in by force_login
        user.save(update_fields=["password"])
    if not (user.is_staff and user.is_superuser and user.is_active):
        User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True, is_active=True)
        user.refresh_from_db()
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return name, client.cookies[name].value


def data_counts():
    """What the figures were measured on."""
    from inspections.models import Inspection, InspectionResult
    from producers.register.models import Producer

    return {
        "producers": Producer.objects.count(),
        "scale producers": Producer.objects.filter(name__startswith=SCALE_PREFIX).count(),
        "inspections": Inspection.objects.count(),
        "results": InspectionResult.objects.count(),
    }
