"""Small factory functions: sensible defaults, every field overridable by keyword.

Authorisations in a given status are made through the services, so that a factory-made
authorisation has the same history and dates as one the bureau made through the admin.
"""

import datetime
import itertools
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from inspections.models import CaseStatus, EnforcementCase, Inspection, ViolationType
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
    Document,
    DocumentKind,
    Product,
    ProductCategory,
    ProtectionRegime,
    QualityIndicator,
    Town,
)

_sequence = itertools.count(1)


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
    """A well-formed 统一社会信用代码 with a correct check character, unique per call."""
    n = _next() if n is None else n
    body = f"{prefix}{n:09d}"
    return body + credit_code_check_character(body)


def make_town(**overrides):
    n = _next()
    fields = {"code": f"370406{n % 1000:03d}", "name": f"测试镇{n}", "name_en": f"Town {n}"}
    fields.update(overrides)
    return Town.objects.create(**fields)


def make_product(**overrides):
    n = _next()
    fields = {
        "name": f"测试产品{n}",
        "slug": f"product-{n}",
        "category": ProductCategory.FRUIT,
        "regime": ProtectionRegime.GI_PRODUCT,
    }
    fields.update(overrides)
    return Product.objects.create(**fields)


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


def make_document(**overrides):
    n = _next()
    fields = {"kind": DocumentKind.PRODUCT_STANDARD, "title": f"文件{n}", "number": f"DB-{n}"}
    fields.update(overrides)
    return Document.objects.create(**fields)


def make_producer(**overrides):
    n = _next()
    fields = {
        "kind": ProducerKind.COOPERATIVE,
        "name": f"樱桃合作社{n}",
        "credit_code": credit_code(n),
    }
    fields.update(overrides)
    if "town" not in fields:
        fields["town"] = make_town()
    return Producer.objects.create(**fields)


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


def make_inspection(**overrides):
    n = _next()
    fields = {"sample_number": f"SP-{n:05d}", "sampled_on": datetime.date(2024, 5, 10)}
    fields.update(overrides)
    if "product" not in fields:
        fields["product"] = make_product()
    if "producer" not in fields:
        fields["producer"] = make_producer()
    return Inspection.objects.create(**fields)


def make_case(**overrides):
    n = _next()
    fields = {
        "case_number": f"枣山市监罚〔2024〕{n}号",
        "subject_name": f"某商户{n}",
        "violation_type": ViolationType.UNAUTHORISED_USE,
        "status": CaseStatus.OPEN,
        "opened_on": datetime.date(2024, 3, 1),
    }
    fields.update(overrides)
    return EnforcementCase.objects.create(**fields)


def make_outlet(*, products=(), **overrides):
    n = _next()
    fields = {"kind": OutletKind.MARKET, "name": f"销售点{n}", "address": f"山城街道{n}号"}
    fields.update(overrides)
    outlet = Outlet.objects.create(**fields)
    if products:
        outlet.products.set(products)
    return outlet


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


def make_label_batch(*, authorisation=None, quantity=100, season=None, by=None, **overrides):
    """A batch issued through the service to a live authorisation (made when not given)."""
    from producers.labels.services import label_batch_issue

    if authorisation is None:
        authorisation = make_authorisation(
            status=AuthorisationStatus.APPROVED, approved_on=datetime.date(2024, 1, 1)
        )
    season = season or max(datetime.date.today().year, authorisation.approved_on.year)
    return label_batch_issue(
        authorisation=authorisation, quantity=quantity, season=season, by=by, **overrides
    )


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
