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
