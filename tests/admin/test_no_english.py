"""No English on any page a clerk of the 市场监管局 sees in the back-office.

A clerk (staff, in the group, not a superuser) opens, in Chinese, every changelist, add,
change and history page of every model the group may view, the record buttons' pages, the
import and export pages, and the staff pages. The data made here is Chinese, and codes,
numbers and addresses are stripped (they carry digits or @): whatever Latin word is left
is a word of the interface that nobody translated. The JavaScript catalogue that the
inspector picker uses is checked the same way.
"""

import datetime
import html as html_module
import json
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from inspections import followups
from inspections import services as inspection_services
from inspections.models import Complaint, EnforcementCase
from producers.accounts import services as account_services
from producers.labels import codes
from producers.labels.models import LabelScan
from producers.register import services as register_services
from producers.register.models import AuthorisationStatus, Outlet, ProducerKind
from products.models import AnnualStatistic, Document, DocumentKind, Town
from shanting_gi.core.admin import HistoryAdmin, ObjectActionsMixin
from tests.factories import (
    cherry,
    make_authorisation,
    make_clerk,
    make_complaint,
    make_drawn_plan,
    make_indicator,
    make_label_batch,
    make_producer,
    make_tested_inspection,
    make_town,
    make_user,
)

pytestmark = pytest.mark.django_db

# Words that are not English to a Chinese reader: names of formats, standards and codes,
# the language switcher's "English", and the names printed on the keys of a keyboard
# (Django's "按住 Control 键，或者 Mac 上的 Command 键" for multiple choice).
ALLOWED = {
    *("PDF", "CSV", "ID", "URL", "API", "QR", "Excel", "GB", "xlsx", "csv", "English"),
    *("Control", "Command", "Mac"),
    # File formats named by their names: an article's text is Markdown; attachments may be
    # Word or OFD (the Chinese standard for official documents) files.
    *("Markdown", "Word", "OFD"),
    "hyt",  # pinyin initials of 火樱桃, the example in the site search box
}

HIDDEN = re.compile(r"<(script|style|template|noscript)\b.*?</\1>", re.S | re.I)
COMMENT = re.compile(r"<!--.*?-->", re.S)
TAG = re.compile(r"<[^>]+>")
VISIBLE_ATTRIBUTE = re.compile(r'\b(?:placeholder|title|alt|aria-label)="([^"]*)"', re.I)
BUTTON_VALUE = re.compile(r'<input\b[^>]*\btype="(?:submit|button|reset)"[^>]*>', re.I)
VALUE = re.compile(r'\bvalue="([^"]*)"', re.I)
# Data, not interface: anything with a digit (codes, dates, numbers), emails, addresses.
DATA = re.compile(r"\S*\d\S*|\S+@\S+|https?://\S+|/\S+")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")


def visible_text(html):
    html = COMMENT.sub(" ", HIDDEN.sub(" ", html))
    parts = VISIBLE_ATTRIBUTE.findall(html)
    for button in BUTTON_VALUE.findall(html):
        parts += VALUE.findall(button)
    parts.append(TAG.sub(" ", html))
    return DATA.sub(" ", html_module.unescape(" ".join(parts)))


def english_words(html):
    return sorted({w for w in WORD.findall(visible_text(html)) if w not in ALLOWED})


@pytest.fixture
def chinese_records(settings):
    """One record in each state a page shows, all in Chinese."""
    settings.LABEL_SIGNING_KEYS = {1: b"test-label-key-one"}
    town = make_town(name="水泉镇", name_en="")
    product = cherry(name_en="", protection_area=[town])
    weight = make_indicator(product=product, name="单果重", unit="克", min_value=Decimal("8"))
    producer = make_producer(
        name="水泉镇火樱桃专业合作社", town=town, address="水泉镇东村", user=make_user()
    )
    authorisation = make_authorisation(
        producer=producer,
        product=product,
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2025, 1, 1),
        annual_quantity_cap=1000,
    )
    register_services.authorisation_suspend(
        authorisation=authorisation, by=None, reason="抽检不合格"
    )
    register_services.authorisation_reinstate(
        authorisation=authorisation, by=None, reason="整改到位"
    )
    batch = make_label_batch(authorisation=authorisation, quantity=30)
    LabelScan.objects.create(
        batch=batch,
        serial=1,
        first_scanned_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
        last_scanned_at=datetime.datetime(2026, 5, 2, tzinfo=datetime.UTC),
        count=3,
    )
    household = make_producer(
        kind=ProducerKind.HOUSEHOLD, credit_code="", name="王大山", town=town, user=make_user()
    )
    account_services.application_submit(
        producer=household,
        product=product,
        by=household.user,
        planting_area_mu=Decimal("5"),
        address="水泉镇西村",
        expected_annual_output_t=Decimal("2"),
    )
    account_services.signup_submit(
        username="赵六家庭农场",
        password="a-long-test-password-1",
        kind=ProducerKind.HOUSEHOLD,
        name="赵六",
        credit_code="",
        legal_representative="赵六",
        town=town,
        address="水泉镇南村",
        contact_phone="13900000000",
    )
    account_services.annual_report_submit(
        producer=producer,
        product=product,
        year=2026,
        labels_used=20,
        quantity_sold_kg=Decimal("50"),
        by=None,
    )
    plan = make_drawn_plan(product=product, producers=1, title="火樱桃专项抽检")
    drawn = plan.inspections.get()
    failed = make_tested_inspection(values={weight: "6"}, inspection=drawn, publish=True)
    inspection_services.inspection_correct(
        inspection=failed, by=None, reason="报告号录入错误", changes={"report_number": "检字第八号"}
    )
    followups.inspection_open_follow_up(
        inspection=failed, deadline=datetime.date(2026, 1, 1), by=None, note="限期整改"
    )
    case = inspection_services.enforcement_case_open(
        by=None, inspection=failed, case_number="枣山市监罚第十二号", summary="单果重不合格"
    )
    complaint = make_complaint(
        product=product,
        description="标签可疑",
        seller="某摊贩",
        label_code=codes.group(codes.encode(1, batch.pk, 2)),
    )
    inspection_services.complaint_reply(complaint=complaint, body="已受理", by=None)
    Outlet.objects.create(kind="market", name="山亭农贸市场", address="山城街道", town=town)
    Document.objects.create(kind=DocumentKind.PRODUCT_STANDARD, title="地理标志产品 山亭火樱桃")
    AnnualStatistic.objects.create(product=product, year=2025, output_tonnes=Decimal("100"))
    Town.objects.update(name_en="")  # the factories' other towns had Latin names
    return {"case": case, "complaint": complaint, "inspection": failed}


def admin_pages(client):
    """Every page of the back-office the clerk may open, as (name, URL)."""
    request = client.get(reverse("admin:index")).wsgi_request
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        opts = model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        yield f"{name} changelist", reverse(f"admin:{name}_changelist")
        if model_admin.has_add_permission(request):
            yield f"{name} add", reverse(f"admin:{name}_add")
        obj = model_admin.get_queryset(request).order_by("pk").last()
        if obj is None:
            continue
        yield f"{name} change", reverse(f"admin:{name}_change", args=[obj.pk])
        if isinstance(model_admin, HistoryAdmin):
            yield f"{name} history", reverse(f"admin:{name}_history", args=[obj.pk])
            version = model.history.filter(**{opts.pk.attname: obj.pk}).first()
            if version is not None:
                yield (
                    f"{name} history version",
                    reverse(f"admin:{name}_simple_history", args=[obj.pk, version.pk]),
                )
        if isinstance(model_admin, ObjectActionsMixin):
            for action in model_admin.get_object_actions(request, obj):
                yield f"{name} {action.name}", model_admin.object_action_url(obj, action.name)
        if getattr(model_admin, "resource_classes", None):
            yield f"{name} import", reverse(f"admin:{name}_import")
            yield f"{name} export", reverse(f"admin:{name}_export")
    yield "index", reverse("admin:index")
    yield "work queue", reverse("staff_dashboard")
    yield "follow-ups", reverse("inspections_staff:follow_ups")


def test_no_english_word_on_any_page_a_clerk_sees(client, chinese_records):
    client.force_login(make_clerk())
    found = {}
    visited = 0
    for name, url in admin_pages(client):
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        visited += 1
        words = english_words(response.content.decode())
        if words:
            found[f"{name} {url}"] = words
    assert visited > 60
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_the_inspector_picker_speaks_chinese(client):
    """SelectFilter2.js (the inspector picker) takes its words from the JS catalogue."""
    client.force_login(make_clerk())
    catalogue = client.get(reverse("admin:jsi18n")).content.decode()
    for msgid in (
        "Choose all %s",
        "Remove all %s",
        "Choose selected %s",
        "Remove selected %s",
        "Available %s",
        "Chosen %s",
        'Choose %s by selecting them and then select the \\"Choose\\" arrow button.',
    ):
        assert f'"{msgid}": "' in catalogue, msgid


def test_the_scan_sees_an_english_word():
    """The scanner itself: interface words count, data and allowed names do not."""
    html = (
        '<p>选择 <a title="Select all">link</a> 93370406000000001W a@b.cn PDF</p>'
        '<input type="submit" value="Save"><input type="hidden" value="secret">'
        "<script>var english = 1;</script>"
    )
    assert english_words(html) == ["Save", "Select", "all", "link"]


def test_links_from_records_lead_to_chinese_pages_too(client, chinese_records):
    client.force_login(make_clerk())
    for obj in (chinese_records["case"], chinese_records["complaint"]):
        model = type(obj)
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        assert english_words(client.get(url).content.decode()) == []
    assert EnforcementCase.objects.count() == 1 and Complaint.objects.count() == 1


def test_history_reads_as_a_clerk_would(client):
    """The clerk's real name, choice labels and blanks instead of stored values and None,
    and a mistyped history address is a 404."""
    clerk = make_clerk()
    authorisation = make_authorisation(
        status=AuthorisationStatus.APPROVED, approved_on=datetime.date(2025, 1, 1)
    )
    register_services.authorisation_suspend(
        authorisation=authorisation, by=clerk, reason="抽检不合格"
    )
    client.force_login(clerk)
    url = reverse("admin:producers_authorisation_history", args=[authorisation.pk])
    page = client.get(url).content.decode()
    assert "李文书" in page
    assert "已核准&nbsp;&rarr;&nbsp;已暂停" in page
    assert "approved" not in page and "None" not in page
    assert "—&nbsp;&rarr;&nbsp;" in page  # approved_on was blank before the approval
    for bad in (
        "/admin/producers/authorisation/abc/history/",
        "/admin/producers/authorisation/999999/history/",
        f"/admin/producers/authorisation/{authorisation.pk}/history/abc/",
        f"/admin/producers/authorisation/{authorisation.pk}/history/999999/",
    ):
        assert client.get(bad).status_code == 404, bad


def test_a_duplicate_credit_code_says_so_in_chinese(client):
    existing = make_producer(name="甲合作社")
    client.force_login(make_clerk())
    response = client.post(
        reverse("admin:producers_producer_add"),
        {
            "kind": ProducerKind.COOPERATIVE,
            "name": "乙合作社",
            "credit_code": existing.credit_code,
            "town": existing.town_id,
            "is_public": "on",
            "authorisations-TOTAL_FORMS": "0",
            "authorisations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = str(response.context["errors"])
    assert "已有其他生产者使用该统一社会信用代码" in errors
    assert "producers_producer_credit_code_unique" not in response.content.decode()
