"""Demo records that show every journey of the back-office and of self-service: a demo
producer account, inspectors for the 双随机 draw, and a record in each state of each
workflow — applications (submitted, more information asked, approved, rejected),
self-registrations (waiting, confirmed, refused), spot-check plans (not drawn, drawn,
published) with a corrected result and a case opened from a failed sample, a complaint in
each state, annual reports (filed, accepted) and label batches.

Everything goes through the services, on the example producers seed_demo made, and is
marked 示例 (is_example where the model has it, the text where it has not). Idempotent:
when the demo producer account exists, the whole set is there (it is made in one
transaction) and nothing is touched again, so corrections made in the back-office stay.
The account's password is set and printed by `manage.py create_demo_producer`.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from inspections import draws, followups
from inspections import services as inspection_services
from inspections.models import ComplaintStatus, Conclusion, Inspector, SpotCheckPlan
from producers.accounts import services as account_services
from producers.labels import codes
from producers.labels.services import label_batch_issue, label_quantity_left
from producers.register.models import Authorisation, Producer
from products.models import Product
from shanting_gi.core.history import save_with_history

DEMO_PRODUCER_USERNAME = "demo-producer"
CHERRY, JUJUBE = "shanting-fire-cherry", "dianzi-long-red-jujube"
EXAMPLE = "（示例）"
REASON = "演示数据：业务流程示例" + EXAMPLE

INSPECTORS = [
    ("张执法（示例）", "山亭区市场监督管理局执法大队（示例）", "示例执法证0001"),
    ("李执法（示例）", "山亭区市场监督管理局执法大队（示例）", "示例执法证0002"),
    ("王执法（示例）", "水泉镇市场监督管理所（示例）", "示例执法证0003"),
    ("赵执法（示例）", "店子镇市场监督管理所（示例）", "示例执法证0004"),
]
SIGNUPS = [
    # username, name, town, address, phone, decision
    (
        "demo-waiting",
        "示例农户孙某（示例）",
        "水泉镇",
        "水泉镇示例村5组（示例）",
        "13900000101",
        None,
    ),
    (
        "demo-refused",
        "示例农户周某（示例）",
        "山城街道",
        "山城街道示例小区（示例）",
        "13900000102",
        "refuse",
    ),
]
SIGNUP_PASSWORD_LENGTH = 24


def _user(username, **fields):
    User = get_user_model()
    user = User(username=username, **fields)
    user.set_unusable_password()  # create_demo_producer sets the demo account's password
    user.full_clean()
    user.save()
    return user


class WorkflowSeeder:
    def __init__(self):
        self.today = timezone.localdate()
        self.created = 0
        self.cherry = Product.objects.get(slug=CHERRY)
        self.jujube = Product.objects.get(slug=JUJUBE)

    def count(self, n=1):
        self.created += n

    def example_producers(self, **filters):
        return Producer.objects.filter(is_example=True, user__isnull=True, **filters).order_by("pk")

    def without_open(self, product):
        """Example producers that hold no open authorisation for product."""
        open_ids = Authorisation.objects.open().filter(product=product).values("producer")
        return self.example_producers().exclude(pk__in=open_ids)

    def run(self):
        producer = self.demo_producer()
        self.inspectors()
        self.applications()
        self.signups()
        self.spot_checks()
        self.complaints(producer)

    # -- the demo producer account ------------------------------------------------------

    def demo_producer(self):
        """An example co-operative with a live authorisation for the cherry gets the demo
        account, labels for this season and last, and last year's report (filed) — plus
        the year before's, accepted."""
        live = (
            Authorisation.objects.live()
            .filter(product=self.cherry, producer__is_example=True, producer__user__isnull=True)
            .exclude(producer__credit_code="")
            .select_related("producer")
            .order_by("approved_on", "pk")
        )
        authorisation = live.first()
        producer = authorisation.producer
        producer.user = _user(DEMO_PRODUCER_USERNAME, email="")
        save_with_history(producer, reason=REASON)
        self.count(2)
        approved_year = authorisation.approved_on.year
        for season in sorted({max(self.today.year - 1, approved_year), self.today.year}):
            left = label_quantity_left(authorisation=authorisation, season=season)
            quantity = 480 if left is None else min(480, left)
            if quantity:
                label_batch_issue(
                    authorisation=authorisation,
                    quantity=quantity,
                    season=season,
                    by=None,
                    is_example=True,
                )
                self.count()
        last_year = self.today.year - 1
        if approved_year <= last_year:
            report = account_services.annual_report_submit(
                producer=producer,
                product=self.cherry,
                year=last_year,
                labels_used=300,
                quantity_sold_kg=Decimal("1500"),
                notes="演示报告，可在账户中更正" + EXAMPLE,
                by=producer.user,
            )
            self.count()
            if report.deadline < self.today:
                account_services.annual_report_accept(report=report, by=None)
        return producer

    # -- inspectors for the draw --------------------------------------------------------

    def inspectors(self):
        for name, organisation, badge in INSPECTORS:
            if not Inspector.objects.filter(name=name).exists():
                save_with_history(
                    Inspector(name=name, organisation=organisation, badge_number=badge),
                    reason=REASON,
                )
                self.count()

    # -- applications in each state -----------------------------------------------------

    def applications(self):
        candidates = list(self.without_open(self.jujube)[:4])
        states = ["submitted", "info_requested", "approved", "rejected"]
        for producer, state in zip(candidates, states, strict=False):
            if producer.user_id is None:
                producer.user = _user(f"demo-applicant-{producer.pk}", email="")
                save_with_history(producer, reason=REASON)
            application = account_services.application_submit(
                producer=producer,
                product=self.jujube,
                by=producer.user,
                planting_area_mu=Decimal("12.5"),
                address=(producer.address or producer.town.name) + EXAMPLE,
                expected_annual_output_t=Decimal("6"),
            )
            self.count(3)
            if state == "info_requested":
                account_services.application_request_info(
                    application=application,
                    by=None,
                    question="请补充承包地块四至图和近三年产量说明" + EXAMPLE,
                )
            elif state == "approved":
                account_services.application_approve(
                    application=application,
                    by=None,
                    reason="材料齐全，符合使用条件" + EXAMPLE,
                    announcement_number=f"示例公告〔{self.today.year}〕第9号",
                    approved_on=self.today - datetime.timedelta(days=10),
                    valid_until=self.today + datetime.timedelta(days=3 * 365),
                    annual_quantity_cap=5000,
                )
            elif state == "rejected":
                account_services.application_reject(
                    application=application,
                    by=None,
                    reason="生产地址不在保护范围内" + EXAMPLE,
                )

    # -- self-registrations in each state -----------------------------------------------

    def signups(self):
        from products.models import Town

        for username, name, town, address, phone, decision in SIGNUPS:
            signup = account_services.signup_submit(
                username=username,
                password=_random_password(),
                kind="household",
                name=name,
                credit_code="",
                legal_representative=name.replace(EXAMPLE, ""),
                town=Town.objects.get(name=town),
                address=address,
                contact_phone=phone,
            )
            self.count(2)
            if decision == "refuse":
                account_services.signup_refuse(
                    signup=signup, by=None, reason="电话核实时本人表示未申请注册" + EXAMPLE
                )
        # Confirmed: a registration linked to a registered household (no email, no code).
        household = self.example_producers(kind="household").first()
        if household is not None:
            signup = account_services.signup_submit(
                username="demo-household",
                password=_random_password(),
                kind="household",
                name=household.name,
                credit_code="",
                legal_representative=household.legal_representative or household.name,
                town=household.town,
                address=household.address or household.town.name,
                contact_phone=household.private_phone or "13900000103",
            )
            account_services.signup_confirm(
                signup=signup, by=None, reason="电话核实为已登记农户" + EXAMPLE, producer=household
            )
            self.count(2)

    # -- 双随机: a plan not drawn, one drawn, one published with a corrected result -----

    def spot_checks(self):
        pool = list(Inspector.objects.filter(name__endswith=EXAMPLE))
        year = self.today.year
        plans = []
        for title, count in (
            ("山亭火樱桃双随机抽检·待抽取" + EXAMPLE, 2),
            ("山亭火樱桃双随机抽检·已抽取" + EXAMPLE, 2),
            ("山亭火樱桃双随机抽检·已公布" + EXAMPLE, 2),
        ):
            plan = SpotCheckPlan(
                product=self.cherry,
                year=year,
                title=title,
                producer_count=count,
                inspectors_per_inspection=2,
            )
            save_with_history(plan, reason=REASON)
            plan.inspectors.set(pool)
            plans.append(plan)
            self.count()
        _waiting, drawn, published = plans
        draws.plan_draw(plan=drawn, by=None)
        draws.plan_draw(plan=published, by=None)
        draws.plan_publish(plan=published, by=None)
        for inspection in drawn.inspections.all():
            inspection.is_example = True
            inspection_services.inspection_save(inspection=inspection, by=None, reason=REASON)
        inspections = list(published.inspections.order_by("sample_number"))
        self.count(len(inspections) + 2)
        indicators = list(self.cherry.indicators.order_by("order", "pk"))
        for position, inspection in enumerate(inspections):
            failing = position == 0
            inspection.status = "sampled"
            inspection.sampled_on = self.today - datetime.timedelta(days=40)
            inspection.sampling_place = "生产者冷库" + EXAMPLE
            inspection.testing_body = "枣庄市检验检测中心" + EXAMPLE
            inspection.report_number = f"示例检字〔{year}〕第{published.pk:02d}{position:02d}号"
            inspection.is_example = True
            inspection_services.inspection_save(inspection=inspection, by=None, reason=REASON)
            values = {
                indicator: _value(indicator, failing and index == 0)
                for index, indicator in enumerate(indicators)
            }
            inspection_services.inspection_record_results(
                inspection=inspection, values=values, by=None
            )
            inspection_services.inspection_publish(inspection=inspection, by=None)
            self.count(len(values))
        corrected = inspections[-1]
        inspection_services.inspection_correct(
            inspection=corrected,
            by=None,
            reason="检验机构出具更正报告，报告编号录入有误" + EXAMPLE,
            changes={"report_number": corrected.report_number.replace("号", "号（更正）")},
        )
        failed = inspections[0]
        failed.refresh_from_db()
        if failed.conclusion == Conclusion.FAIL:
            followups.inspection_open_follow_up(
                inspection=failed,
                deadline=self.today + datetime.timedelta(days=30),
                by=None,
                note="责令限期整改，复检合格前暂停使用专用标志" + EXAMPLE,
            )
            case = inspection_services.enforcement_case_open(
                by=None,
                inspection=failed,
                case_number=f"枣山市监罚〔{year}〕示例{failed.pk}号",
                summary="双随机抽检样品不合格，已立案调查" + EXAMPLE,
            )
            case.is_example = True
            inspection_services.enforcement_case_save(case=case, by=None, reason=REASON)
            self.count(2)

    # -- a complaint in each state ------------------------------------------------------

    def complaints(self, demo_producer):
        batch = demo_producer.authorisations.get(product=self.cherry).label_batches.first()
        genuine = codes.group(codes.encode(batch.key_version, batch.pk, 7)) if batch else ""
        stories = [
            ("received", "超市专柜的樱桃标签看不清，想确认真假" + EXAMPLE, ""),
            ("accepted", "扫码显示的生产者与包装上印的不一致" + EXAMPLE, genuine),
            ("investigating", "集市上有人用旧版标志销售火樱桃" + EXAMPLE, ""),
            ("closed", "网购的红枣包装上没有统一社会信用代码" + EXAMPLE, ""),
        ]
        for status, description, label_code in stories:
            complaint, _secret = inspection_services.complaint_submit(
                fields={
                    "product": self.cherry,
                    "description": description,
                    "bought_where": "山亭区示例农贸市场" + EXAMPLE,
                    "label_code": label_code,
                }
            )
            self.count()
            path = {
                "received": [],
                "accepted": [ComplaintStatus.ACCEPTED],
                "investigating": [ComplaintStatus.ACCEPTED, ComplaintStatus.INVESTIGATING],
                "closed": [ComplaintStatus.ACCEPTED],
            }[status]
            for step in path:
                inspection_services.complaint_set_status(complaint=complaint, status=step, by=None)
            if status == "closed":
                inspection_services.complaint_reply(
                    complaint=complaint,
                    body="经核查，该网店已下架相关商品并整改" + EXAMPLE,
                    by=None,
                )
                inspection_services.complaint_set_status(
                    complaint=complaint, status=ComplaintStatus.CLOSED, by=None
                )


def _value(indicator, failing):
    """A value inside the indicator's limits, or just outside them when failing."""
    if indicator.min_value is not None:
        return indicator.min_value - 1 if failing else indicator.min_value + Decimal("0.5")
    if indicator.max_value is not None:
        return indicator.max_value + 1 if failing else indicator.max_value - Decimal("0.5")
    return Decimal("1")


def _random_password():
    import secrets

    return secrets.token_urlsafe(SIGNUP_PASSWORD_LENGTH)


def seed_workflows(stdout, verbosity):
    """Seed the workflow examples once (see the module's docstring); report to stdout."""
    if get_user_model().objects.filter(username=DEMO_PRODUCER_USERNAME).exists():
        if verbosity > 0:
            stdout.write("Demo workflows: already there (the demo producer account exists).")
        return 0
    if Product.objects.filter(slug__in=[CHERRY, JUJUBE]).count() != 2:
        if verbosity > 0:
            stdout.write("Demo workflows: skipped, the two demo products are missing.")
        return 0
    seeder = WorkflowSeeder()
    with transaction.atomic():
        seeder.run()
    if verbosity > 0:
        stdout.write(
            f"Demo workflows: {seeder.created} records in every state of every journey. "
            f"Demo producer account: {DEMO_PRODUCER_USERNAME} "
            "(manage.py create_demo_producer prints its password)."
        )
    return seeder.created
