"""A spot-check's record cannot be bent: drawn fields are fixed, a published result is
corrected only in the open, nothing drawn or published is deleted, and a failed sample
leads to an enforcement case linked both ways."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from inspections import services
from inspections.models import (
    CaseStatus,
    EnforcementCase,
    Inspection,
    InspectionCorrection,
    InspectionStatus,
)
from tests.factories import (
    admin_form_data,
    make_clerk,
    make_drawn_plan,
    make_indicator,
    make_inspection,
    make_producer,
    make_tested_inspection,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    """Messages are asserted as a clerk reads them, whatever an earlier test activated."""
    with translation.override("zh-hans"):
        yield


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def act_url(obj, name):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_act", args=[obj.pk, name])


@pytest.fixture
def clerk_client(client):
    clerk = make_clerk()
    client.force_login(clerk)
    client.clerk = clerk
    return client


@pytest.fixture
def weight():
    return make_indicator(name="单果重", unit="g", min_value=Decimal("8"))


def published_failure(weight, **fields):
    return make_tested_inspection(values={weight: "6.5"}, publish=True, **fields)


# --- once drawn: producer, product, plan and inspectors are fixed -------------------------


def test_a_drawn_inspections_producer_cannot_be_changed(clerk_client):
    plan = make_drawn_plan(producers=2)
    inspection = plan.inspections.order_by("sample_number").first()
    drawn_producer = inspection.producer
    outsider = make_producer(name="从未入池的合作社")

    inspection.producer = outsider
    with pytest.raises(ValidationError, match="不得更改"):
        services.inspection_save(inspection=inspection, by=clerk_client.clerk)

    page = clerk_client.get(change_url(inspection))
    assert 'name="producer"' not in page.content.decode()  # shown, not editable
    assert 'name="plan"' not in page.content.decode()
    assert 'name="inspectors"' not in page.content.decode()
    data = admin_form_data(page, producer=outsider.pk, sampling_place="水泉镇仓库")
    assert clerk_client.post(change_url(inspection), data).status_code == 302
    inspection.refresh_from_db()
    assert inspection.producer == drawn_producer  # the field was not even in the form
    assert inspection.sampling_place == "水泉镇仓库"

    plan.published = True
    plan.published_on = datetime.date(2026, 3, 1)
    plan.save()
    public = clerk_client.get(plan.get_absolute_url()).content.decode()
    assert "从未入池的合作社" not in public


def test_only_the_draw_puts_an_inspection_in_a_plan():
    plan = make_drawn_plan(producers=1)
    inspection = make_inspection(product=plan.product)
    inspection.plan = plan
    with pytest.raises(ValidationError, match="抽取"):
        services.inspection_save(inspection=inspection, by=None)
    new = Inspection(producer=inspection.producer, product=plan.product, plan=plan)
    new.sample_number = "SP-NEW-1"
    with pytest.raises(ValidationError, match="抽取"):
        services.inspection_save(inspection=new, by=None)


# --- once published: corrections only, recorded and public --------------------------------


def test_a_published_result_is_read_only_in_the_form(clerk_client, weight):
    inspection = published_failure(weight)
    page = clerk_client.get(change_url(inspection)).content.decode()
    for field in ("producer", "report_number", "sampled_on", "status"):
        assert f'name="{field}"' not in page
    assert act_url(inspection, "correct") in page
    inspection.report_number = "改过的报告号"
    with pytest.raises(ValidationError, match="已公布"):
        services.inspection_save(inspection=inspection, by=None)


def test_a_correction_is_recorded_and_shown_on_the_public_page(clerk_client, weight):
    inspection = published_failure(weight, report_number="检字〔2026〕第7号")
    url = act_url(inspection, "correct")
    form = clerk_client.get(url)
    assert form.status_code == 200
    assert form.context["form"]["report_number"].value() == "检字〔2026〕第7号"

    data = {
        "producer": inspection.producer_id,
        "report_number": "检字〔2026〕第8号",
        f"result_{weight.pk}": "9.1",
        "reason": "检测机构出具更正报告",
    }
    without_reason = clerk_client.post(url, {**data, "reason": ""})
    assert without_reason.status_code == 200
    assert not InspectionCorrection.objects.exists()

    response = clerk_client.post(url, data)
    assert response.status_code == 302
    correction = InspectionCorrection.objects.get()
    assert correction.made_by == clerk_client.clerk
    assert correction.reason == "检测机构出具更正报告"
    fields = {change["field"]: change for change in correction.changes}
    assert fields["report_number"]["before"] == "检字〔2026〕第7号"
    assert fields["report_number"]["after"] == "检字〔2026〕第8号"
    assert (fields["result"]["before"], fields["result"]["after"]) == ("6.5", "9.1")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PUBLISHED
    assert inspection.conclusion == "pass"  # re-judged against the limit

    public = clerk_client.get(inspection.get_absolute_url()).content.decode()
    assert "检测机构出具更正报告" in public
    assert "检字〔2026〕第7号 → 检字〔2026〕第8号" in public
    assert "单果重: 6.5 → 9.1" in public or "单果重：6.5 → 9.1" in public

    nothing = clerk_client.post(url, {**data, "reason": "再次提交"})
    assert nothing.status_code == 200  # nothing changed: refused, not recorded
    assert InspectionCorrection.objects.count() == 1


def test_a_drawn_published_inspection_cannot_be_corrected_to_another_producer(weight):
    plan = make_drawn_plan(product=weight.product, producers=1)
    inspection = make_tested_inspection(
        values={weight: "9"}, publish=True, inspection=plan.inspections.get()
    )
    with pytest.raises(ValidationError, match="不能更正"):
        services.inspection_correct(
            inspection=inspection, by=None, reason="录错", changes={"producer": make_producer()}
        )


def test_withdrawn_after_publication_every_change_is_a_correction(clerk_client, weight):
    inspection = published_failure(weight)
    services.inspection_unpublish(inspection=inspection, by=None, reason="报告待复核")
    inspection.refresh_from_db()
    page = clerk_client.get(change_url(inspection))
    data = admin_form_data(page, report_number="检字〔2026〕第99号", change_reason="")
    refused = clerk_client.post(change_url(inspection), data)
    assert refused.status_code == 200
    assert "请说明更正理由" in str(refused.context["errors"])
    data["change_reason"] = "报告号录入错误"
    assert clerk_client.post(change_url(inspection), data).status_code == 302
    correction = InspectionCorrection.objects.get()
    assert correction.changes[0]["after"] == "检字〔2026〕第99号"
    assert correction.reason == "报告号录入错误"


# --- never deleted -------------------------------------------------------------------------


def test_drawn_and_published_inspections_are_never_deleted(clerk_client, weight):
    drawn = make_drawn_plan(producers=1).inspections.get()
    published = published_failure(weight)
    mistaken = make_inspection()
    for inspection in (drawn, published):
        delete = reverse("admin:inspections_inspection_delete", args=[inspection.pk])
        assert clerk_client.post(delete, {"post": "yes"}).status_code == 403
        with pytest.raises(ValidationError):
            services.inspection_delete(inspection=inspection, by=None)
    changelist = clerk_client.get(reverse("admin:inspections_inspection_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    delete = reverse("admin:inspections_inspection_delete", args=[mistaken.pk])
    assert clerk_client.post(delete, {"post": "yes"}).status_code == 302
    assert set(Inspection.objects.all()) == {drawn, published}


# --- a failed sample leads to a case, linked both ways --------------------------------------


def test_open_a_case_from_a_failed_inspection(clerk_client, weight):
    inspection = published_failure(weight, sample_number="CJ-2026-1-01")
    page = clerk_client.get(change_url(inspection)).content.decode()
    url = act_url(inspection, "open-case")
    assert url in page
    form = clerk_client.get(url).context["form"]
    assert "CJ-2026-1-01" in form["summary"].value()
    assert "单果重" in form["summary"].value()

    response = clerk_client.post(
        url,
        {
            "case_number": "枣山市监罚〔2026〕12号",
            "violation_type": "substandard",
            "opened_on": "2026-06-01",
            "summary": form["summary"].value(),
        },
    )
    case = EnforcementCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(case)
    assert (case.inspection, case.producer, case.product) == (
        inspection,
        inspection.producer,
        inspection.product,
    )
    assert case.history.latest().history_user == clerk_client.clerk

    case.status = CaseStatus.DECIDED
    case.decision_number = "枣山市监罚决〔2026〕12号"
    case.decided_on = datetime.date(2026, 7, 1)
    services.enforcement_case_save(case=case, by=None)
    services.enforcement_case_publish(case=case, by=None)
    case_page = clerk_client.get(case.get_absolute_url()).content.decode()
    assert f'href="{inspection.get_absolute_url()}"' in case_page
    result_page = clerk_client.get(inspection.get_absolute_url()).content.decode()
    assert f'href="{case.get_absolute_url()}"' in result_page


def test_no_case_from_a_passed_inspection(clerk_client, weight):
    passed = make_tested_inspection(values={weight: "9"}, publish=True)
    assert act_url(passed, "open-case") not in clerk_client.get(change_url(passed)).content.decode()
    response = clerk_client.post(act_url(passed, "open-case"), {"case_number": "x"})
    assert response.status_code == 302
    assert not EnforcementCase.objects.exists()
    with pytest.raises(ValidationError):
        services.enforcement_case_open(by=None, inspection=passed, case_number="x")


def test_mistyped_object_action_urls_are_not_found(clerk_client, weight):
    inspection = published_failure(weight)
    assert clerk_client.get(act_url(inspection, "no-such-action")).status_code == 404
    missing = reverse("admin:inspections_inspection_act", args=[999999, "correct"])
    assert clerk_client.get(missing).status_code == 404
