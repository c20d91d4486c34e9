"""A small public register for the API and export tests, built with tests/factories.py.

Two products, three towns; public producers (one a household with a private phone), one
producer not shown publicly; authorisations in several states; published and unpublished
inspections and cases; a document superseded by a newer version; public and hidden
outlets; statistics. The private values are distinctive strings, so a test can look for
them in every response.
"""

import datetime

import pytest

from inspections.models import CaseStatus, ViolationType
from producers.register.models import OutletKind, ProducerKind
from products.models import DocumentKind
from tests import factories

TEST_KEYS = {1: b"api-test-label-key"}
# Private values: none of them may appear in any API response or export.
PRIVATE_PHONE = "13988887777"
PRIVATE_NOTES = "内部备注：不得公开"
LEGAL_REPRESENTATIVE = "法定代表人甲乙丙"
HIDDEN_NAME = "不公开的生产者某某"
UNPUBLISHED_SAMPLE = "UNPUBLISHED-SAMPLE-1"
UNPUBLISHED_CASE = "未公布案件〔2025〕1号"
HIDDEN_OUTLET = "不公开的销售点"


@pytest.fixture(autouse=True)
def api_settings(settings):
    settings.LABEL_SIGNING_KEYS = dict(TEST_KEYS)
    settings.VERIFY_RATE_LIMIT = 1000
    settings.VERIFY_RATE_WINDOW_SECONDS = 60
    settings.TRUSTED_PROXY_COUNT = 0
    settings.PUBLIC_BASE_URL = "https://gi.example.cn"
    return settings


def make_producer(town, name=None, **fields):
    """A producer carrying every private value, so that a leak shows in any response."""
    private = {
        "legal_representative": LEGAL_REPRESENTATIVE,
        "private_phone": PRIVATE_PHONE,
        "notes": PRIVATE_NOTES,
    }
    public = {"address": f"{town.name}东村", "public_contact": "0632-5550001"}
    return factories.make_producer(town, name, **{**public, **private, **fields})


def approve(producer, product, *, on=datetime.date(2024, 5, 10), valid_until=None, cap=None):
    """Approved on 10 May 2024 for five years unless told otherwise."""
    valid_until = valid_until or on + datetime.timedelta(days=5 * 365)
    return factories.approve(producer, product, on=on, valid_until=valid_until, cap=cap)


def inspect(producer, product, indicator, value, *, publish=True, sampled=None, **fields):
    """One result; sampled 20 May 2025 and published 10 June 2025 unless told otherwise."""
    return factories.inspect(
        producer=producer,
        product=product,
        results={indicator: value},
        sampled_on=sampled or datetime.date(2025, 5, 20),
        publish=publish and datetime.date(2025, 6, 10),
        **fields,
    )


def case(*, number, publish=True, **fields):
    """A decided case (opened 1 March, decided 1 April 2025), published 10 April 2025."""
    values = {
        "case_number": number,
        "subject_name": "",
        "status": CaseStatus.DECIDED,
        "opened_on": datetime.date(2025, 3, 1),
        "decided_on": datetime.date(2025, 4, 1),
        "decision_number": f"决定{number}",
        "penalty": "警告",
    }
    values.update(fields)
    return factories.make_case(publish=publish and datetime.date(2025, 4, 10), **values)


@pytest.fixture
def register(db):
    """The whole small register, as a namespace of its objects."""
    shuiquan = factories.town("水泉镇")
    dianzi = factories.town("店子镇")
    beizhuang = factories.town("北庄镇")
    cherry = factories.cherry(protection_area=[shuiquan, beizhuang], harvest_months=[4, 5, 6])
    jujube = factories.jujube(protection_area=[dianzi])
    solids = factories.make_indicator(
        product=cherry, name="可溶性固形物", unit="%", min_value=18, order=1
    )
    weight = factories.make_indicator(
        product=cherry, name="单果重", unit="g", min_value=8, max_value=15, order=2
    )
    sugar = factories.make_indicator(product=jujube, name="总糖", unit="%", min_value=25)

    coop = make_producer(shuiquan, "水泉镇樱桃专业合作社")
    household = make_producer(beizhuang, "北庄镇农户周某", kind=ProducerKind.HOUSEHOLD)
    jujube_firm = make_producer(dianzi, "店子红枣有限公司", kind=ProducerKind.ENTERPRISE)
    hidden = make_producer(shuiquan, HIDDEN_NAME, is_public=False)

    coop_cherry = approve(coop, cherry)
    household_cherry = approve(household, cherry)
    suspended = factories.suspend(household_cherry, on=datetime.date(2025, 6, 15))
    firm_jujube = approve(jujube_firm, jujube)
    hidden_cherry = approve(hidden, cherry)

    passed = inspect(coop, cherry, solids, "19.5")
    failed = inspect(household, cherry, solids, "16.0")
    hidden_inspection = inspect(hidden, cherry, solids, "20.0")
    jujube_inspection = inspect(jujube_firm, jujube, sugar, "27", sampled=datetime.date(2024, 9, 1))
    unpublished = inspect(
        coop, cherry, weight, "10", publish=False, sample_number=UNPUBLISHED_SAMPLE
    )

    named_case = case(number="山市监罚〔2025〕1号", subject_name="某商户", product=cherry)
    producer_case = case(
        number="山市监罚〔2025〕2号",
        producer=household,
        product=cherry,
        violation_type=ViolationType.BEYOND_SCOPE,
        fine_yuan="500.00",
    )
    unpublished_case = case(number=UNPUBLISHED_CASE, subject_name="某人", publish=False)

    old_regulation = factories.make_document(
        "山亭火樱桃生产技术规程（旧）",
        DocumentKind.TECHNICAL_REGULATION,
        number="DB3704/T 0001—2015",
        effective_on=datetime.date(2015, 1, 1),
        product=cherry,
    )
    new_regulation = factories.make_document(
        "山亭火樱桃生产技术规程",
        DocumentKind.TECHNICAL_REGULATION,
        number="DB3704/T 0035—2023",
        effective_on=datetime.date(2023, 6, 1),
        product=cherry,
        supersedes=old_regulation,
    )
    law = factories.make_document(
        "地理标志产品保护办法", DocumentKind.LAW, number="国家知识产权局令第80号"
    )
    jujube_standard = factories.make_document(
        "店子长红枣", DocumentKind.PRODUCT_STANDARD, product=jujube
    )

    market = factories.make_outlet("水泉镇樱桃市场", [cherry], address="水泉镇1号", town=shuiquan)
    shop = factories.make_outlet(
        "店子红枣网店",
        [jujube],
        kind=OutletKind.ONLINE_SHOP,
        url="https://shop.example.cn/",
        producer=jujube_firm,
    )
    hidden_stall = factories.make_outlet(
        "隐藏摊位", [cherry], kind=OutletKind.FARM_GATE, address="某地", producer=hidden
    )
    hidden_outlet = factories.make_outlet(HIDDEN_OUTLET, [cherry], address="某地", is_public=False)

    statistics = [
        factories.make_statistic(
            product=cherry, year=2024, output_tonnes=18000, users_output_tonnes=12600
        ),
        factories.make_statistic(product=jujube, year=2024, output_tonnes=5000),
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
