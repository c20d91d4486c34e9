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
