"""Products: database constraints, document versions, indicator limits, localisation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError
from django.utils import translation

from products.models import (
    AnnualStatistic,
    Document,
    ImageKind,
    Product,
    ProductImage,
    ProductStatus,
    QualityIndicator,
    Town,
    localized,
)
from tests.factories import (
    cherry,
    jujube,
    make_document,
    make_indicator,
    make_product,
    make_town,
    refused_by_database,
)

pytestmark = pytest.mark.django_db

D = Decimal


# --- Constraints: the database itself refuses bad rows (no full_clean involved) ---------


@pytest.mark.parametrize(
    ("field", "value"),
    [("category", "meat"), ("regime", "trademark"), ("status", "withdrawn"), ("status", "")],
)
def test_product_choice_fields_refuse_unknown_values(field, value):
    with refused_by_database():
        make_product(**{field: value})


def test_product_status_cannot_be_updated_to_an_unknown_value():
    product = make_product()

    with refused_by_database():
        Product.objects.filter(pk=product.pk).update(status="deleted")

    product.refresh_from_db()
    assert product.status == ProductStatus.PROTECTED


def test_product_image_kind_must_be_a_known_kind():
    product = make_product()
    ProductImage.objects.create(
        product=product, kind=ImageKind.KNOWN_FAKE, image="products/a.jpg", alt_text="假冒包装"
    )

    with refused_by_database():
        ProductImage.objects.create(
            product=product, kind="selfie", image="products/b.jpg", alt_text="x"
        )


def test_document_kind_must_be_a_known_kind():
    with refused_by_database():
        make_document(kind="rumour")


@pytest.mark.parametrize("code", ["370406107", "370406001", "370406405"])
def test_town_code_in_the_district_is_accepted(code):
    assert make_town(code=code).code == code


@pytest.mark.parametrize(
    "code",
    [
        "370405107",  # 薛城区, a neighbouring district
        "370406",  # the district itself, not a town
        "37040610",  # one digit short
        "37040610A",
        "",
    ],
)
def test_town_code_outside_the_district_is_refused(code):
    with refused_by_database():
        make_town(code=code)


def test_town_code_with_a_trailing_newline_is_refused():
    # PostgreSQL refuses it as too long for varchar(9) (DataError) before the check runs.
    with refused_by_database(IntegrityError, DataError):
        make_town(code="370406001\n")

    assert not Town.objects.filter(code__startswith="370406001").exists()


def test_indicator_minimum_above_maximum_is_refused():
    with refused_by_database():
        make_indicator(min_value=D("20"), max_value=D("10"))


def test_indicator_minimum_equal_to_maximum_is_accepted():
    indicator = make_indicator(min_value=D("10"), max_value=D("10"))

    assert indicator.judge(D("10")) is True


def test_indicator_minimum_cannot_be_updated_above_the_maximum():
    indicator = make_indicator(min_value=D("10"), max_value=D("20"))

    with refused_by_database():
        QualityIndicator.objects.filter(pk=indicator.pk).update(min_value=D("20.001"))


def test_indicator_name_is_unique_per_product_only():
    indicator = make_indicator(name="单果重")
    make_indicator(name="单果重")  # another product

    with refused_by_database():
        make_indicator(product=indicator.product, name="单果重")


def test_indicator_clean_refuses_minimum_above_maximum():
    indicator = QualityIndicator(
        product=make_product(), name="单果重", min_value=D("20"), max_value=D("10")
    )

    with pytest.raises(ValidationError) as excinfo:
        indicator.full_clean()

    assert "max_value" in excinfo.value.message_dict


def test_statistic_users_output_above_output_is_refused():
    product = make_product()

    with refused_by_database():
        AnnualStatistic.objects.create(
            product=product, year=2023, output_tonnes=D("100"), users_output_tonnes=D("100.1")
        )


def test_statistic_users_output_equal_to_output_is_accepted():
    statistic = AnnualStatistic.objects.create(
        product=make_product(), year=2023, output_tonnes=D("100"), users_output_tonnes=D("100")
    )

    assert statistic.users_output_share == 1


def test_statistic_is_one_per_product_and_year():
    product = make_product()
    AnnualStatistic.objects.create(product=product, year=2023, output_tonnes=D("100"))
    AnnualStatistic.objects.create(product=product, year=2024, output_tonnes=D("100"))
    AnnualStatistic.objects.create(product=make_product(), year=2023, output_tonnes=D("5"))

    with refused_by_database():
        AnnualStatistic.objects.create(product=product, year=2023, output_tonnes=D("90"))


def test_document_cannot_supersede_itself_in_the_database():
    document = make_document()

    with refused_by_database():
        Document.objects.filter(pk=document.pk).update(supersedes=document)

    document.refresh_from_db()
    assert document.supersedes_id is None


# --- Documents: which version is in force --------------------------------------------------

DAY = datetime.date(2024, 6, 1)
BEFORE = DAY - datetime.timedelta(days=1)
AFTER = DAY + datetime.timedelta(days=1)


def in_force_both_ways(document, on=DAY):
    """is_in_force() and DocumentQuerySet.in_force() on a fresh copy, which must agree."""
    fresh = Document.objects.get(pk=document.pk)
    by_method = fresh.is_in_force(on)
    by_query = Document.objects.in_force(on).filter(pk=document.pk).exists()
    assert by_method == by_query, "is_in_force() and in_force() disagree"
    return by_method


@pytest.mark.parametrize(
    ("effective_on", "repealed_on", "expected"),
    [
        (None, None, True),
        (DAY, None, True),  # in force from today
        (AFTER, None, False),  # not yet
        (BEFORE, DAY, False),  # repealed today
        (BEFORE, AFTER, True),  # repealed tomorrow
        (BEFORE, BEFORE, False),
    ],
)
def test_document_in_force_by_its_own_dates(effective_on, repealed_on, expected):
    document = make_document(effective_on=effective_on, repealed_on=repealed_on)

    assert in_force_both_ways(document) is expected


def test_old_version_stops_being_in_force_when_the_newer_one_takes_effect():
    old = make_document(effective_on=datetime.date(2020, 2, 28))
    new = make_document(effective_on=datetime.date(2023, 10, 21), supersedes=old)

    assert in_force_both_ways(old, on=datetime.date(2023, 10, 20)) is True
    assert in_force_both_ways(new, on=datetime.date(2023, 10, 20)) is False
    assert in_force_both_ways(old, on=datetime.date(2023, 10, 21)) is False
    assert in_force_both_ways(new, on=datetime.date(2023, 10, 21)) is True


def test_old_version_stays_in_force_while_the_newer_one_has_a_future_date():
    old = make_document(effective_on=BEFORE)
    new = make_document(effective_on=AFTER, supersedes=old)

    assert in_force_both_ways(old) is True
    assert in_force_both_ways(new) is False


def test_newer_version_without_a_date_replaces_the_old_one_at_once():
    old = make_document(effective_on=BEFORE)
    new = make_document(effective_on=None, supersedes=old)

    assert in_force_both_ways(old) is False
    assert in_force_both_ways(new) is True


def test_repealed_newest_version_is_not_in_force_and_does_not_revive_the_old_one():
    old = make_document(effective_on=datetime.date(2019, 1, 1))
    new = make_document(effective_on=datetime.date(2020, 1, 1), supersedes=old, repealed_on=DAY)

    assert in_force_both_ways(new) is False
    assert in_force_both_ways(old) is False


def test_in_force_defaults_to_today():
    current = make_document(effective_on=datetime.date(2020, 1, 1))
    future = make_document(effective_on=datetime.date(2999, 1, 1))

    assert list(Document.objects.in_force().filter(pk__in=[current.pk, future.pk])) == [current]
    assert current.is_in_force() is True
    assert future.is_in_force() is False


def test_version_chain_runs_from_oldest_to_newest_from_any_member():
    first = make_document(effective_on=datetime.date(2005, 7, 15))
    second = make_document(effective_on=datetime.date(2020, 2, 28), supersedes=first)
    third = make_document(effective_on=datetime.date(2023, 10, 21), supersedes=second)
    unrelated = make_document()

    for member in (first, second, third):
        fresh = Document.objects.get(pk=member.pk)
        assert fresh.version_chain() == [first, second, third]
    assert Document.objects.get(pk=unrelated.pk).version_chain() == [unrelated]


def test_clean_refuses_a_loop_in_the_version_chain():
    first = make_document()
    second = make_document(supersedes=first)
    third = make_document(supersedes=second)
    first = Document.objects.get(pk=first.pk)
    first.supersedes = third

    with pytest.raises(ValidationError) as excinfo:
        first.clean()

    assert "supersedes" in excinfo.value.message_dict


def test_clean_refuses_a_document_superseding_itself():
    document = make_document()
    document.supersedes = document

    with pytest.raises(ValidationError) as excinfo:
        document.clean()

    assert "supersedes" in excinfo.value.message_dict


def test_clean_accepts_a_straight_chain():
    first = make_document()
    second = make_document(supersedes=first)
    third = Document(kind=second.kind, title="第三版", supersedes=second)

    third.clean()  # does not raise


# --- Quality indicators: verdicts and limit text -----------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9.999", False),  # below the minimum
        ("10", True),  # at the minimum
        ("10.000", True),
        ("10.001", True),  # above the minimum
        ("14", True),
        ("19.999", True),  # below the maximum
        ("20", True),  # at the maximum
        ("20.001", False),  # above the maximum
    ],
)
def test_judge_with_both_limits(value, expected):
    indicator = make_indicator(min_value="10", max_value="20")
    indicator.refresh_from_db()

    assert indicator.judge(D(value)) is expected


@pytest.mark.parametrize(("value", "expected"), [("17.9", False), ("18", True), ("99", True)])
def test_judge_with_a_minimum_only(value, expected):
    assert make_indicator(min_value="18").judge(D(value)) is expected


@pytest.mark.parametrize(("value", "expected"), [("0", True), ("0.5", True), ("0.501", False)])
def test_judge_with_a_maximum_only(value, expected):
    assert make_indicator(max_value="0.5").judge(D(value)) is expected


@pytest.mark.parametrize("value", ["-1000", "0", "1000000"])
def test_judge_without_limits_passes_everything(value):
    assert make_indicator().judge(D(value)) is True


@pytest.mark.parametrize(
    ("limits", "unit", "text"),
    [
        ({"min_value": "10", "max_value": "14"}, "g", "10–14 g"),
        ({"min_value": "18"}, "%", "≥ 18 %"),
        ({"max_value": "0.5"}, "mg/kg", "≤ 0.5 mg/kg"),
        ({"min_value": "92.5"}, "", "≥ 92.5"),
        ({"min_value": "100"}, "g", "≥ 100 g"),  # normalize() must not print 1E+2
        ({}, "g", "no limit"),
    ],
)
def test_limit_text(limits, unit, text, settings):
    settings.LANGUAGE_CODE = "en"
    indicator = make_indicator(unit=unit, **limits)
    indicator.refresh_from_db()  # as stored: three decimal places

    assert indicator.limit_text().replace("\xa0", " ") == text


# --- Localisation --------------------------------------------------------------------------


def test_localized_returns_english_when_english_is_active_and_filled():
    product = cherry()

    with translation.override("en"):
        assert product.display_name == "Shanting Fire Cherry"
        assert localized(product, "name") == "Shanting Fire Cherry"
    with translation.override("zh-hans"):
        assert product.display_name == "山亭火樱桃"


def test_localized_falls_back_to_chinese_when_english_is_empty():
    product = jujube(name_en="")
    town = make_town(name="水泉镇", name_en="")  # not town(): its English name is empty here

    with translation.override("en"):
        assert product.display_name == "店子长红枣"
        assert town.display_name == "水泉镇"


def test_document_title_is_localized():
    document = make_document(title="地理标志产品 山亭火樱桃", title_en="GI product: Fire cherry")

    with translation.override("en"):
        assert document.display_title == "GI product: Fire cherry"
    with translation.override("zh-hans"):
        assert document.display_title == "地理标志产品 山亭火樱桃"


def test_protected_queryset_excludes_suspended_and_revoked_products():
    protected = make_product()
    make_product(status=ProductStatus.SUSPENDED)
    make_product(status=ProductStatus.REVOKED)

    assert list(Product.objects.protected()) == [protected]


def test_announcement_is_to_be_verified_until_verified_and_numbered():
    assert make_product(approval_verified=True, announcement_number="").announcement_to_be_verified
    assert make_product(
        approval_verified=False, announcement_number="第1号"
    ).announcement_to_be_verified
    assert not make_product(
        approval_verified=True, announcement_number="第1号"
    ).announcement_to_be_verified
