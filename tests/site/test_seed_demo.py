"""seed_demo loads the real facts with their certainty and marked examples, idempotently;
create_demo_admin makes a superuser with a fresh random password."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from inspections.models import EnforcementCase, Inspection, InspectionStatus, ViolationType
from producers.register.models import (
    Authorisation,
    AuthorisationStatus,
    Outlet,
    OutletKind,
    Producer,
)
from producers.register.validators import credit_code_problem
from products.models import AnnualStatistic, Document, Product, ProductImage, Town
from shanting_gi.core.search import build_search_text

pytestmark = pytest.mark.django_db

CHERRY, JUJUBE = "shanting-fire-cherry", "dianzi-long-red-jujube"


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def row_counts():
    """Rows of every model, history tables included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, media_root):
    """Seed once for the module; each test runs in a savepoint inside this transaction."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        yield run("seed_demo")
        transaction.set_rollback(True)


def test_second_run_changes_no_table(seeded, media_root):
    files = {path: path.stat().st_mtime_ns for path in media_root.rglob("*.jpg")}
    before = row_counts()

    output = run("seed_demo")

    assert row_counts() == before
    assert "Demo data: 0 rows created" in output
    assert {path: path.stat().st_mtime_ns for path in media_root.rglob("*.jpg")} == files
    assert before["products.Product"] == 2
    assert before["producers.HistoricalAuthorisation"] > before["producers.Authorisation"]


def test_towns_are_the_ten_with_their_codes(seeded):
    towns = dict(Town.objects.values_list("code", "name"))
    assert towns == {
        "370406001": "山城街道",
        "370406101": "店子镇",
        "370406102": "西集镇",
        "370406103": "桑村镇",
        "370406104": "北庄镇",
        "370406105": "城头镇",
        "370406106": "徐庄镇",
        "370406107": "水泉镇",
        "370406108": "冯卯镇",
        "370406109": "凫城镇",
    }
    assert Town.objects.get(code="370406001").name_en == "Shancheng Subdistrict"


def test_products_carry_facts_and_their_uncertainty(seeded):
    cherry = Product.objects.get(slug=CHERRY)
    assert (cherry.name, cherry.name_en) == ("山亭火樱桃", "Shanting Fire Cherry")
    assert cherry.announcement_date == datetime.date(2010, 12, 10)
    assert cherry.announcement_number == ""
    assert not cherry.approval_verified and cherry.announcement_to_be_verified
    assert cherry.standard_number == "DB3704/T 0035—2023"
    assert {t.name for t in cherry.protection_area.all()} == {"水泉镇", "北庄镇"}
    assert not cherry.protection_area_verified and "北庄镇" in cherry.protection_area_source
    assert not cherry.harvest_verified and cherry.harvest_source
    assert "统一社会信用代码" in cherry.identification_guide
    assert "credit code" in cherry.identification_guide_en

    jujube = Product.objects.get(slug=JUJUBE)
    assert jujube.announcement_number == "" and jujube.approving_authority == ""
    assert jujube.announcement_date is None and not jujube.approval_verified
    assert "to be verified" in jujube.approval_source
    assert jujube.harvest_months == [9, 10] and not jujube.harvest_verified
    assert [t.name for t in jujube.protection_area.all()] == ["店子镇"]


def test_indicators_are_flagged_and_jujube_ones_are_visibly_examples(seeded):
    cherry = Product.objects.get(slug=CHERRY)
    assert {(i.name, i.unit, i.min_value, i.max_value) for i in cherry.indicators.all()} == {
        ("单果重", "g", Decimal("10"), None),
        ("可食率", "%", Decimal("92"), None),
        ("可溶性固形物", "%", Decimal("18"), None),
        ("铁", "mg/100g", Decimal("12"), None),
    }
    assert all("to be verified" in i.source for i in cherry.indicators.all())
    jujube_indicators = Product.objects.get(slug=JUJUBE).indicators.all()
    assert jujube_indicators
    for indicator in jujube_indicators:
        assert indicator.name.endswith("（示例）") and indicator.source.startswith("示例")
    assert not Product.objects.filter(indicators__verified=True).exists()


def test_documents_show_the_version_chain(seeded):
    new = Document.objects.get(title="地理标志产品保护办法")
    old = Document.objects.get(number="国家质量监督检验检疫总局令第78号")
    assert new.supersedes == old and new.verified
    assert new.version_chain() == [old, new]
    in_force = set(Document.objects.in_force(on=datetime.date(2025, 1, 1)))
    assert new in in_force and old not in in_force
    numbers = set(Document.objects.values_list("number", flat=True))
    assert {"DB3704/T 0035—2023", "DB3704/T 005—2020", "DB3704/T 0033—2023"} <= numbers
    assert "国家知识产权局公告第354号" in numbers and "国知办发保字〔2021〕4号" in numbers
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert {"rights_protection", "identification", "brand_use", "law"} <= kinds
    standard = Document.objects.get(number="DB3704/T 0035—2023")
    assert standard.effective_on == datetime.date(2023, 10, 21) and not standard.verified


def test_producers_are_marked_examples_and_keep_phones_private(seeded):
    producers = list(Producer.objects.all())
    assert len(producers) == 40
    assert all(p.is_example and p.name.endswith("（示例）") for p in producers)
    assert {p.town.code for p in producers} == set(Town.objects.values_list("code", flat=True))
    households = [p for p in producers if p.kind == "household"]
    assert households and all(p.private_phone and not p.credit_code for p in households)
    others = [p for p in producers if p.kind != "household"]
    assert all(credit_code_problem(p.credit_code) is None for p in others)
    assert {"enterprise", "cooperative", "individual_business"} <= {p.kind for p in others}
    assert any(not p.is_public for p in producers)


def test_authorisations_in_every_status_through_the_services(seeded):
    statuses = list(Authorisation.objects.values_list("status", flat=True))
    assert set(statuses) == set(AuthorisationStatus.values)
    assert statuses.count(AuthorisationStatus.APPROVED) > len(statuses) / 2
    for authorisation in Authorisation.objects.filter(status=AuthorisationStatus.APPROVED):
        assert authorisation.announcement_number.startswith("示例公告")
        assert authorisation.valid_until > authorisation.approved_on
        assert authorisation.annual_quantity_cap
    # The services keep every step: the reinstated one went approved → suspended → approved.
    reinstated = Authorisation.objects.get(producer__name="水泉镇棚室樱桃种植专业合作社（示例）")
    steps = [h.status for h in reinstated.history.order_by("history_date", "history_id")]
    assert steps == ["applied", "approved", "suspended", "approved"]
    assert reinstated.status_changed_on == datetime.date(2025, 9, 1)


def test_inspections_pass_and_fail_by_their_indicators(seeded):
    published = Inspection.objects.published()
    assert published.passed().exists() and published.failed().exists()
    assert set(Inspection.objects.values_list("status", flat=True)) == set(InspectionStatus.values)
    for inspection in published.failed():
        assert inspection.follow_up and inspection.follow_up_deadline
        assert inspection.report_number
    failing = Inspection.objects.get(sample_number="SL-2025-0002")
    result = failing.results.get(indicator__name="可溶性固形物")
    assert (result.measured_value, result.limit_min, result.passed) == (
        Decimal("16.5"),
        Decimal("18"),
        False,
    )
    for inspection in Inspection.objects.prefetch_related("results__indicator"):
        assert inspection.is_example
        for r in inspection.results.all():
            assert r.passed == r.indicator.judge(r.measured_value)


def test_cases_outlets_and_statistics(seeded):
    cases = EnforcementCase.objects.all()
    assert set(cases.values_list("violation_type", flat=True)) == set(ViolationType.values)
    assert cases.filter(published=True).exists() and cases.filter(published=False).exists()
    assert all(c.decision_number for c in cases.filter(published=True))
    assert cases.filter(producer__isnull=True).exists()
    assert cases.filter(producer__isnull=False).exists()

    outlets = Outlet.objects.all()
    assert set(outlets.values_list("kind", flat=True)) == set(OutletKind.values)
    assert all(o.is_example and o.name.endswith("（示例）") for o in outlets)
    assert all(re.match(r"https://[\w.]*example\.(com|org)/", o.url) for o in outlets if o.url)

    for slug in (CHERRY, JUJUBE):
        years = set(
            AnnualStatistic.objects.filter(product__slug=slug).values_list("year", flat=True)
        )
        assert set(range(2019, 2026)) <= years
    first = AnnualStatistic.objects.get(product__slug=CHERRY, year=2019)
    assert (first.planting_area_mu, first.output_tonnes) == (Decimal(80000), Decimal(16000))
    assert first.output_value_wan_yuan == Decimal(46000) and not first.verified
    assert "200,000" in first.source
    assert all(
        s.source.startswith("示例")
        for s in AnnualStatistic.objects.exclude(product__slug=CHERRY, year=2019)
    )


def test_illustrations_are_small_and_say_what_they_are(seeded, media_root):
    images = list(ProductImage.objects.all())
    assert {(i.product.slug, i.kind) for i in images} == {
        (slug, kind)
        for slug in (CHERRY, JUJUBE)
        for kind in ("genuine_product", "genuine_packaging", "mark_sample", "known_fake")
    }
    for image in images:
        assert "示意图" in image.alt_text and "Illustration" in image.alt_text_en
        path = media_root / image.image.name
        assert 0 < path.stat().st_size <= 60 * 1024


def test_scale_adds_producers_once(seeded):
    before = row_counts()

    output = run("seed_demo", "--scale", "50")

    after = row_counts()
    assert "added 50 producers" in output
    for model in ("Producer", "Authorisation"):
        for label in (f"producers.{model}", f"producers.Historical{model}"):
            assert after[label] - before[label] == 50, label
    assert after["inspections.Inspection"] - before["inspections.Inspection"] == 50
    new_results = after["inspections.InspectionResult"] - before["inspections.InspectionResult"]
    assert new_results >= 150
    assert (
        after["inspections.HistoricalInspectionResult"]
        - before["inspections.HistoricalInspectionResult"]
        == new_results
    )

    producer = Producer.objects.get(name="规模测试生产者 00003（示例）")
    assert producer.is_example
    assert producer.search_text == build_search_text(
        producer.name, producer.name_en, producer.credit_code
    )
    assert producer.authorisations.get().is_live(on=datetime.date(2026, 12, 1))
    scale = Inspection.objects.filter(sample_number__startswith="SL-SCALE-")
    assert scale.published().failed().exists() and scale.published().passed().exists()
    for code in Producer.objects.filter(name__startswith="规模测试").exclude(credit_code=""):
        assert credit_code_problem(code.credit_code) is None

    again = run("seed_demo", "--scale", "50")

    assert row_counts() == after
    assert "added 0 producers" in again
    run("seed_demo", "--scale", "55")
    assert Producer.objects.filter(name__startswith="规模测试生产者 ").count() == 55


def test_verbosity_zero_is_quiet_with_scale_too(seeded):
    out = io.StringIO()

    call_command("seed_demo", "--scale", "2", verbosity=0, stdout=out, stderr=out)

    assert out.getvalue() == ""
    assert Producer.objects.filter(name__startswith="规模测试生产者 ").count() == 2


def test_create_demo_admin_prints_a_working_random_password(client, settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed
    Group.objects.get_or_create(name="市场监管局")  # a data migration may have made it

    first = run("create_demo_admin")
    second = run("create_demo_admin")

    passwords = [re.search(r"Password:\s+(\S+)", out).group(1) for out in (first, second)]
    assert passwords[0] != passwords[1] and len(passwords[1]) >= 20
    assert "http://127.0.0.1:8000/admin/" in first
    user = get_user_model().objects.get(username="bureau-admin")
    assert user.is_superuser and user.is_staff
    assert user.groups.filter(name="市场监管局").exists()
    assert not client.login(username="bureau-admin", password=passwords[0])
    assert client.login(username="bureau-admin", password=passwords[1])
