"""Inspections, results and enforcement cases: constraints, conclusions, querysets."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from inspections.models import (
    CaseStatus,
    Conclusion,
    EnforcementCase,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from inspections.services import inspection_record_result
from tests.factories import (
    make_case,
    make_indicator,
    make_inspection,
    make_producer,
    make_product,
    refused_by_database,
)

pytestmark = pytest.mark.django_db

D = Decimal


def raw_result(*, value, passed, limit_min=None, limit_max=None, **fields):
    """A result written straight to the database, verdict typed by hand."""
    if "inspection" not in fields:
        fields["inspection"] = make_inspection()
    if "indicator" not in fields:
        fields["indicator"] = make_indicator(product=fields["inspection"].product)
    return InspectionResult.objects.create(
        measured_value=D(value),
        limit_min=None if limit_min is None else D(limit_min),
        limit_max=None if limit_max is None else D(limit_max),
        passed=passed,
        **fields,
    )


# --- Inspection constraints --------------------------------------------------------------


def test_inspection_status_must_be_a_known_status():
    with refused_by_database():
        make_inspection(status="archived")


def test_published_inspection_needs_a_publication_date():
    with refused_by_database():
        make_inspection(status=InspectionStatus.PUBLISHED, published_on=None)


def test_published_inspection_with_a_date_is_accepted():
    inspection = make_inspection(
        status=InspectionStatus.PUBLISHED, published_on=datetime.date(2024, 6, 1)
    )

    assert Inspection.objects.published().get() == inspection


def test_sample_number_is_unique():
    make_inspection(sample_number="SP-1")

    with refused_by_database():
        make_inspection(sample_number="SP-1")


# --- The verdict can only be what the limits say -----------------------------------------


@pytest.mark.parametrize(
    ("value", "limit_min", "limit_max", "passed"),
    [
        ("17.9", "18", None, True),  # a pass typed below the minimum
        ("20.1", None, "20", True),  # a pass typed above the maximum
        ("18", "18", None, False),  # a fail typed at the minimum
        ("20", None, "20", False),  # a fail typed at the maximum
        ("15", "10", "20", False),  # a fail typed within both limits
        ("5", None, None, False),  # a fail without limits
    ],
)
def test_result_verdict_contradicting_the_limits_is_refused(value, limit_min, limit_max, passed):
    with refused_by_database():
        raw_result(value=value, limit_min=limit_min, limit_max=limit_max, passed=passed)


@pytest.mark.parametrize(
    ("value", "limit_min", "limit_max", "passed"),
    [
        ("18", "18", None, True),  # exactly at the minimum passes
        ("18.000", "18", None, True),
        ("20", None, "20", True),  # exactly at the maximum passes
        ("10", "10", "20", True),
        ("20", "10", "20", True),
        ("17.999", "18", None, False),
        ("20.001", None, "20", False),
        ("9", "10", "20", False),
        ("21", "10", "20", False),
        ("-3", None, None, True),  # no limits: nothing to fail
    ],
)
def test_result_verdict_agreeing_with_the_limits_is_accepted(value, limit_min, limit_max, passed):
    result = raw_result(value=value, limit_min=limit_min, limit_max=limit_max, passed=passed)

    assert InspectionResult.objects.get(pk=result.pk).passed is passed


def test_verdict_cannot_be_flipped_by_an_update():
    result = raw_result(value="17", limit_min="18", passed=False)

    with refused_by_database():
        InspectionResult.objects.filter(pk=result.pk).update(passed=True)

    assert InspectionResult.objects.get(pk=result.pk).passed is False


def test_limit_cannot_be_edited_under_a_recorded_verdict():
    result = raw_result(value="19", limit_min="18", passed=True)

    with refused_by_database():
        InspectionResult.objects.filter(pk=result.pk).update(limit_min=D("20"))


def test_one_result_per_indicator_and_inspection():
    result = raw_result(value="19", limit_min="18", passed=True)

    with refused_by_database():
        raw_result(
            inspection=result.inspection,
            indicator=result.indicator,
            value="19",
            limit_min="18",
            passed=True,
        )


def test_result_clean_refuses_an_indicator_of_another_product():
    inspection = make_inspection()
    other = make_indicator(min_value="1")
    result = InspectionResult(
        inspection=inspection,
        indicator=other,
        measured_value=D("2"),
        limit_min=D("1"),
        passed=True,
    )

    with pytest.raises(ValidationError) as excinfo:
        result.full_clean()

    assert "indicator" in excinfo.value.message_dict


# --- Enforcement case constraints ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"), [("violation_type", "littering"), ("status", "appealed")]
)
def test_case_choice_fields_refuse_unknown_values(field, value):
    with refused_by_database():
        make_case(**{field: value})


def test_case_needs_a_subject():
    with refused_by_database():
        make_case(producer=None, subject_name="")


@pytest.mark.parametrize("which", ["producer", "subject_name"])
def test_case_with_either_subject_is_accepted(which):
    fields = (
        {"producer": make_producer(name="水泉合作社"), "subject_name": ""}
        if which == "producer"
        else {"subject_name": "某水果店"}
    )

    case = make_case(**fields)

    assert case.subject == {"producer": "水泉合作社", "subject_name": "某水果店"}[which]


def test_published_case_needs_a_publication_date():
    with refused_by_database():
        make_case(published=True, published_on=None, decision_number="第1号")


def test_case_cannot_be_decided_before_it_was_opened():
    with refused_by_database():
        make_case(opened_on=datetime.date(2024, 3, 1), decided_on=datetime.date(2024, 2, 29))


def test_case_decided_the_day_it_was_opened_is_accepted():
    case = make_case(
        status=CaseStatus.DECIDED,
        opened_on=datetime.date(2024, 3, 1),
        decided_on=datetime.date(2024, 3, 1),
    )

    assert case.pk is not None


def test_case_clean_asks_for_a_subject():
    case = EnforcementCase(case_number="x", violation_type="other", opened_on=datetime.date.today())

    with pytest.raises(ValidationError) as excinfo:
        case.clean()

    assert "subject_name" in excinfo.value.message_dict


def test_published_cases_queryset():
    published = make_case(published=True, published_on=datetime.date(2024, 5, 1))
    make_case()

    assert list(EnforcementCase.objects.published()) == [published]


# --- Conclusion: derived from the results ---------------------------------------------------


@pytest.fixture
def graded():
    """Three inspections of one product: untested, passing, failing (through the service)."""
    product = make_product()
    solids = make_indicator(product=product, name="可溶性固形物", min_value="18")
    weight = make_indicator(product=product, name="单果重", min_value="8", max_value="14")
    untested = make_inspection(product=product)
    passing = make_inspection(product=product)
    failing = make_inspection(product=product)
    for inspection, values in ((passing, ("18", "14")), (failing, ("17.9", "14"))):
        for indicator, value in zip((solids, weight), values, strict=True):
            inspection_record_result(inspection=inspection, indicator=indicator, value=value)
    return untested, passing, failing


def test_conclusion_is_none_pass_or_fail(graded):
    untested, passing, failing = (Inspection.objects.get(pk=i.pk) for i in graded)

    assert untested.conclusion is None
    assert passing.conclusion == Conclusion.PASS
    assert failing.conclusion == Conclusion.FAIL
    with translation.override("en"):
        assert str(untested.get_conclusion_display()) == "not yet tested"
        assert str(passing.get_conclusion_display()) == "pass"
        assert str(failing.get_conclusion_display()) == "fail"


def test_one_failing_result_among_passes_fails_the_inspection(graded):
    _, passing, _ = graded
    third = make_indicator(product=passing.product, name="总酸", max_value="0.8")
    inspection_record_result(inspection=passing, indicator=third, value="0.81")

    assert Inspection.objects.get(pk=passing.pk).conclusion == Conclusion.FAIL


def test_conclusion_equals_the_with_conclusion_annotation(graded):
    annotated = {i.pk: i for i in Inspection.objects.with_conclusion()}

    for inspection in graded:
        plain = Inspection.objects.get(pk=inspection.pk)
        assert hasattr(annotated[inspection.pk], "has_failure")
        assert not hasattr(plain, "has_failure")
        assert annotated[inspection.pk].conclusion == plain.conclusion


def test_annotated_conclusions_cost_one_query(graded, django_assert_num_queries):
    # 1: the inspections with has_results and has_failure as EXISTS subqueries.
    with django_assert_num_queries(1):
        conclusions = sorted(
            (i.pk, i.conclusion) for i in Inspection.objects.with_conclusion().order_by("pk")
        )

    untested, passing, failing = graded
    assert conclusions == [
        (untested.pk, None),
        (passing.pk, Conclusion.PASS),
        (failing.pk, Conclusion.FAIL),
    ]


def test_passed_and_failed_querysets(graded):
    untested, passing, failing = graded

    assert list(Inspection.objects.passed()) == [passing]
    assert list(Inspection.objects.failed()) == [failing]
    assert untested not in Inspection.objects.passed()
    assert untested not in Inspection.objects.failed()


def test_public_producer_name_hides_unlisted_producers():
    listed = make_inspection(producer=make_producer(name="水泉合作社", name_en="Shuiquan Co-op"))
    unlisted = make_inspection(producer=make_producer(name="张家果园", is_public=False))

    with translation.override("en"):
        assert listed.public_producer_name == "Shuiquan Co-op"
        assert str(unlisted.public_producer_name) == "a producer not listed publicly"
    assert "张家果园" not in str(unlisted.public_producer_name)
