"""The bureau back-office: every admin renders and escapes, and every write goes through a service."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.models import Conclusion, EnforcementCase, Inspection, InspectionResult
from inspections.services import inspection_record_result
from producers.register.models import Authorisation, AuthorisationStatus, Outlet, Producer
from products.models import (
    AnnualStatistic,
    Document,
    Product,
    ProductImage,
    QualityIndicator,
    Town,
)
from tests.factories import (
    credit_code,
    make_authorisation,
    make_document,
    make_inspection,
    make_producer,
)

from .conftest import MODELS, PRODUCER_CODE, XSS, admin_url

pytestmark = pytest.mark.django_db

S = AuthorisationStatus
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"

# A search term for each model that finds the object of the `objects` fixture.
SEARCH_TERMS = {
    Town: "水泉",
    Product: "樱桃",
    ProductImage: "樱桃",
    QualityIndicator: "单果重",
    Document: "DB1",
    AnnualStatistic: "火樱桃",
    Producer: PRODUCER_CODE.lower(),
    Authorisation: PRODUCER_CODE.lower(),
    Outlet: "农贸",
    Inspection: "SC-2025",
    InspectionResult: "SC-2025",
    EnforcementCase: "2025",
}


def test_every_model_has_a_search_term():
    assert set(SEARCH_TERMS) == set(MODELS)


def flashed(response):
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


# --- every admin: changelist, search, add and change pages ---------------------------------


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_pages_render_for_bureau_staff(bureau_client, objects, model):
    obj = objects[model]
    change_url = admin_url(model, "change", obj.pk)

    changelist = bureau_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert change_url in changelist.content.decode()

    found = bureau_client.get(admin_url(model, "changelist"), {"q": SEARCH_TERMS[model]})
    assert found.status_code == 200
    assert change_url in found.content.decode()
    missed = bureau_client.get(admin_url(model, "changelist"), {"q": "zzz-nothing-matches"})
    assert change_url not in missed.content.decode()

    assert bureau_client.get(admin_url(model, "add")).status_code == 200
    change = bureau_client.get(change_url)
    assert change.status_code == 200
    assert "change_reason" in change.content.decode() or not hasattr(model, "history")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_pages_escape_html(bureau_client, objects, model):
    Town.objects.update(name=XSS)
    Product.objects.update(name=XSS)
    QualityIndicator.objects.update(name=XSS)
    ProductImage.objects.update(alt_text=XSS)
    Document.objects.update(title=XSS)
    Producer.objects.update(name=XSS)
    Outlet.objects.update(name=XSS)
    Inspection.objects.update(sample_number=XSS)
    EnforcementCase.objects.update(subject_name=XSS)

    changelist = bureau_client.get(admin_url(model, "changelist")).content.decode()
    assert XSS not in changelist
    assert ESCAPED_XSS in changelist
    change = bureau_client.get(admin_url(model, "change", objects[model].pk)).content.decode()
    assert XSS not in change


def test_history_pages_render(bureau_client, objects):
    for model in (Producer, Authorisation, Inspection, InspectionResult, EnforcementCase):
        response = bureau_client.get(admin_url(model, "history", objects[model].pk))
        assert response.status_code == 200, model


# --- changelists cost a constant number of queries -----------------------------------------


def count_changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(admin_url(model, "changelist")).status_code == 200
    return len(queries)


def test_inspection_changelist_queries_do_not_grow_with_rows(
    bureau_client, producer, cherry, weight
):
    def add_inspections(start, count):
        for n in range(start, start + count):
            inspection = make_inspection(
                producer=producer,
                product=cherry,
                sample_number=f"S-{n}",
                sampled_on=datetime.date(2024 + n % 2, 5, 1),
            )
            inspection_record_result(inspection=inspection, indicator=weight, value=n)

    add_inspections(0, 2)
    few = count_changelist_queries(bureau_client, Inspection)
    add_inspections(2, 6)
    # conclusion is annotated and producer/product joined: no query per row
    assert count_changelist_queries(bureau_client, Inspection) == few


def test_document_and_authorisation_changelists_do_not_grow_with_rows(bureau_client, town, cherry):
    def add_rows(start, count):
        for n in range(start, start + count):
            older = make_document(f"旧{n}")
            make_document(f"新{n}", supersedes=older)
            make_authorisation(producer=make_producer(town, f"合作社{n}"), product=cherry)

    add_rows(0, 1)
    few = {m: count_changelist_queries(bureau_client, m) for m in (Document, Authorisation)}
    add_rows(1, 5)
    # in_force reads superseded_by, joined by list_select_related; producer/product joined
    assert {m: count_changelist_queries(bureau_client, m) for m in few} == few


# --- products --------------------------------------------------------------------------------


def product_post_data(**overrides):
    data = {
        "name": "新产品",
        "name_en": "New product",
        "slug": "new-product",
        "category": "fruit",
        "regime": "gi_product",
        "status": "protected",
        "order": "0",
        "harvest_months": ["7", "5"],
    }
    for prefix in ("indicators", "images"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    data.update(overrides)
    return data


def test_harvest_months_are_ticked_and_stored_as_sorted_numbers(bureau_client, cherry):
    page = bureau_client.get(admin_url(Product, "change", cherry.pk)).content.decode()
    assert page.count('name="harvest_months"') == 12
    assert 'value="5" id="id_harvest_months_4" checked' in page

    response = bureau_client.post(admin_url(Product, "add"), product_post_data())
    assert response.status_code == 302
    assert Product.objects.get(slug="new-product").harvest_months == [5, 7]


def test_harvest_months_refuse_a_thirteenth_month(bureau_client):
    response = bureau_client.post(
        admin_url(Product, "add"), product_post_data(harvest_months=["13"])
    )
    assert response.status_code == 200
    assert "harvest_months" in response.context["adminform"].form.errors
    assert not Product.objects.filter(slug="new-product").exists()


def test_document_in_force_column(bureau_client):
    older = make_document("旧版", number="N1")
    make_document(
        "新版",
        number="N2",
        supersedes=older,
        effective_on=datetime.date(2020, 1, 1),
    )
    response = bureau_client.get(admin_url(Document, "changelist"))
    changelist = response.context["cl"]
    shown = {d.number: changelist.model_admin.in_force(d) for d in changelist.result_list}
    assert shown == {"N1": False, "N2": True}


# --- producers -------------------------------------------------------------------------------


def producer_post_data(town, **overrides):
    data = {
        "kind": "cooperative",
        "name": "店子镇红枣合作社",
        "credit_code": credit_code().lower(),
        "town": str(town.pk),
        "is_public": "on",
        "change_reason": "登记新生产者",
        "authorisations-TOTAL_FORMS": "0",
        "authorisations-INITIAL_FORMS": "0",
        "authorisations-MIN_NUM_FORMS": "0",
        "authorisations-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_producer_search_normalises_the_credit_code(bureau_client, producer):
    code = producer.credit_code
    spaced = f"{code[:6].lower()} {code[6:12].lower()}-{code[12:].lower()}"
    response = bureau_client.get(admin_url(Producer, "changelist"), {"q": spaced})
    assert list(response.context["cl"].result_list) == [producer]


def test_producer_saved_through_the_service_with_history(bureau_client, bureau_user, town):
    code = credit_code()
    response = bureau_client.post(
        admin_url(Producer, "add"), producer_post_data(town, credit_code=code.lower())
    )
    assert response.status_code == 302
    producer = Producer.objects.get(name="店子镇红枣合作社")
    assert producer.credit_code == code  # normalised by full_clean
    record = producer.history.latest()
    assert (record.history_user, record.history_change_reason) == (bureau_user, "登记新生产者")


def test_producer_credit_code_typed_with_spaces_and_dashes(bureau_client, town):
    code = credit_code()
    typed = f"{code[:6]} {code[6:12]}-{code[12:]}".lower()
    response = bureau_client.post(
        admin_url(Producer, "add"), producer_post_data(town, credit_code=typed)
    )
    assert response.status_code == 302
    assert Producer.objects.get(name="店子镇红枣合作社").credit_code == code


def test_producer_with_a_bad_credit_code_is_refused(bureau_client, town):
    response = bureau_client.post(
        admin_url(Producer, "add"), producer_post_data(town, credit_code="913704061234567890")
    )
    assert response.status_code == 200
    assert "credit_code" in response.context["adminform"].form.errors


def test_producer_authorisations_inline_is_read_only(bureau_client, producer, authorisation):
    page = bureau_client.get(admin_url(Producer, "change", producer.pk)).content.decode()
    assert admin_url(Authorisation, "change", authorisation.pk) in page
    assert 'name="authorisations-0-status"' not in page
    assert 'name="authorisations-0-DELETE"' not in page


# --- authorisations --------------------------------------------------------------------------


def test_authorisation_added_through_the_service(bureau_client, bureau_user, producer, cherry):
    response = bureau_client.post(
        admin_url(Authorisation, "add"),
        {
            "producer": str(producer.pk),
            "product": str(cherry.pk),
            "applied_on": "2025-03-01",
            "change_reason": "窗口受理",
            # lifecycle fields are not on the form: a typed status is ignored
            "status": "approved",
        },
    )
    assert response.status_code == 302
    authorisation = Authorisation.objects.get()
    assert authorisation.status == S.APPLIED
    assert authorisation.status_reason == "窗口受理"
    record = authorisation.history.latest()
    assert (record.history_user, record.history_change_reason) == (bureau_user, "窗口受理")


def test_second_open_authorisation_is_a_form_error(bureau_client, producer, cherry, authorisation):
    response = bureau_client.post(
        admin_url(Authorisation, "add"),
        {"producer": str(producer.pk), "product": str(cherry.pk), "applied_on": "2025-03-01"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert Authorisation.objects.count() == 1


def test_authorisation_status_is_read_only_in_the_change_form(bureau_client, authorisation):
    url = admin_url(Authorisation, "change", authorisation.pk)
    response = bureau_client.post(
        url,
        {
            "applied_on": "2025-01-02",
            "annual_quantity_cap": "5000",
            "status": "approved",
            "approved_on": "2025-01-03",
            "announcement_number": "X",
        },
    )
    assert response.status_code == 302
    authorisation.refresh_from_db()
    assert authorisation.annual_quantity_cap == 5000
    assert (authorisation.status, authorisation.approved_on) == (S.APPLIED, None)
    assert authorisation.announcement_number == ""


APPROVAL = {
    "announcement_number": "山市监公告〔2025〕3号",
    "approved_on": "2025-04-01",
    "valid_until": "2028-03-31",
    "annual_quantity_cap": "20000",
}


@pytest.mark.parametrize(
    ("action", "start", "end", "extra"),
    [
        ("review_selected", S.APPLIED, S.UNDER_REVIEW, {}),
        ("approve_selected", S.UNDER_REVIEW, S.APPROVED, APPROVAL),
        ("reject_selected", S.APPLIED, S.REJECTED, {}),
        ("suspend_selected", S.APPROVED, S.SUSPENDED, {}),
        ("reinstate_selected", S.SUSPENDED, S.APPROVED, {}),
        ("revoke_selected", S.SUSPENDED, S.REVOKED, {}),
        ("expire_selected", S.APPROVED, S.EXPIRED, {}),
    ],
)
def test_authorisation_action_goes_through_the_service(
    bureau_client, bureau_user, producer, cherry, action, start, end, extra
):
    authorisation = make_authorisation(producer=producer, product=cherry, status=start)
    url = admin_url(Authorisation, "changelist")
    selection = {"action": action, "_selected_action": [str(authorisation.pk)]}

    # First the intermediate page asking for the reason; nothing changes yet.
    page = bureau_client.post(url, selection)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/action_form.html"
    assert 'name="reason"' in page.content.decode()
    authorisation.refresh_from_db()
    assert authorisation.status == start

    reason = f"依据现场核查结果：{action}"
    response = bureau_client.post(url, {**selection, "apply": "1", "reason": reason, **extra})
    assert response.status_code == 302
    assert [level for level, _text in flashed(response)] == [messages.SUCCESS]
    authorisation.refresh_from_db()
    assert authorisation.status == end
    assert authorisation.status_reason == reason
    record = authorisation.history.latest()
    assert record.status == end
    assert (record.history_user, record.history_change_reason) == (bureau_user, reason)
    if action == "approve_selected":
        assert authorisation.announcement_number == APPROVAL["announcement_number"]
        assert authorisation.approved_on == datetime.date(2025, 4, 1)
        assert authorisation.valid_until == datetime.date(2028, 3, 31)
        assert authorisation.annual_quantity_cap == 20000

    history = bureau_client.get(admin_url(Authorisation, "history", authorisation.pk))
    assert reason in history.content.decode()
    assert bureau_user.username in history.content.decode()


def test_illegal_action_is_an_error_message_and_changes_nothing(
    bureau_client, producer, cherry, jujube
):
    approved = make_authorisation(producer=producer, product=cherry, status=S.APPROVED)
    suspended = make_authorisation(producer=producer, product=jujube, status=S.SUSPENDED)
    versions = approved.history.count()
    response = bureau_client.post(
        admin_url(Authorisation, "changelist"),
        {
            "action": "reinstate_selected",
            "_selected_action": [str(approved.pk), str(suspended.pk)],
            "apply": "1",
            "reason": "整改完成",
        },
    )
    assert response.status_code == 302
    shown = flashed(response)
    errors = [text for level, text in shown if level == messages.ERROR]
    assert len(errors) == 1 and str(approved) in errors[0]
    assert [level for level, _text in shown].count(messages.SUCCESS) == 1
    approved.refresh_from_db()
    suspended.refresh_from_db()
    assert approved.status == S.APPROVED
    assert approved.history.count() == versions
    assert suspended.status == S.APPROVED  # the other row still proceeded


def test_action_without_a_reason_shows_the_form_again(bureau_client, producer, cherry):
    authorisation = make_authorisation(producer=producer, product=cherry, status=S.APPLIED)
    response = bureau_client.post(
        admin_url(Authorisation, "changelist"),
        {
            "action": "reject_selected",
            "_selected_action": [str(authorisation.pk)],
            "apply": "1",
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    authorisation.refresh_from_db()
    assert authorisation.status == S.APPLIED


def test_approve_requires_the_announcement_number(bureau_client, producer, cherry):
    authorisation = make_authorisation(producer=producer, product=cherry, status=S.UNDER_REVIEW)
    response = bureau_client.post(
        admin_url(Authorisation, "changelist"),
        {
            "action": "approve_selected",
            "_selected_action": [str(authorisation.pk)],
            "apply": "1",
            "reason": "材料齐全",
            "approved_on": "2025-04-01",
        },
    )
    assert response.status_code == 200
    assert "announcement_number" in response.context["form"].errors
    authorisation.refresh_from_db()
    assert authorisation.status == S.UNDER_REVIEW


# --- inspections and their results ----------------------------------------------------------


def inspection_post_data(inspection, results=(), existing=()):
    """The change form of an inspection; results are (indicator, value) rows to add."""
    data = {
        "producer": str(inspection.producer_id),
        "product": str(inspection.product_id),
        "sample_number": inspection.sample_number,
        "status": inspection.status,
        "sampled_on": inspection.sampled_on.isoformat() if inspection.sampled_on else "",
        "report_number": inspection.report_number,
        "change_reason": "录入检测结果",
        "results-INITIAL_FORMS": str(len(existing)),
        "results-TOTAL_FORMS": str(len(existing) + len(results)),
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "1000",
    }
    rows = [(r.indicator, r.measured_value, r.pk) for r in existing]
    rows += [(indicator, value, None) for indicator, value in results]
    for i, (indicator, value, pk) in enumerate(rows):
        data[f"results-{i}-indicator"] = str(indicator.pk)
        data[f"results-{i}-measured_value"] = str(value)
        if pk:
            data[f"results-{i}-id"] = str(pk)
        data[f"results-{i}-inspection"] = str(inspection.pk) if inspection.pk else ""
    return data


def test_result_inline_derives_the_verdict(bureau_client, bureau_user, inspection, weight):
    url = admin_url(Inspection, "change", inspection.pk)
    response = bureau_client.post(url, inspection_post_data(inspection, [(weight, "4.2")]))
    assert response.status_code == 302
    result = InspectionResult.objects.get(inspection=inspection)
    assert result.passed is False  # 4.2 g is below the minimum of 5 g
    assert result.limit_min == Decimal("5")
    assert result.history.latest().history_user == bureau_user
    inspection.refresh_from_db()
    assert inspection.status == "tested"
    assert inspection.conclusion == Conclusion.FAIL

    # Correcting the value re-judges it, still through the service.
    data = inspection_post_data(inspection, existing=[result])
    data["results-0-measured_value"] = "5"
    response = bureau_client.post(url, data)
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.measured_value, result.passed) == (Decimal("5"), True)


def test_result_inline_offers_only_the_products_indicators(
    bureau_client, inspection, weight, sugar
):
    response = bureau_client.get(admin_url(Inspection, "change", inspection.pk))
    formset = response.context["inline_admin_formsets"][0].formset
    assert list(formset.empty_form.fields["indicator"].queryset) == [weight]


def test_indicator_of_another_product_is_refused(bureau_client, inspection, sugar):
    response = bureau_client.post(
        admin_url(Inspection, "change", inspection.pk),
        inspection_post_data(inspection, [(sugar, "30")]),
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[0]["indicator"]
    assert not InspectionResult.objects.exists()


def test_indicator_of_another_product_is_refused_on_the_add_page(
    bureau_client, producer, cherry, sugar
):
    unsaved = Inspection(
        producer=producer, product=cherry, sample_number="SC-NEW", status="sampled"
    )
    response = bureau_client.post(
        admin_url(Inspection, "add"), inspection_post_data(unsaved, [(sugar, "30")])
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[0]["indicator"]
    assert not Inspection.objects.filter(sample_number="SC-NEW").exists()


def test_status_cannot_be_typed_to_published(bureau_client, inspection):
    data = inspection_post_data(inspection)
    data["status"] = "published"
    response = bureau_client.post(admin_url(Inspection, "change", inspection.pk), data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    inspection.refresh_from_db()
    assert inspection.status == "sampled"


def test_conclusion_column_and_filter(bureau_client, producer, cherry, weight):
    def make(number, value=None):
        inspection = make_inspection(
            producer=producer,
            product=cherry,
            sample_number=number,
            sampled_on=datetime.date(2025, 5, 1),
        )
        if value is not None:
            inspection_record_result(inspection=inspection, indicator=weight, value=value)
        return inspection

    passed, failed, untested = make("P", "6"), make("F", "3"), make("U")
    url = admin_url(Inspection, "changelist")
    for value, expected in (("pass", passed), ("fail", failed), ("none", untested)):
        response = bureau_client.get(url, {"conclusion": value})
        assert list(response.context["cl"].result_list) == [expected], value

    response = bureau_client.get(url)
    admin_obj = response.context["cl"].model_admin
    shown = {
        i.sample_number: str(admin_obj.conclusion(i)) for i in response.context["cl"].result_list
    }
    assert shown == {
        "P": str(passed.get_conclusion_display()),
        "F": str(failed.get_conclusion_display()),
        "U": str(untested.get_conclusion_display()),
    }
    assert len(set(shown.values())) == 3

    assert list(bureau_client.get(url, {"sampled_on_year": "2025"}).context["cl"].result_list)
    assert not list(bureau_client.get(url, {"sampled_on_year": "2019"}).context["cl"].result_list)


def test_publish_and_unpublish_inspection(bureau_client, bureau_user, inspection, weight):
    url = admin_url(Inspection, "changelist")
    selection = {"_selected_action": [str(inspection.pk)]}

    # Without results the service refuses: an error message, not a 500.
    response = bureau_client.post(url, {**selection, "action": "publish_selected"})
    assert response.status_code == 302
    assert [level for level, _text in flashed(response)] == [messages.ERROR]
    inspection.refresh_from_db()
    assert inspection.status == "sampled"

    inspection_record_result(inspection=inspection, indicator=weight, value="6")
    response = bureau_client.post(url, {**selection, "action": "publish_selected"})
    inspection.refresh_from_db()
    assert inspection.status == "published" and inspection.published_on
    assert inspection.history.latest().history_user == bureau_user

    # A published inspection's results are read-only in the inline.
    page = bureau_client.get(admin_url(Inspection, "change", inspection.pk)).content.decode()
    assert 'name="results-0-measured_value"' not in page

    response = bureau_client.post(
        url, {**selection, "action": "unpublish_selected", "apply": "1", "reason": "报告编号有误"}
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.status, inspection.published_on) == ("tested", None)
    assert inspection.history.latest().history_change_reason == "报告编号有误"


def test_standalone_result_admin_derives_the_verdict(bureau_client, inspection, weight, sugar):
    url = admin_url(InspectionResult, "add")
    refused = bureau_client.post(
        url, {"inspection": str(inspection.pk), "indicator": str(sugar.pk), "measured_value": "1"}
    )
    assert refused.status_code == 200
    assert not InspectionResult.objects.exists()

    response = bureau_client.post(
        url,
        {
            "inspection": str(inspection.pk),
            "indicator": str(weight.pk),
            "measured_value": "9",
            "passed": "",  # not a form field: the verdict is derived
        },
    )
    assert response.status_code == 302
    result = InspectionResult.objects.get()
    assert (result.passed, result.limit_min) == (True, Decimal("5"))


# --- enforcement cases -----------------------------------------------------------------------


def test_publish_and_unpublish_enforcement_case(bureau_client, bureau_user, objects):
    case = objects[EnforcementCase]
    url = admin_url(EnforcementCase, "changelist")
    selection = {"_selected_action": [str(case.pk)]}

    response = bureau_client.post(url, {**selection, "action": "publish_selected"})
    assert [level for level, _text in flashed(response)] == [messages.ERROR]  # no decision yet
    case.refresh_from_db()
    assert not case.published

    EnforcementCase.objects.filter(pk=case.pk).update(
        decision_number="山市监罚决〔2025〕1号",
        decided_on=datetime.date(2025, 7, 1),
        status="decided",
    )
    bureau_client.post(url, {**selection, "action": "publish_selected"})
    case.refresh_from_db()
    assert case.published and case.published_on
    assert case.history.latest().history_user == bureau_user

    bureau_client.post(
        url, {**selection, "action": "unpublish_selected", "apply": "1", "reason": "当事人已履行"}
    )
    case.refresh_from_db()
    assert not case.published
    assert case.history.latest().history_change_reason == "当事人已履行"


def test_enforcement_case_published_flag_is_read_only(bureau_client, objects):
    case = objects[EnforcementCase]
    response = bureau_client.post(
        admin_url(EnforcementCase, "change", case.pk),
        {
            "case_number": case.case_number,
            "subject_name": case.subject_name,
            "violation_type": case.violation_type,
            "status": case.status,
            "opened_on": "2025-06-01",
            "published": "on",
            "published_on": "2025-06-02",
            "change_reason": "补充案情",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.published
    assert case.history.latest().history_change_reason == "补充案情"
