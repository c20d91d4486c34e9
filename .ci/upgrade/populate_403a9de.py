"""Run with the code of release 403a9de (after its seed_demo) to add a row to every table the
demo leaves empty, so that the upgrade check sees each of them carried forward.

Among them an application left "submitted" although its authorisation was approved from
the authorisation's own admin page: the bug a later migration repairs.
"""

import datetime
import os
import sys

import django

sys.path.insert(0, os.getcwd())  # run from the old release's checkout

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanting_gi.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import transaction  # noqa: E402

from inspections.services import complaint_reply, complaint_submit  # noqa: E402
from producers import account_services, labels, services  # noqa: E402
from producers.account_forms import CleanDocument  # noqa: E402
from producers.models import (  # noqa: E402
    ApplicationDocumentKind,
    LabelBatch,
    Producer,
    ProducerKind,
)
from producers.verification import verify  # noqa: E402
from products.models import Product, Town  # noqa: E402

User = get_user_model()
with transaction.atomic():
    staff = User.objects.create_user("upgrade-staff", password=None, is_staff=True)
    user = User.objects.create_user("upgrade-coop", email="coop@example.cn", password=None)
    town = Town.objects.get(code="370406107")
    cherry = Product.objects.get(slug="shanting-fire-cherry")
    jujube = Product.objects.get(slug="dianzi-long-red-jujube")
    producer = Producer.objects.create(
        kind=ProducerKind.HOUSEHOLD, name="升级检查农户（示例）", town=town, user=user
    )
    pdf = CleanDocument(
        ContentFile(b"%PDF-1.4 upgrade check\n", name="document.pdf"),
        ApplicationDocumentKind.PDF,
        "营业执照.pdf",
    )
    stuck = account_services.application_submit(
        producer=producer,
        product=cherry,
        by=user,
        documents=[pdf],
        planting_area_mu="3",
        address="水泉镇",
        expected_annual_output_t="2",
    )
    # The bug: approved from the authorisation's admin action, the application stays open.
    services.authorisation_approve(
        authorisation=stuck.authorisation,
        by=staff,
        reason="核准使用",
        announcement_number="升级检查公告第1号",
        approved_on=datetime.date(2025, 3, 1),
    )
    asked = account_services.application_submit(
        producer=producer,
        product=jujube,
        by=user,
        planting_area_mu="1",
        address="店子镇",
        expected_annual_output_t="1",
    )
    account_services.application_request_info(application=asked, by=staff, question="请补充地块图")
    account_services.annual_report_submit(
        producer=producer,
        product=cherry,
        year=2025,
        labels_used=100,
        quantity_sold_kg="50",
        by=user,
    )
    account_services.signup_submit(
        username="upgrade-signup",
        email="signup@example.cn",
        password="a long upgrade password 1",
        kind=ProducerKind.HOUSEHOLD,
        name="升级检查农户乙（示例）",
        credit_code="",
        legal_representative="张三",
        town=town,
        address="水泉镇",
        contact_phone="13900000000",
    )

batch = LabelBatch.objects.filter(voided_at__isnull=True).order_by("pk").first()
code = labels.group(labels.encode(batch.key_version, batch.pk, 0))
for _ in range(3):
    verify(code, client_ip=None)
complaint, _secret = complaint_submit(
    fields={
        "product": cherry,
        "description": "升级检查：标签码可疑",
        "label_code": code,
        "contact_phone": "13900000001",
    }
)
complaint_reply(complaint=complaint, body="已收到", by=staff)
print("populated:", code)
