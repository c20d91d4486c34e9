"""Recording and publishing inspection results; publishing enforcement cases."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from inspections.models import (
    CaseStatus,
    EnforcementCase,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from inspections.services import (
    enforcement_case_publish,
    enforcement_case_save,
    enforcement_case_unpublish,
    inspection_publish,
    inspection_record_result,
    inspection_record_results,
    inspection_unpublish,
)
from tests import factories
from tests.factories import (
    jujube,
    make_case,
    make_indicator,
    make_inspection,
    make_producer,
    make_product,
    make_user,
)

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = timezone.localdate()


@pytest.fixture
def officer():
    return make_user(groups=["市场监管局"], is_staff=True)


@pytest.fixture
def cherry():
    return factories.cherry()


@pytest.fixture
def diameter(cherry):
    """Both limits, so verdicts at, above and below each can be checked."""
    return make_indicator(product=cherry, name="果径", unit="mm", min_value="20", max_value="30")


@pytest.fixture
def solids(cherry):
    return make_indicator(product=cherry, name="可溶性固形物", unit="%", min_value="18")


@pytest.fixture
def planned(cherry):
    return make_inspection(product=cherry, report_number="R-2024-001")


def stored(inspection):
    return Inspection.objects.get(pk=inspection.pk)


# --- Recording one result ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "passed"),
    [
        ("19.999", False),  # below the minimum
        ("20", True),  # at the minimum
        ("20.001", True),  # just above the minimum
        ("25", True),
        ("29.999", True),  # just below the maximum
        ("30", True),  # at the maximum
        ("30.000", True),
        ("30.001", False),  # above the maximum
        (25, True),  # numbers as well as strings
        (D("31"), False),
    ],
)
def test_verdict_at_above_and_below_the_limits(value, passed, planned, diameter, officer):
    result = inspection_record_result(
        inspection=planned, indicator=diameter, value=value, by=officer
    )

    row = InspectionResult.objects.get(pk=result.pk)
    assert row.passed is passed
    assert row.measured_value == D(str(value))


def test_value_with_spaces_around_it_is_accepted(planned, solids):
    result = inspection_record_result(inspection=planned, indicator=solids, value=" 18.5 ")

    assert result.measured_value == D("18.5")
    assert result.passed is True


def test_limits_are_copied_onto_the_result_and_kept_after_a_correction(planned, diameter):
    result = inspection_record_result(inspection=planned, indicator=diameter, value="31")
    diameter.max_value = D("32")
    diameter.save()

    row = InspectionResult.objects.get(pk=result.pk)
    assert (row.limit_min, row.limit_max) == (D("20"), D("30"))
    assert row.passed is False  # re-judging is explicit, never silent


def test_indicator_without_limits_passes(planned, cherry):
    indicator = make_indicator(product=cherry, name="外观")

    result = inspection_record_result(inspection=planned, indicator=indicator, value="-1")

    assert result.passed is True
    assert (result.limit_min, result.limit_max) == (None, None)


def test_indicator_of_another_product_is_refused_and_nothing_is_written(planned):
    jujube_sugar = make_indicator(product=jujube(), min_value="60")
    history_before = stored(planned).history.count()

    with pytest.raises(ValidationError):
        inspection_record_result(inspection=planned, indicator=jujube_sugar, value="70")

    assert not InspectionResult.objects.exists()
    assert stored(planned).status == InspectionStatus.PLANNED
    assert stored(planned).history.count() == history_before


@pytest.mark.parametrize("value", ["abc", "", "   ", "12,5", "18%", None, "Infinity", "1e20"])
def test_non_numeric_value_is_refused(value, planned, solids):
    with pytest.raises(ValidationError):
        inspection_record_result(inspection=planned, indicator=solids, value=value)

    assert not InspectionResult.objects.exists()
    assert stored(planned).status == InspectionStatus.PLANNED


def test_nan_is_refused_as_not_a_number(planned, solids):
    with pytest.raises(ValidationError):
        inspection_record_result(inspection=planned, indicator=solids, value="NaN")

    assert not InspectionResult.objects.exists()


def test_result_of_a_published_inspection_cannot_be_changed(planned, solids):
    inspection_record_result(inspection=planned, indicator=solids, value="19")
    inspection_publish(inspection=planned)

    with pytest.raises(ValidationError):
        inspection_record_result(inspection=planned, indicator=solids, value="10")

    assert InspectionResult.objects.get().measured_value == D("19")


def test_recording_again_updates_the_same_result(planned, solids, officer):
    first = inspection_record_result(inspection=planned, indicator=solids, value="19")

    second = inspection_record_result(
        inspection=planned, indicator=solids, value="17.5", by=officer, reason="复检更正"
    )

    row = InspectionResult.objects.get()
    assert second.pk == first.pk == row.pk
    assert (row.measured_value, row.passed) == (D("17.5"), False)
    latest = row.history.first()
    assert latest.history_user == officer
    assert latest.history_change_reason == "复检更正"
    assert row.history.count() == 2


@pytest.mark.parametrize("status", [InspectionStatus.PLANNED, InspectionStatus.SAMPLED])
def test_recording_a_result_moves_the_inspection_to_tested(status, cherry, solids, officer):
    inspection = make_inspection(product=cherry, status=status)

    inspection_record_result(inspection=inspection, indicator=solids, value="19", by=officer)

    row = stored(inspection)
    assert row.status == InspectionStatus.TESTED
    assert row.tested_on == TODAY
    assert row.history.first().history_user == officer


def test_recording_keeps_an_earlier_test_date(cherry, solids):
    inspection = make_inspection(
        product=cherry, status=InspectionStatus.TESTED, tested_on=datetime.date(2024, 5, 20)
    )

    inspection_record_result(inspection=inspection, indicator=solids, value="19")

    row = stored(inspection)
    assert (row.status, row.tested_on) == (InspectionStatus.TESTED, datetime.date(2024, 5, 20))


# --- Recording several results --------------------------------------------------------------


def test_record_results_writes_every_value(planned, solids, diameter):
    results = inspection_record_results(inspection=planned, values={solids: "19", diameter: "35"})

    assert [r.passed for r in results] == [True, False]
    assert InspectionResult.objects.filter(inspection=planned).count() == 2


@pytest.mark.parametrize("bad_first", [True, False])
def test_record_results_is_all_or_nothing(bad_first, planned, solids, diameter):
    values = {solids: "abc", diameter: "25"} if bad_first else {diameter: "25", solids: "abc"}
    history_before = stored(planned).history.count()

    with pytest.raises(ValidationError):
        inspection_record_results(inspection=planned, values=values)

    assert not InspectionResult.objects.exists()
    assert not InspectionResult.history.exists()
    assert stored(planned).status == InspectionStatus.PLANNED
    assert stored(planned).history.count() == history_before


def test_record_results_with_another_products_indicator_writes_nothing(planned, solids):
    foreign = make_indicator(product=make_product(), min_value="1")

    with pytest.raises(ValidationError):
        inspection_record_results(inspection=planned, values={solids: "19", foreign: "2"})

    assert not InspectionResult.objects.exists()


# --- Publishing ------------------------------------------------------------------------


def test_publish_a_tested_inspection_with_results(planned, solids, officer):
    inspection_record_result(inspection=planned, indicator=solids, value="19")

    inspection_publish(inspection=planned, by=officer, on=datetime.date(2024, 6, 10))

    row = stored(planned)
    assert row.status == InspectionStatus.PUBLISHED
    assert row.published_on == datetime.date(2024, 6, 10)
    assert row.history.first().history_user == officer
    assert list(Inspection.objects.published()) == [row]


def test_publish_defaults_to_today(planned, solids):
    inspection_record_result(inspection=planned, indicator=solids, value="19")

    inspection_publish(inspection=planned)

    assert stored(planned).published_on == TODAY


def test_publish_needs_results(cherry):
    inspection = make_inspection(
        product=cherry, status=InspectionStatus.TESTED, report_number="R-1"
    )

    with pytest.raises(ValidationError):
        inspection_publish(inspection=inspection)

    assert stored(inspection).status == InspectionStatus.TESTED


@pytest.mark.parametrize("status", [InspectionStatus.PLANNED, InspectionStatus.SAMPLED])
def test_publish_needs_the_tested_status(status, cherry, solids):
    inspection = make_inspection(product=cherry, status=status, report_number="R-1")
    InspectionResult.objects.create(
        inspection=inspection,
        indicator=solids,
        measured_value=D("19"),
        limit_min=D("18"),
        passed=True,
    )

    with pytest.raises(ValidationError):
        inspection_publish(inspection=inspection)

    assert stored(inspection).status == status


def test_publish_needs_the_report_number(cherry, solids):
    inspection = make_inspection(product=cherry, report_number="")
    inspection_record_result(inspection=inspection, indicator=solids, value="19")

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        inspection_publish(inspection=inspection)

    assert "report number" in excinfo.value.messages[0]
    assert stored(inspection).status == InspectionStatus.TESTED


def test_publish_twice_is_refused(planned, solids):
    inspection_record_result(inspection=planned, indicator=solids, value="19")
    inspection_publish(inspection=planned, on=datetime.date(2024, 6, 10))

    with pytest.raises(ValidationError):
        inspection_publish(inspection=planned, on=datetime.date(2024, 7, 1))

    assert stored(planned).published_on == datetime.date(2024, 6, 10)


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_unpublish_needs_a_reason(reason, planned, solids, officer):
    inspection_record_result(inspection=planned, indicator=solids, value="19")
    inspection_publish(inspection=planned)

    with pytest.raises(ValidationError):
        inspection_unpublish(inspection=planned, by=officer, reason=reason)

    assert stored(planned).status == InspectionStatus.PUBLISHED


def test_unpublish_withdraws_with_who_and_why(planned, solids, officer):
    inspection_record_result(inspection=planned, indicator=solids, value="19")
    inspection_publish(inspection=planned)

    inspection_unpublish(inspection=planned, by=officer, reason="报告编号录入错误")

    row = stored(planned)
    assert (row.status, row.published_on) == (InspectionStatus.TESTED, None)
    latest = row.history.first()
    assert latest.history_user == officer
    assert latest.history_change_reason == "报告编号录入错误"


def test_unpublish_an_unpublished_inspection_is_refused(planned, officer):
    with pytest.raises(ValidationError):
        inspection_unpublish(inspection=planned, by=officer, reason="误操作")


# --- Enforcement cases -------------------------------------------------------------------


def decided_case(**fields):
    values = {
        "status": CaseStatus.DECIDED,
        "decided_on": datetime.date(2024, 4, 1),
        "decision_number": "枣山市监罚〔2024〕12号",
    }
    values.update(fields)
    return make_case(**values)


def test_publish_a_decided_case(officer):
    case = decided_case()

    enforcement_case_publish(case=case, by=officer, on=datetime.date(2024, 4, 20))

    row = EnforcementCase.objects.get(pk=case.pk)
    assert (row.published, row.published_on) == (True, datetime.date(2024, 4, 20))
    assert row.history.first().history_user == officer
    assert list(EnforcementCase.objects.published()) == [row]


def test_case_publish_needs_the_decision_number():
    case = decided_case(decision_number="")

    with pytest.raises(ValidationError):
        enforcement_case_publish(case=case)

    assert EnforcementCase.objects.get(pk=case.pk).published is False


def test_case_under_investigation_cannot_be_published():
    case = decided_case(status=CaseStatus.OPEN, decided_on=None)

    with pytest.raises(ValidationError):
        enforcement_case_publish(case=case)

    assert EnforcementCase.objects.get(pk=case.pk).published is False


def test_case_publish_twice_is_refused():
    case = decided_case()
    enforcement_case_publish(case=case, on=datetime.date(2024, 4, 20))

    with pytest.raises(ValidationError):
        enforcement_case_publish(case=case, on=datetime.date(2024, 5, 1))

    assert EnforcementCase.objects.get(pk=case.pk).published_on == datetime.date(2024, 4, 20)


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_case_unpublish_needs_a_reason(reason, officer):
    case = decided_case()
    enforcement_case_publish(case=case)

    with pytest.raises(ValidationError):
        enforcement_case_unpublish(case=case, by=officer, reason=reason)

    assert EnforcementCase.objects.get(pk=case.pk).published is True


def test_case_unpublish_records_who_and_why(officer):
    case = decided_case()
    enforcement_case_publish(case=case)

    enforcement_case_unpublish(case=case, by=officer, reason="行政复议撤销")

    row = EnforcementCase.objects.get(pk=case.pk)
    assert (row.published, row.published_on) == (False, None)
    assert row.history.first().history_user == officer
    assert row.history.first().history_change_reason == "行政复议撤销"


def test_case_unpublish_of_an_unpublished_case_is_refused(officer):
    with pytest.raises(ValidationError):
        enforcement_case_unpublish(case=decided_case(), by=officer, reason="误操作")


def test_case_save_validates_and_records_history(officer):
    case = EnforcementCase(
        case_number="枣山市监立〔2024〕3号",
        producer=make_producer(),
        violation_type="obsolete_mark",
        opened_on=datetime.date(2024, 3, 1),
    )

    enforcement_case_save(case=case, by=officer, reason="立案")

    latest = EnforcementCase.objects.get(pk=case.pk).history.first()
    assert (latest.history_user, latest.history_change_reason) == (officer, "立案")


def test_case_save_refuses_a_case_without_subject(officer):
    case = EnforcementCase(
        case_number="枣山市监立〔2024〕4号",
        violation_type="other",
        opened_on=datetime.date(2024, 3, 1),
    )

    with pytest.raises(ValidationError):
        enforcement_case_save(case=case, by=officer)

    assert not EnforcementCase.objects.exists()
