"""The product-page and document-library tests' cherry and jujube, with the facts, sources
and limits these tests read back from the pages; everything else comes from tests/factories.py.
"""

import datetime

import pytest
from django.utils import timezone

from tests import factories

TODAY = timezone.localdate()
LAST_YEAR = TODAY - datetime.timedelta(days=365)


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
    return factories.town("水泉镇")


@pytest.fixture
def beizhuang():
    return factories.town("北庄镇")


@pytest.fixture
def dianzi():
    return factories.town("店子镇")


@pytest.fixture
def cherry(shuiquan, beizhuang):
    """As in FACTS.md: approval date known from a secondary copy, number unknown."""
    product = factories.cherry(
        protection_area=[shuiquan, beizhuang],
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
    )
    factories.make_indicator(
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
    factories.make_indicator(
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
    return factories.jujube(
        protection_area=[dianzi],
        approving_authority="国家知识产权局",
        announcement_number="第123号",
        announcement_date=datetime.date(2020, 1, 1),
        approval_verified=True,
        approval_source="国家知识产权局公告",
        protection_area_verified=True,
        harvest_months=[9, 10],
        harvest_verified=True,
    )


def inspection(producer, product, *, value="19", publish=True):
    """A spot-check sampled a month ago, judged on the product's first indicator."""
    return factories.inspect(
        producer=producer,
        product=product,
        results={product.indicators.order_by("order").first(): value},
        publish=publish,
        sampled_on=TODAY - datetime.timedelta(days=30),
    )


# The builders as fixtures, so tests need not import anything.


@pytest.fixture
def make_producer():
    return factories.make_producer


@pytest.fixture
def approve():
    return factories.approve


@pytest.fixture(name="inspection")
def inspection_fixture():
    return inspection


@pytest.fixture
def make_outlet():
    return factories.make_outlet


@pytest.fixture
def make_document():
    return factories.make_document


@pytest.fixture
def make_image():
    return factories.make_image
