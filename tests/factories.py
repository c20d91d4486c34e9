"""The test suite's one fixture library: small keyword factories with sensible defaults.

Every test and conftest builds its objects here; tests/test_fixture_library.py fails if a
test builds a product, town or producer by hand, or writes its own credit-code helper.

- Invented objects (make_town, make_product, make_producer …) take any model field as a
  keyword; numbers, names and credit codes come from one sequence, so they never collide.
- The district's real towns and its two real products (town, cherry, jujube) carry their
  real names, codes and slugs, read from the demo data (shanting_gi/demo/data/*.toml), which
  holds them once for the whole project. Only those identity facts are read: the texts,
  sources, harvest months, protection area and indicator limits there are "to be verified"
  and may change, so a test that asserts on one of them sets it itself.
- Writes that carry a rule go through the services, so a factory-made object has the
  history and dates a real one has: authorisations in a status (make_authorisation, approve,
  suspend), inspections with results (inspect), published cases (make_case(publish=…)),
  label batches (make_label_batch) and complaints (submit_complaint).
"""

import datetime
import io
import itertools
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from inspections import services as inspection_services
from inspections.models import CaseStatus, EnforcementCase, Inspection, ViolationType
from producers.labels.services import label_batch_issue
from producers.register import services as producer_services
from producers.register.models import (
    AuthorisationStatus,
    Outlet,
    OutletKind,
    Producer,
    ProducerKind,
)
from producers.register.validators import credit_code_check_character
from products.models import (
    AnnualStatistic,
    Document,
    DocumentKind,
    ImageKind,
    Product,
    ProductCategory,
    ProductImage,
    ProtectionRegime,
    QualityIndicator,
    Town,
)
from shanting_gi.demo.loader import load as load_demo_data

_sequence = itertools.count(1)

DAY = datetime.timedelta(days=1)


def _next():
    return next(_sequence)


def _decimal(value):
    return value if value is None or isinstance(value, Decimal) else Decimal(str(value))


@contextmanager
def refused_by_database(*errors):
    """The statement inside must be refused by the database itself (a constraint).

    The savepoint keeps the test's transaction usable afterwards on PostgreSQL.
    """
    with pytest.raises(errors or IntegrityError), transaction.atomic():
        yield


def credit_code(n=None, *, prefix="93370406"):
    """A well-formed 统一社会信用代码 with a correct check character, unique per call.

    Producers get theirs from the same sequence, so `credit_code()` is also a code that no
    producer in the test has.
    """
    n = _next() if n is None else n
    body = f"{prefix}{n:09d}"
    return body + credit_code_check_character(body)


def credit_code_with_wrong_check():
    """A fresh code whose check character does not match (a typo, or an early real code)."""
    code = credit_code()
    return code[:-1] + ("0" if code[-1] != "0" else "1")


# --- Places and products -------------------------------------------------------------------

# name -> (statistics code, English name), FACTS ✓ (national statistics division codes).
_DEMO = load_demo_data()
REAL_TOWNS = {t["name"]: (t["code"], t["name_en"]) for t in _DEMO.towns}
_REAL_TOWN_NUMBERS = {int(code[-3:]) for code, _name_en in REAL_TOWNS.values()} | {405}
# Codes an invented town may take: never a real town's, nor the economic development area's.
_INVENTED_TOWN_NUMBERS = [n for n in range(200, 1000) if n not in _REAL_TOWN_NUMBERS]


def town(name="水泉镇"):
    """The real town of that name, with its real code: created on first use in a test,
    the same row after."""
    code, name_en = REAL_TOWNS[name]
    return Town.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})[0]


def make_town(**overrides):
    """An invented town (code and name unlike any real one's)."""
    n = _next()
    code = _INVENTED_TOWN_NUMBERS[n % len(_INVENTED_TOWN_NUMBERS)]
    fields = {"code": f"370406{code:03d}", "name": f"测试镇{n}", "name_en": f"Town {n}"}
    fields.update(overrides)
    return Town.objects.create(**fields)


def _towns(area):
    return [place if isinstance(place, Town) else town(place) for place in area]


def make_product(*, protection_area=(), **overrides):
    """An invented product; protection_area takes towns or real town names."""
    n = _next()
    fields = {
        "name": f"测试产品{n}",
        "slug": f"product-{n}",
        "category": ProductCategory.FRUIT,
        "regime": ProtectionRegime.GI_PRODUCT,
    }
    fields.update(overrides)
    product = Product.objects.create(**fields)
    if protection_area:
        product.protection_area.set(_towns(protection_area))
    return product


# What names a real product, and nothing that is still to be verified.
_PRODUCT_IDENTITY = ("slug", "name", "name_en", "name_pinyin", "category", "regime", "order")
_REAL_PRODUCTS = {
    row["slug"]: {field: row[field] for field in _PRODUCT_IDENTITY} for row in _DEMO.products
}
CHERRY, JUJUBE = "shanting-fire-cherry", "dianzi-long-red-jujube"


def _real_product(slug, protection_area, overrides):
    return make_product(protection_area=protection_area, **{**_REAL_PRODUCTS[slug], **overrides})


def cherry(*, protection_area=("水泉镇",), **overrides):
    """山亭火樱桃 with its real name, slug and order, protected in 水泉镇 (the town every
    source names; pass protection_area to add 北庄镇 or none). No indicators: a test adds
    the limits it judges against."""
    return _real_product(CHERRY, protection_area, overrides)


def jujube(*, protection_area=("店子镇",), **overrides):
    """店子长红枣 with its real name, slug and order, protected in 店子镇."""
    return _real_product(JUJUBE, protection_area, overrides)


def make_indicator(**overrides):
    n = _next()
    fields = {"name": f"指标{n}", "unit": "g"}
    fields.update(overrides)
    if "product" not in fields:
        fields["product"] = make_product()
    for limit in ("min_value", "max_value"):
        if limit in fields:
            fields[limit] = _decimal(fields[limit])
    return QualityIndicator.objects.create(**fields)


def make_document(title=None, kind=DocumentKind.NOTICE, **overrides):
    """A document of the library: a notice without a number unless told otherwise."""
    return Document.objects.create(title=title or f"文件{_next()}", kind=kind, **overrides)


def make_image(product, kind=ImageKind.GENUINE_PRODUCT, alt_text=None, *, upload=None, **overrides):
    """A product picture saved through its image field: a 40×30 PNG unless given."""
    alt_text = alt_text or f"图片{_next()}"
    image = ProductImage(product=product, kind=kind, alt_text=alt_text, **overrides)
    upload = upload or image_upload("picture.png")
    image.image.save(upload.name, upload, save=False)
    image.save()
    return image


def make_statistic(*, product, **overrides):
    fields = {"year": 2024}
    fields.update(overrides)
    for amount in ("planting_area_mu", "output_tonnes", "users_output_tonnes"):
        if amount in fields:
            fields[amount] = _decimal(fields[amount])
    return AnnualStatistic.objects.create(product=product, **fields)


# --- Producers, authorisations, outlets ----------------------------------------------------


def make_producer(town=None, name=None, **overrides):
    """A producer in `town` (an invented town unless given). A household has no credit code
    unless one is given; anyone else gets a fresh valid one."""
    n = _next()
    fields = {
        "kind": ProducerKind.COOPERATIVE,
        "name": name or f"樱桃合作社{n}",
        "credit_code": credit_code(n),
        "town": town or make_town(),
    }
    if overrides.get("kind") == ProducerKind.HOUSEHOLD:
        fields["credit_code"] = ""
    fields.update(overrides)
    return Producer.objects.create(**fields)


ANNOUNCEMENT = "示例公告〔2024〕第3号"


def make_authorisation(*, status=AuthorisationStatus.APPLIED, by=None, **overrides):
    """An authorisation brought to `status` through the services, as staff would.

    approved_on, valid_until, announcement_number and annual_quantity_cap go to the
    approval; other keywords go to the application.
    """
    approval = {
        "announcement_number": overrides.pop("announcement_number", "国家知识产权局公告第1号"),
        "approved_on": overrides.pop("approved_on", None),
        "valid_until": overrides.pop("valid_until", None),
        "annual_quantity_cap": overrides.pop("annual_quantity_cap", None),
    }
    producer = overrides.pop("producer", None) or make_producer()
    product = overrides.pop("product", None) or make_product()
    authorisation = producer_services.authorisation_apply(
        producer=producer, product=product, by=by, **overrides
    )
    s = AuthorisationStatus
    kw = {"authorisation": authorisation, "by": by}
    if status == s.APPLIED:
        return authorisation
    if status == s.UNDER_REVIEW:
        return producer_services.authorisation_review(**kw, reason="受理审查")
    if status == s.REJECTED:
        return producer_services.authorisation_reject(**kw, reason="材料不全")
    producer_services.authorisation_approve(**kw, reason="核准使用", **approval)
    if status == s.APPROVED:
        return authorisation
    closing = {
        s.SUSPENDED: producer_services.authorisation_suspend,
        s.REVOKED: producer_services.authorisation_revoke,
        s.EXPIRED: producer_services.authorisation_expire,
    }
    if status not in closing:
        raise ValueError(f"unknown authorisation status {status!r}")
    return closing[status](**kw, reason="测试")


def approve(
    producer,
    product,
    *,
    on=None,
    applied_on=None,
    valid_until=None,
    cap=None,
    number=ANNOUNCEMENT,
    by=None,
):
    """make_authorisation(status=APPROVED) for this producer and product, with the dates
    spelled out: approved on `on` (30 days ago unless given), applied for 60 days before
    that, open-ended unless valid_until is given; cap is the annual label quantity."""
    on = on or timezone.localdate() - 30 * DAY
    return make_authorisation(
        producer=producer,
        product=product,
        status=AuthorisationStatus.APPROVED,
        by=by,
        applied_on=applied_on or on - 60 * DAY,
        approved_on=on,
        valid_until=valid_until,
        annual_quantity_cap=cap,
        announcement_number=number,
    )


def suspend(authorisation, *, reason="抽检不合格，限期整改", on=None, by=None):
    return producer_services.authorisation_suspend(
        authorisation=authorisation, by=by, reason=reason, on=on
    )


def make_outlet(name=None, products=(), **overrides):
    """A market stall unless told otherwise; it gets an address unless it has a web address
    (or the test gives address="" on purpose)."""
    n = _next()
    name = name or f"销售点{n}"
    fields = {"kind": OutletKind.MARKET, "name": name}
    if "address" not in overrides and not overrides.get("url"):
        fields["address"] = f"{name}地址"
    fields.update(overrides)
    outlet = Outlet.objects.create(**fields)
    if products:
        outlet.products.set(products)
    return outlet


# --- Label batches -------------------------------------------------------------------------


def make_label_batch(authorisation=None, *, quantity=500, season=None, by=None, **overrides):
    """A batch issued through the labels service (to a live authorisation of its own unless
    given), for this year's season unless told otherwise."""
    authorisation = authorisation or approve(make_producer(), make_product())
    return label_batch_issue(
        authorisation=authorisation,
        quantity=quantity,
        season=season or timezone.localdate().year,
        by=by,
        **overrides,
    )


# --- Inspections, cases, complaints --------------------------------------------------------


def make_inspection(**overrides):
    """A planned inspection row; see inspect() for one with results, judged and published."""
    n = _next()
    fields = {"sample_number": f"SP-{n:05d}", "sampled_on": datetime.date(2024, 5, 10)}
    fields.update(overrides)
    if "product" not in fields:
        fields["product"] = make_product()
    if "producer" not in fields:
        fields["producer"] = make_producer()
    return Inspection.objects.create(**fields)


def inspect(*, results, publish=True, by=None, **overrides):
    """An inspection with its results recorded (each judged by the service) and, unless
    publish is False, published — on the date `publish` gives, or today.

    results maps an indicator, or the name of one of the product's indicators, to the
    measured value. Other keywords are the inspection's fields.
    """
    n = _next()
    fields = {"report_number": f"R-{n:05d}", "testing_body": "枣庄市检验检测中心"}
    fields.update(overrides)
    inspection = make_inspection(**fields)
    for indicator, value in results.items():
        if isinstance(indicator, str):
            indicator = inspection.product.indicators.get(name=indicator)
        inspection_services.inspection_record_result(
            inspection=inspection, indicator=indicator, value=value, by=by
        )
    if publish:
        on = None if publish is True else publish
        inspection_services.inspection_publish(inspection=inspection, by=by, on=on)
    return inspection


def make_case(*, publish=False, by=None, **overrides):
    """An enforcement case (open unless told otherwise). A decided case gets a decision
    number and date; with publish (True for today, or a date) the case is decided and
    published through the service."""
    n = _next()
    fields = {
        "case_number": f"枣山市监罚〔2024〕{n}号",
        "subject_name": f"某商户{n}",
        "violation_type": ViolationType.UNAUTHORISED_USE,
        "status": CaseStatus.DECIDED if publish else CaseStatus.OPEN,
        "opened_on": datetime.date(2024, 3, 1),
    }
    fields.update(overrides)
    if fields["status"] in (CaseStatus.DECIDED, CaseStatus.CLOSED):
        fields.setdefault("decision_number", f"决定{n}")
        fields.setdefault("decided_on", fields["opened_on"] + 30 * DAY)
    case = EnforcementCase.objects.create(**fields)
    if publish:
        on = None if publish is True else publish
        inspection_services.enforcement_case_publish(case=case, by=by, on=on)
    return case


def submit_complaint(*, photos=(), **overrides):
    """A complaint as the public form files it, through the service (photos are uploads,
    e.g. image_upload()). Tests of tracking call complaint_submit for the secret."""
    fields = {"description": "标签码查不到，疑似假冒"}
    fields.update(overrides)
    complaint, _secret = inspection_services.complaint_submit(fields=fields, photos=photos)
    return complaint


# --- Images ------------------------------------------------------------------------------

_CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def image_bytes(fmt="PNG", *, size=(40, 30), colour=(150, 20, 30), mode="RGB", **save_options):
    """A real picture made by Pillow, e.g. image_bytes("JPEG", exif=…)."""
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, fmt, **save_options)
    return out.getvalue()


def image_upload(name="photo.png", fmt=None, **options):
    """The picture as an uploaded file; the format follows the name unless given."""
    fmt = fmt or ("JPEG" if name.lower().endswith((".jpg", ".jpeg")) else "PNG")
    return SimpleUploadedFile(name, image_bytes(fmt, **options), content_type=_CONTENT_TYPES[fmt])


# --- Users -------------------------------------------------------------------------------


def make_user(*, groups=(), password=None, **overrides):
    """A user in the named groups (created on demand). No password by default: hashing one
    costs a noticeable fraction of a second, and force_login needs none."""
    n = _next()
    fields = {"username": f"user{n}", "email": f"user{n}@example.com"}
    fields.update(overrides)
    user = get_user_model().objects.create_user(password=password, **fields)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


# --- Portal (shanting_gi/portal) ------------------------------------------------------------


def spam_guard_fields(*, seconds_ago=60):
    """The hidden fields a public form (complaint, question) carries when a person filled it
    in: an empty honeypot and a stamp signed `seconds_ago` seconds back."""
    import time
    from unittest import mock

    from shanting_gi.core import spam

    with mock.patch.object(spam.time, "time", return_value=time.time() - seconds_ago):
        stamp = spam._stamp()
    return {spam.HONEYPOT: "", "form_started": stamp}


def make_consultation(*, answer=None, publish=False, by=None, **overrides):
    """A question through consultation_submit; answered and published when asked to.
    Returns (consultation, secret)."""
    from shanting_gi.portal import services
    from shanting_gi.portal.models import ConsultationTopic

    n = _next()
    fields = {"topic": ConsultationTopic.BRAND_USE, "question": f"关于用标的问题{n}"}
    public_question = overrides.pop("public_question", f"公开的问题{n}")
    public_question_en = overrides.pop("public_question_en", f"Published question {n}")
    answer_en = overrides.pop("answer_en", "")
    fields.update(overrides)
    consultation, secret = services.consultation_submit(fields=fields)
    if answer is not None or publish:
        services.consultation_answer(
            consultation=consultation, answer=answer or f"答复{n}", answer_en=answer_en, by=by
        )
    if publish:
        services.consultation_publish(
            consultation=consultation,
            by=by,
            public_question=public_question,
            public_question_en=public_question_en,
        )
    return consultation, secret


def make_article(*, published=True, **overrides):
    from shanting_gi.portal.models import Article, ArticleKind, ArticleStatus

    n = _next()
    fields = {
        "kind": ArticleKind.NOTICE,
        "title": f"通知{n}",
        "body": f"正文{n}",
        "author_unit": "山亭区市场监督管理局",
        "published_on": datetime.date(2025, 5, 1),
        "status": ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT,
    }
    fields.update(overrides)
    return Article.objects.create(**fields)


def make_event(**overrides):
    from shanting_gi.portal.models import Event, EventKind

    n = _next()
    fields = {
        "kind": EventKind.PICKING_FESTIVAL,
        "title": f"采摘节{n}",
        "starts_on": datetime.date(2025, 5, 1),
        "ends_on": datetime.date(2025, 5, 20),
        "place": "水泉镇",
        "is_published": True,
    }
    fields.update(overrides)
    return Event.objects.create(**fields)


def make_park(**overrides):
    from shanting_gi.portal.models import DemonstrationPark

    n = _next()
    fields = {"name": f"示范园{n}"}
    fields.update(overrides)
    if "town" not in fields:
        fields["town"] = make_town()
    if "product" not in fields:
        fields["product"] = make_product()
    return DemonstrationPark.objects.create(**fields)


def make_association(*, products=(), members=(), **overrides):
    from shanting_gi.portal.models import Association

    n = _next()
    fields = {"name": f"协会{n}"}
    fields.update(overrides)
    association = Association.objects.create(**fields)
    association.products.set(products)
    association.members.set(members)
    return association


def make_inspector(**overrides):
    from inspections.models import Inspector

    n = _next()
    fields = {"name": f"检查员{n}", "organisation": "山亭区市场监督管理局"}
    fields.update(overrides)
    return Inspector.objects.create(**fields)


def make_drawn_plan(*, product=None, producers=2, inspectors=2, by=None, **overrides):
    """A 双随机 plan drawn through the service from `producers` live authorisations."""
    from inspections.draws import plan_draw
    from inspections.models import SpotCheckPlan

    product = product or make_product()
    for _i in range(producers):
        make_authorisation(
            product=product,
            status=AuthorisationStatus.APPROVED,
            approved_on=datetime.date(2024, 1, 1),
        )
    fields = {"product": product, "year": 2026, "producer_count": producers}
    fields.update(overrides)
    plan = SpotCheckPlan.objects.create(inspectors_per_inspection=1, **fields)
    plan.inspectors.set([make_inspector() for _i in range(inspectors)])
    return plan_draw(plan=plan, by=by, seed="5eed5eed5eed5eed")


def make_tested_inspection(
    *, values, report_number="检字〔2026〕第1号", publish=False, **overrides
):
    """An inspection with results recorded (and judged) by the service; values maps
    indicators to measured values. Published when asked."""
    from inspections import services as inspection_services

    product = next(iter(values)).product
    inspection = overrides.pop("inspection", None) or make_inspection(
        product=product, report_number=report_number, **overrides
    )
    if report_number and not inspection.report_number:
        inspection.report_number = report_number
        inspection.save()
    inspection_services.inspection_record_results(inspection=inspection, values=values)
    if publish:
        inspection_services.inspection_publish(inspection=inspection)
    inspection.refresh_from_db()
    return inspection


def make_complaint(**fields):
    """A complaint as the public form files it; returns the complaint."""
    from inspections.services import complaint_submit

    values = {"description": "樱桃标签可疑，怀疑假冒"}
    values.update(fields)
    complaint, _secret = complaint_submit(fields=values)
    return complaint


def admin_form_data(response, **changes):
    """The POST data of a rendered admin change form, as a clerk submits it without
    touching anything (inline formsets included), with `changes` applied."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)
    data.update(changes)
    return data


def make_clerk(**overrides):
    """A member of staff in the 市场监管局 group (not a superuser), as the bureau's clerks are."""
    from shanting_gi.staff_groups import MARKET_REGULATION

    overrides.setdefault("last_name", "李")  # family name
    overrides.setdefault("first_name", "文书")
    return make_user(groups=[MARKET_REGULATION], is_staff=True, **overrides)
