"""A small public register for the API and export tests, built through the services.

Two products, three towns; public producers (one a household with a private phone), one
producer not shown publicly; authorisations in several states; published and unpublished
inspections and cases; a document superseded by a newer version; public and hidden
outlets; statistics. The private values are distinctive strings, so a test can look for
them in every response.
"""

import datetime
import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from inspections.models import CaseStatus, EnforcementCase, Inspection, ViolationType
from inspections.services import (
    enforcement_case_publish,
    inspection_publish,
    inspection_record_result,
)
from producers.register.models import Outlet, OutletKind, Producer, ProducerKind
from producers.register.services import (
    authorisation_apply,
    authorisation_approve,
    authorisation_suspend,
)
from producers.register.validators import credit_code_check_character
from products.models import AnnualStatistic, Document, DocumentKind, Product, QualityIndicator, Town

TEST_KEYS = {1: b"api-test-label-key"}
# Private values: none of them may appear in any API response or export.
PRIVATE_PHONE = "13988887777"
PRIVATE_NOTES = "内部备注：不得公开"
LEGAL_REPRESENTATIVE = "法定代表人甲乙丙"
HIDDEN_NAME = "不公开的生产者某某"
UNPUBLISHED_SAMPLE = "UNPUBLISHED-SAMPLE-1"
UNPUBLISHED_CASE = "未公布案件〔2025〕1号"
HIDDEN_OUTLET = "不公开的销售点"

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def api_settings(settings, tmp_path):
    settings.LABEL_SIGNING_KEYS = dict(TEST_KEYS)
    settings.VERIFY_RATE_LIMIT = 1000
    settings.VERIFY_RATE_WINDOW_SECONDS = 60
    settings.TRUSTED_PROXY_COUNT = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = "https://gi.example.cn"
    return settings


def credit_code(n):
    body = f"93370406{n:09d}"
    return body + credit_code_check_character(body)


def png(name="photo.png", size=(32, 24)):
    out = io.BytesIO()
    Image.new("RGB", size, (150, 20, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def make_producer(town, *, name=None, **fields):
    n = next(_numbers)
    values = {
        "kind": ProducerKind.COOPERATIVE,
        "name": name or f"水泉镇樱桃合作社{n:03d}",
        "credit_code": credit_code(n),
        "town": town,
        "address": f"{town.name}{n}号",
        "public_contact": f"0632-55500{n:02d}",
        "legal_representative": LEGAL_REPRESENTATIVE,
        "private_phone": PRIVATE_PHONE,
        "notes": PRIVATE_NOTES,
    }
    if fields.get("kind") == ProducerKind.HOUSEHOLD:
        values["credit_code"] = ""
    values.update(fields)
    producer = Producer(**values)
    producer.full_clean()
    producer.save()
    return producer


def approve(producer, product, *, on=datetime.date(2024, 5, 10), valid_until=None, cap=None):
    authorisation = authorisation_apply(
        producer=producer, product=product, applied_on=on - datetime.timedelta(days=60)
    )
    return authorisation_approve(
        authorisation=authorisation,
        by=None,
        reason="符合使用条件",
        announcement_number="示例公告〔2024〕第3号",
        approved_on=on,
        valid_until=valid_until or on + datetime.timedelta(days=5 * 365),
        annual_quantity_cap=cap,
    )


def inspect(producer, product, indicator, value, *, publish=True, sampled=None):
    n = next(_numbers)
    inspection = Inspection.objects.create(
        producer=producer,
        product=product,
        sample_number=f"SP-{n:05d}",
        report_number=f"R-{n:05d}",
        sampled_on=sampled or datetime.date(2025, 5, 20),
        testing_body="枣庄市检验检测中心",
    )
    inspection_record_result(inspection=inspection, indicator=indicator, value=value)
    if publish:
        inspection_publish(inspection=inspection, on=datetime.date(2025, 6, 10))
    return inspection


def case(*, number, producer=None, subject_name="", product=None, publish=True, **fields):
    values = {
        "case_number": number,
        "producer": producer,
        "subject_name": subject_name,
        "product": product,
        "violation_type": ViolationType.UNAUTHORISED_USE,
        "status": CaseStatus.DECIDED,
        "opened_on": datetime.date(2025, 3, 1),
        "decided_on": datetime.date(2025, 4, 1),
        "decision_number": f"决定{number}",
        "penalty": "警告",
    }
    values.update(fields)
    item = EnforcementCase.objects.create(**values)
    if publish:
        enforcement_case_publish(case=item, on=datetime.date(2025, 4, 10))
    return item


@pytest.fixture
def register(db):
    """The whole small register, as a namespace of its objects."""
    shuiquan = Town.objects.create(code="370406107", name="水泉镇", name_en="Shuiquan Town")
    dianzi = Town.objects.create(code="370406101", name="店子镇", name_en="Dianzi Town")
    beizhuang = Town.objects.create(code="370406104", name="北庄镇", name_en="Beizhuang Town")
    cherry = Product.objects.create(
        name="山亭火樱桃",
        name_en="Shanting Fire Cherry",
        slug="shanting-fire-cherry",
        category="fruit",
        regime="gi_product",
        order=1,
        harvest_months=[4, 5, 6],
    )
    cherry.protection_area.set([shuiquan, beizhuang])
    jujube = Product.objects.create(
        name="店子长红枣",
        name_en="Dianzi Long Red Jujube",
        slug="dianzi-long-red-jujube",
        category="fruit",
        regime="gi_product",
        order=2,
    )
    jujube.protection_area.set([dianzi])
    solids = QualityIndicator.objects.create(
        product=cherry, name="可溶性固形物", unit="%", min_value=18, order=1
    )
    weight = QualityIndicator.objects.create(
        product=cherry, name="单果重", unit="g", min_value=8, max_value=15, order=2
    )
    sugar = QualityIndicator.objects.create(product=jujube, name="总糖", unit="%", min_value=25)

    coop = make_producer(shuiquan, name="水泉镇樱桃专业合作社")
    household = make_producer(
        beizhuang, name="北庄镇农户周某", kind=ProducerKind.HOUSEHOLD, private_phone=PRIVATE_PHONE
    )
    jujube_firm = make_producer(dianzi, name="店子红枣有限公司", kind=ProducerKind.ENTERPRISE)
    hidden = make_producer(shuiquan, name=HIDDEN_NAME, is_public=False)

    coop_cherry = approve(coop, cherry)
    household_cherry = approve(household, cherry)
    suspended = authorisation_suspend(
        authorisation=household_cherry,
        by=None,
        reason="抽检不合格，限期整改",
        on=datetime.date(2025, 6, 15),
    )
    firm_jujube = approve(jujube_firm, jujube)
    hidden_cherry = approve(hidden, cherry)

    passed = inspect(coop, cherry, solids, "19.5")
    failed = inspect(household, cherry, solids, "16.0")
    hidden_inspection = inspect(hidden, cherry, solids, "20.0")
    jujube_inspection = inspect(jujube_firm, jujube, sugar, "27", sampled=datetime.date(2024, 9, 1))
    unpublished = inspect(coop, cherry, weight, "10", publish=False)
    Inspection.objects.filter(pk=unpublished.pk).update(sample_number=UNPUBLISHED_SAMPLE)

    named_case = case(number="山市监罚〔2025〕1号", subject_name="某商户", product=cherry)
    producer_case = case(
        number="山市监罚〔2025〕2号",
        producer=household,
        product=cherry,
        violation_type=ViolationType.BEYOND_SCOPE,
        fine_yuan="500.00",
    )
    unpublished_case = case(number=UNPUBLISHED_CASE, subject_name="某人", publish=False)

    old_regulation = Document.objects.create(
        kind=DocumentKind.TECHNICAL_REGULATION,
        title="山亭火樱桃生产技术规程（旧）",
        number="DB3704/T 0001—2015",
        effective_on=datetime.date(2015, 1, 1),
        product=cherry,
    )
    new_regulation = Document.objects.create(
        kind=DocumentKind.TECHNICAL_REGULATION,
        title="山亭火樱桃生产技术规程",
        number="DB3704/T 0035—2023",
        effective_on=datetime.date(2023, 6, 1),
        product=cherry,
        supersedes=old_regulation,
    )
    law = Document.objects.create(
        kind=DocumentKind.LAW, title="地理标志产品保护办法", number="国家知识产权局令第80号"
    )
    jujube_standard = Document.objects.create(
        kind=DocumentKind.PRODUCT_STANDARD, title="店子长红枣", product=jujube
    )

    market = Outlet.objects.create(
        kind=OutletKind.MARKET, name="水泉镇樱桃市场", address="水泉镇1号", town=shuiquan
    )
    market.products.set([cherry])
    shop = Outlet.objects.create(
        kind=OutletKind.ONLINE_SHOP,
        name="店子红枣网店",
        url="https://shop.example.cn/",
        producer=jujube_firm,
    )
    shop.products.set([jujube])
    hidden_stall = Outlet.objects.create(
        kind=OutletKind.FARM_GATE, name="隐藏摊位", address="某地", producer=hidden
    )
    hidden_stall.products.set([cherry])
    hidden_outlet = Outlet.objects.create(
        kind=OutletKind.MARKET, name=HIDDEN_OUTLET, address="某地", is_public=False
    )
    hidden_outlet.products.set([cherry])

    statistics = [
        AnnualStatistic.objects.create(
            product=cherry, year=2024, output_tonnes=18000, users_output_tonnes=12600
        ),
        AnnualStatistic.objects.create(product=jujube, year=2024, output_tonnes=5000),
    ]

    class Register:
        pass

    r = Register()
    r.__dict__.update(
        {k: v for k, v in locals().items() if k not in {"r", "Register"}},
    )
    return r


@pytest.fixture(name="make_producer")
def make_producer_fixture():
    return make_producer


@pytest.fixture(name="approve")
def approve_fixture():
    return approve


@pytest.fixture(name="inspect")
def inspect_fixture():
    return inspect


@pytest.fixture(name="png")
def png_fixture():
    return png
