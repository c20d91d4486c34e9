"""Producers, authorisations and outlets: constraints and read-side querysets."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError
from django.utils import timezone, translation

from producers.register.models import (
    Authorisation,
    AuthorisationStatus,
    Outlet,
    OutletKind,
    Producer,
    ProducerKind,
)
from tests.factories import (
    credit_code,
    make_authorisation,
    make_outlet,
    make_producer,
    make_product,
    make_town,
    refused_by_database,
)

pytestmark = pytest.mark.django_db

S = AuthorisationStatus
OPEN = (S.APPLIED, S.UNDER_REVIEW, S.APPROVED, S.SUSPENDED)
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


# --- Producer constraints ----------------------------------------------------------------


def test_producer_kind_must_be_a_known_kind():
    with refused_by_database():
        make_producer(kind="state_farm")


def test_credit_code_is_unique_when_present():
    code = credit_code()
    make_producer(credit_code=code)

    with refused_by_database():
        make_producer(credit_code=code)


def test_two_households_without_a_credit_code_are_allowed():
    town = make_town()
    first = make_producer(kind=ProducerKind.HOUSEHOLD, credit_code="", town=town)
    second = make_producer(kind=ProducerKind.HOUSEHOLD, credit_code="", town=town)

    assert Producer.objects.filter(credit_code="", pk__in=[first.pk, second.pk]).count() == 2


@pytest.mark.parametrize(
    "code",
    [
        "91310110666007217t",  # lower case reaches the database only by bypassing clean()
        "9131011066600721OT",  # O is not in the alphabet
        "9131011066600721ST",
        "91310110666007217",  # 17 characters
        "9131011066600721 T",
    ],
)
def test_credit_code_format_is_enforced_by_the_database(code):
    with refused_by_database():
        make_producer(credit_code=code)


def test_credit_code_format_constraint_does_not_check_the_check_character():
    # Historical codes with a bad check character must stay importable (FACTS.md).
    producer = make_producer(credit_code="91350100M0001TGQXM")

    assert producer.pk is not None


def test_credit_code_with_a_trailing_newline_is_refused():
    # PostgreSQL refuses it as too long for varchar(18) (DataError) before the check runs.
    with refused_by_database(IntegrityError, DataError):
        make_producer(credit_code=credit_code() + "\n")


@pytest.mark.parametrize(
    "kind",
    [ProducerKind.ENTERPRISE, ProducerKind.COOPERATIVE, ProducerKind.INDIVIDUAL_BUSINESS],
)
def test_non_household_without_credit_code_is_refused(kind):
    with refused_by_database():
        make_producer(kind=kind, credit_code="")


def test_producer_cannot_be_updated_to_lose_its_credit_code():
    producer = make_producer(kind=ProducerKind.ENTERPRISE)

    with refused_by_database():
        Producer.objects.filter(pk=producer.pk).update(credit_code="")


def test_producer_clean_refuses_a_non_household_without_credit_code():
    producer = Producer(kind=ProducerKind.COOPERATIVE, name="合作社", town=make_town())

    with pytest.raises(ValidationError) as excinfo:
        producer.full_clean()

    assert list(excinfo.value.message_dict) == ["credit_code"]


def test_producer_clean_accepts_a_household_without_credit_code():
    Producer(kind=ProducerKind.HOUSEHOLD, name="张三", town=make_town()).full_clean()


def test_producer_full_clean_reports_a_duplicate_credit_code():
    existing = make_producer()
    duplicate = Producer(
        kind=ProducerKind.ENTERPRISE,
        name="另一家",
        credit_code=existing.credit_code.lower(),
        town=existing.town,
    )

    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_public_queryset_hides_unlisted_producers():
    listed = make_producer()
    make_producer(is_public=False)

    assert list(Producer.objects.public()) == [listed]


def test_producer_display_name_is_localized():
    producer = make_producer(name="水泉镇樱桃合作社", name_en="Shuiquan Cherry Cooperative")

    with translation.override("en"):
        assert producer.display_name == "Shuiquan Cherry Cooperative"
    with translation.override("zh-hans"):
        assert producer.display_name == "水泉镇樱桃合作社"


# --- Authorisation constraints -----------------------------------------------------------


def new_authorisation(*, producer=None, product=None, **fields):
    """Straight to the database, bypassing the services and full_clean()."""
    return Authorisation.objects.create(
        producer=producer or make_producer(), product=product or make_product(), **fields
    )


def test_authorisation_status_must_be_a_known_status():
    with refused_by_database():
        new_authorisation(status="pending")


def test_authorisation_status_cannot_be_updated_to_an_unknown_status():
    authorisation = new_authorisation()

    with refused_by_database():
        Authorisation.objects.filter(pk=authorisation.pk).update(status="granted")


@pytest.mark.parametrize("open_status", OPEN)
def test_second_open_authorisation_for_the_same_product_is_refused(open_status):
    first = new_authorisation(status=S.APPLIED)
    Authorisation.objects.filter(pk=first.pk).update(status=open_status, approved_on=TODAY)

    with refused_by_database():
        new_authorisation(producer=first.producer, product=first.product, status=S.APPLIED)


@pytest.mark.parametrize("closed_status", [S.REVOKED, S.REJECTED, S.EXPIRED])
def test_new_application_is_allowed_after_the_first_is_closed(closed_status):
    first = new_authorisation(status=closed_status)

    second = new_authorisation(producer=first.producer, product=first.product)
    third_product = new_authorisation(producer=first.producer)

    assert second.status == S.APPLIED
    assert third_product.status == S.APPLIED


def test_two_closed_authorisations_for_the_same_product_are_allowed():
    first = new_authorisation(status=S.REVOKED)
    new_authorisation(producer=first.producer, product=first.product, status=S.REJECTED)
    new_authorisation(producer=first.producer, product=first.product, status=S.REVOKED)

    assert first.producer.authorisations.count() == 3


def test_closed_authorisation_cannot_be_reopened_beside_an_open_one():
    first = new_authorisation(status=S.REVOKED)
    new_authorisation(producer=first.producer, product=first.product)

    with refused_by_database():
        Authorisation.objects.filter(pk=first.pk).update(status=S.APPLIED)


def test_other_producers_may_hold_the_same_product():
    first = new_authorisation()

    second = new_authorisation(product=first.product)

    assert second.pk != first.pk


def test_full_clean_reports_the_open_authorisation_in_plain_words():
    first = new_authorisation()
    second = Authorisation(producer=first.producer, product=first.product)

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        second.full_clean()

    assert (
        "This producer already has an open authorisation for this product."
        in excinfo.value.messages
    )


def test_approved_authorisation_needs_an_approval_date():
    with refused_by_database():
        new_authorisation(status=S.APPROVED, approved_on=None)


def test_approved_authorisation_cannot_lose_its_approval_date():
    authorisation = make_authorisation(status=S.APPROVED)

    with refused_by_database():
        Authorisation.objects.filter(pk=authorisation.pk).update(approved_on=None)


def test_validity_cannot_end_before_the_approval():
    with refused_by_database():
        new_authorisation(status=S.APPROVED, approved_on=TODAY, valid_until=TODAY - DAY)


def test_validity_may_end_on_the_approval_day():
    authorisation = new_authorisation(status=S.APPROVED, approved_on=TODAY, valid_until=TODAY)

    assert authorisation.is_live(TODAY)


# --- Live and open authorisations --------------------------------------------------------


def test_live_queryset_and_is_live_agree():
    expected_live = {
        make_authorisation(status=S.APPROVED, valid_until=None).pk,
        make_authorisation(status=S.APPROVED, valid_until=TODAY).pk,
        make_authorisation(status=S.APPROVED, valid_until=TODAY + DAY).pk,
    }
    not_live = [
        make_authorisation(
            status=S.APPROVED, approved_on=TODAY - 10 * DAY, valid_until=TODAY - DAY
        ),
        make_authorisation(status=S.SUSPENDED),
        make_authorisation(status=S.APPLIED),
        make_authorisation(status=S.UNDER_REVIEW),
        make_authorisation(status=S.REVOKED),
        make_authorisation(status=S.EXPIRED),
        make_authorisation(status=S.REJECTED),
    ]

    live = set(Authorisation.objects.live().values_list("pk", flat=True))

    assert live == expected_live
    for authorisation in Authorisation.objects.all():
        assert authorisation.is_live() is (authorisation.pk in expected_live)
    assert all(not a.is_live() for a in not_live)


def test_live_on_a_given_day():
    authorisation = make_authorisation(
        status=S.APPROVED,
        approved_on=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
    )

    assert list(Authorisation.objects.live(on=datetime.date(2024, 12, 31))) == [authorisation]
    assert list(Authorisation.objects.live(on=datetime.date(2025, 1, 1))) == []
    assert authorisation.is_live(datetime.date(2024, 12, 31))
    assert not authorisation.is_live(datetime.date(2025, 1, 1))


def test_open_queryset_holds_undecided_and_running_authorisations():
    open_ones = {make_authorisation(status=status).pk for status in OPEN}
    for status in (S.REVOKED, S.EXPIRED, S.REJECTED):
        make_authorisation(status=status)

    assert set(Authorisation.objects.open().values_list("pk", flat=True)) == open_ones


# --- Outlets -----------------------------------------------------------------------------


def test_outlet_kind_must_be_a_known_kind():
    with refused_by_database():
        make_outlet(kind="pop_up")


def test_outlet_needs_an_address_or_a_web_address():
    with refused_by_database():
        make_outlet(address="", url="")


@pytest.mark.parametrize(
    "fields",
    [
        {"address": "山城街道1号", "url": ""},
        {"address": "", "url": "https://shop.example.cn/"},
    ],
)
def test_outlet_with_either_address_is_accepted(fields):
    outlet = make_outlet(kind=OutletKind.ONLINE_SHOP, products=[make_product()], **fields)

    assert Outlet.objects.get(pk=outlet.pk).products.count() == 1


def test_outlet_clean_asks_for_an_address():
    with pytest.raises(ValidationError):
        Outlet(kind=OutletKind.MARKET, name="无地址").clean()
