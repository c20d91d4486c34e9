"""Objects for the product-page and document-library tests.

Built here rather than in tests/factories.py so these tests depend on nothing but the models
and services they exercise.
"""

import datetime
import io
import itertools

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from inspections.models import Inspection
from inspections.services import inspection_publish, inspection_record_result
from producers.register.models import Outlet, OutletKind, Producer, ProducerKind
from producers.register.services import authorisation_apply, authorisation_approve
from producers.register.validators import credit_code_check_character
from products.models import (
    Document,
    DocumentKind,
    Product,
    ProductImage,
    QualityIndicator,
    Town,
)

_numbers = itertools.count(1)

TODAY = timezone.localdate()
LAST_YEAR = TODAY - datetime.timedelta(days=365)


def credit_code(n):
    body = f"93370406{n:09d}"
    return body + credit_code_check_character(body)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english(client):
    """The client with English chosen in the language switcher."""
    client.cookies["lang"] = "en"
    return client


@pytest.fixture
def shuiquan():
    return Town.objects.create(code="370406107", name="水泉镇", name_en="Shuiquan Town")


@pytest.fixture
def beizhuang():
    return Town.objects.create(code="370406104", name="北庄镇", name_en="Beizhuang Town")


@pytest.fixture
def dianzi():
    return Town.objects.create(code="370406101", name="店子镇", name_en="Dianzi Town")


@pytest.fixture
def cherry(shuiquan, beizhuang):
    """As in FACTS.md: approval date known from a secondary copy, number unknown."""
    product = Product.objects.create(
        name="山亭火樱桃",
        name_en="Shanting Fire Cherry",
        name_pinyin="Shāntíng Huǒyīngtáo",
        slug="shanting-fire-cherry",
        category="fruit",
        regime="gi_product",
        approving_authority="国家质量监督检验检疫总局",
        approving_authority_en="General Administration of Quality Supervision (AQSIQ)",
        announcement_date=datetime.date(2010, 12, 10),
        approval_verified=False,
        approval_source="百度百科转载的批准公告",
        standard_number="DB3704/T 0035—2023",
        protection_area_verified=False,
        protection_area_source="水泉镇人民政府网站",
        harvest_months=[5, 6],
        harvest_verified=True,
        harvest_source="DB3704/T 0035—2023",
        description="山亭火樱桃是山亭区的特产。",
        description_en="Shanting fire cherry is a speciality of Shanting District.",
        characteristics="果实肾形，紫红色，肉厚，甜中带酸。",
        characteristics_en="Kidney-shaped, purple-red, thick flesh, sweet with some acidity.",
        identification_guide="认准地理标志专用标志和生产者的统一社会信用代码。",
        identification_guide_en="Look for the special mark and the producer's credit code.",
        order=1,
    )
    product.protection_area.set([shuiquan, beizhuang])
    QualityIndicator.objects.create(
        product=product,
        name="可溶性固形物",
        name_en="Soluble solids",
        unit="%",
        min_value=18,
        test_method="NY/T 2637",
        source="DB3704/T 0035—2023 表1",
        verified=True,
        order=1,
    )
    QualityIndicator.objects.create(
        product=product,
        name="单果重",
        name_en="Single fruit weight",
        unit="g",
        min_value=10,
        max_value=14,
        test_method="称量",
        source="二手资料",
        verified=False,
        order=2,
    )
    return product


@pytest.fixture
def jujube(dianzi):
    product = Product.objects.create(
        name="店子长红枣",
        name_en="Dianzi Long Red Jujube",
        name_pinyin="Diànzi Chánghóngzǎo",
        slug="dianzi-long-red-jujube",
        category="fruit",
        regime="gi_product",
        approving_authority="国家知识产权局",
        announcement_number="第123号",
        announcement_date=datetime.date(2020, 1, 1),
        approval_verified=True,
        approval_source="国家知识产权局公告",
        protection_area_verified=True,
        harvest_months=[9, 10],
        harvest_verified=True,
        order=2,
    )
    product.protection_area.set([dianzi])
    return product


def make_producer(town, name=None, **fields):
    n = next(_numbers)
    values = {
        "kind": ProducerKind.COOPERATIVE,
        "name": name or f"樱桃合作社{n:03d}",
        "credit_code": credit_code(n),
        "town": town,
    }
    values.update(fields)
    producer = Producer(**values)
    producer.full_clean()
    producer.save()
    return producer


def approve(producer, product, *, on=None, valid_until=None, number=None):
    on = on or LAST_YEAR
    authorisation = authorisation_apply(
        producer=producer, product=product, applied_on=on - datetime.timedelta(days=60)
    )
    return authorisation_approve(
        authorisation=authorisation,
        by=None,
        reason="符合使用条件",
        announcement_number=number or f"示例公告第{producer.pk}号",
        approved_on=on,
        valid_until=valid_until,
    )


def inspection(producer, product, *, value="19", publish=True):
    n = next(_numbers)
    indicator = QualityIndicator.objects.filter(product=product).order_by("order").first()
    if indicator is None:
        indicator = QualityIndicator.objects.create(
            product=product, name="可溶性固形物", unit="%", min_value=18
        )
    record = Inspection.objects.create(
        producer=producer,
        product=product,
        sample_number=f"SL-{n:05d}",
        report_number=f"R-{n:05d}",
        sampled_on=TODAY - datetime.timedelta(days=30),
        testing_body="枣庄市检验检测中心",
    )
    inspection_record_result(inspection=record, indicator=indicator, value=value)
    if publish:
        inspection_publish(inspection=record)
    return record


def make_outlet(name, products, **fields):
    fields.setdefault("kind", OutletKind.MARKET)
    fields.setdefault("address", f"{name}地址")
    outlet = Outlet.objects.create(name=name, **fields)
    outlet.products.set(products)
    return outlet


def make_document(title, kind=DocumentKind.NOTICE, **fields):
    return Document.objects.create(title=title, kind=kind, **fields)


def png(width=40, height=30, colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="picture.png")


def make_image(product, kind, alt_text, **fields):
    image = ProductImage(product=product, kind=kind, alt_text=alt_text, **fields)
    image.image.save("picture.png", png(), save=False)
    image.save()
    return image


# The builders as fixtures, so tests need not import conftest.


@pytest.fixture(name="make_producer")
def make_producer_fixture():
    return make_producer


@pytest.fixture(name="approve")
def approve_fixture():
    return approve


@pytest.fixture(name="inspection")
def inspection_fixture():
    return inspection


@pytest.fixture(name="make_outlet")
def make_outlet_fixture():
    return make_outlet


@pytest.fixture(name="make_document")
def make_document_fixture():
    return make_document


@pytest.fixture(name="make_image")
def make_image_fixture():
    return make_image
