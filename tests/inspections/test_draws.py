"""The 双随机 draw: reproducible from the published pool and seed, refused twice, public page."""

import re
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from inspections.draws import (
    METHOD,
    compute_sample,
    plan_draw,
    plan_publish,
    plan_redraw_check,
    sample_number,
)
from inspections.models import Inspection, InspectionStatus, Inspector, SpotCheckPlan
from producers.register.models import AuthorisationStatus
from tests.factories import cherry, make_authorisation, make_user


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their English source, whatever the translations say."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "spot-check-draw.md"


@pytest.fixture
def bureau_user():
    return make_user(groups=["市场监管局"], is_staff=True)


@pytest.fixture
def product():
    return cherry()


@pytest.fixture
def live_producers(product):
    """Twenty producers with a live authorisation for the product."""
    return [
        make_authorisation(product=product, status=AuthorisationStatus.APPROVED).producer
        for _ in range(20)
    ]


@pytest.fixture
def inspectors():
    return [
        Inspector.objects.create(name=f"检查员{n}", organisation="山亭区市场监督管理局")
        for n in range(6)
    ]


@pytest.fixture
def make_plan(product, inspectors):
    def make(**fields):
        values = {"product": product, "year": 2026, "producer_count": 5}
        values.update(fields)
        plan = SpotCheckPlan.objects.create(**values)
        plan.inspectors.set(inspectors)
        return plan

    return make


def drawn(plan):
    return [
        (inspection.producer_id, sorted(i.pk for i in inspection.inspectors.all()))
        for inspection in plan.inspections.order_by("sample_number")
    ]


class TestComputeSample:
    POOL = list(range(101, 121))  # 20 producers
    INSPECTORS = [1, 2, 3, 4, 5, 6]

    def sample(self, seed, producers=None):
        return compute_sample(
            seed=seed,
            producer_ids=producers or self.POOL,
            inspector_ids=self.INSPECTORS,
            producer_count=5,
            per_inspection=2,
        )

    def test_same_pool_and_seed_give_the_same_sample(self):
        first = self.sample("0123456789abcdef")
        assert first == self.sample("0123456789abcdef")
        assert len(first) == 5
        assert len({producer for producer, _ in first}) == 5
        assert all(len(set(assigned)) == 2 for _, assigned in first)

    def test_order_of_the_pool_does_not_matter(self):
        assert self.sample("abc") == self.sample("abc", producers=list(reversed(self.POOL)))

    def test_another_seed_gives_another_sample(self):
        samples = {tuple(p for p, _ in self.sample(f"{seed:016x}")) for seed in range(10)}
        assert len(samples) == 10

    def test_matches_the_published_script(self, capsys):
        """The stand-alone snippet of docs/spot-check-draw.md gives the service's sample."""
        script = re.search(r"```python\n(.*?)```", DOCS.read_text(), re.S).group(1)
        exec(compile(script, str(DOCS), "exec"), {})
        printed = [line.split(" ", 2) for line in capsys.readouterr().out.splitlines()]
        seed = re.search(r'seed = "(\w+)"', script).group(1)
        expected = compute_sample(
            seed=seed,
            producer_ids=[3, 5, 8, 13, 21, 34],
            inspector_ids=[1, 2, 4, 7],
            producer_count=3,
            per_inspection=2,
        )
        assert [(int(p), eval(i)) for _k, p, i in printed] == [
            (producer, assigned) for producer, assigned in expected
        ]


class TestPlanDraw:
    def test_draw_creates_planned_inspections_from_the_live_pool(
        self, make_plan, live_producers, inspectors, bureau_user, product
    ):
        suspended = make_authorisation(product=product, status=AuthorisationStatus.SUSPENDED)
        applied = make_authorisation(product=product, status=AuthorisationStatus.APPLIED)
        other_product = make_authorisation(status=AuthorisationStatus.APPROVED)
        inactive = Inspector.objects.create(name="退休", organisation="局", is_active=False)
        plan = make_plan()
        plan.inspectors.add(inactive)

        plan_draw(plan=plan, by=bureau_user, seed="00c0ffee00c0ffee")

        assert plan.seed == "00c0ffee00c0ffee"
        assert plan.method == METHOD
        assert plan.drawn_by == bureau_user and plan.drawn_at is not None
        pool = plan.pool_snapshot["producers"]
        assert pool == sorted(p.pk for p in live_producers)
        for excluded in (suspended, applied, other_product):
            assert excluded.producer_id not in pool
        assert plan.pool_snapshot["inspectors"] == [i.pk for i in inspectors]

        expected = compute_sample(
            seed="00c0ffee00c0ffee",
            producer_ids=pool,
            inspector_ids=[i.pk for i in inspectors],
            producer_count=5,
            per_inspection=2,
        )
        assert drawn(plan) == [(p, sorted(i)) for p, i in expected]
        inspections = list(plan.inspections.order_by("sample_number"))
        assert [i.sample_number for i in inspections] == [
            f"CJ-2026-{plan.pk}-{n:02d}" for n in range(1, 6)
        ]
        assert sample_number(plan, 1) == f"CJ-2026-{plan.pk}-01"
        assert {i.status for i in inspections} == {InspectionStatus.PLANNED}
        assert {i.product_id for i in inspections} == {product.pk}
        assert inspections[0].history.first().history_user == bureau_user

    def test_seed_is_random_when_not_given(self, make_plan, live_producers, bureau_user):
        first, second = make_plan(), make_plan()
        plan_draw(plan=first, by=bureau_user)
        plan_draw(plan=second, by=bureau_user)
        assert re.fullmatch(r"[0-9a-f]{16}", first.seed)
        assert first.seed != second.seed
        # Twenty choose five: two random seeds giving the same sample is a 1 in 15,504 event.
        assert drawn(first) != drawn(second)

    def test_drawing_twice_is_refused(self, make_plan, live_producers, bureau_user):
        plan = make_plan()
        plan_draw(plan=plan, by=bureau_user, seed="1")
        before = drawn(plan)
        with pytest.raises(ValidationError, match="already been drawn"):
            plan_draw(plan=plan, by=bureau_user, seed="2")
        plan.refresh_from_db()
        assert plan.seed == "1"
        assert drawn(plan) == before
        assert Inspection.objects.count() == 5

    def test_too_few_live_producers_is_refused(self, make_plan, product, bureau_user):
        make_authorisation(product=product, status=AuthorisationStatus.APPROVED)
        plan = make_plan()
        with pytest.raises(ValidationError, match="Only 1 producers"):
            plan_draw(plan=plan, by=bureau_user)
        plan.refresh_from_db()
        assert not plan.is_drawn
        assert not Inspection.objects.exists()

    def test_too_few_inspectors_is_refused(self, make_plan, live_producers, bureau_user):
        plan = make_plan(inspectors_per_inspection=7)
        with pytest.raises(ValidationError, match="active inspectors"):
            plan_draw(plan=plan, by=bureau_user)

    def test_publish_needs_a_draw(self, make_plan, live_producers, bureau_user):
        plan = make_plan()
        with pytest.raises(ValidationError, match="Draw the plan"):
            plan_publish(plan=plan, by=bureau_user)
        plan_draw(plan=plan, by=bureau_user)
        plan_publish(plan=plan, by=bureau_user)
        assert plan.published and plan.published_on is not None


class TestRedraw:
    @pytest.fixture
    def plan(self, make_plan, live_producers, bureau_user):
        return plan_draw(plan=make_plan(), by=bureau_user, seed="5eed5eed5eed5eed")

    def test_check_confirms_an_untouched_draw(self, plan):
        check = plan_redraw_check(plan=plan)
        assert check.same
        assert [(p, sorted(i)) for p, i in check.recomputed] == drawn(plan)
        assert check.recorded and check.differences == []

    def test_command_confirms(self, plan):
        out = StringIO()
        call_command("redraw_plan", plan.pk, stdout=out)
        text = out.getvalue()
        assert "Seed: 5eed5eed5eed5eed" in text
        assert f"Method: {METHOD}" in text
        assert str(plan.pool_snapshot["producers"]) in text
        assert text.rstrip().endswith("CONFIRMED: same sample")

    def test_command_detects_a_tampered_snapshot(self, plan):
        # Someone removes the first drawn producer from the published pool.
        first_drawn = drawn(plan)[0][0]
        plan.pool_snapshot["producers"].remove(first_drawn)
        SpotCheckPlan.objects.filter(pk=plan.pk).update(pool_snapshot=plan.pool_snapshot)
        plan.refresh_from_db()
        assert not plan_redraw_check(plan=plan).same
        out = StringIO()
        with pytest.raises(CommandError, match="DIFFERENT") as raised:
            call_command("redraw_plan", plan.pk, stdout=out)
        assert f"recorded producer {first_drawn}" in str(raised.value)
        assert "CONFIRMED" not in out.getvalue()

    def test_command_detects_a_changed_inspection(self, plan, live_producers):
        inspection = plan.inspections.order_by("sample_number").first()
        outsider = next(p for p in live_producers if p.pk not in dict(drawn(plan)))
        Inspection.objects.filter(pk=inspection.pk).update(producer=outsider)
        with pytest.raises(CommandError, match="DIFFERENT"):
            call_command("redraw_plan", plan.pk, stdout=StringIO())

    def test_command_refuses_an_undrawn_plan(self, make_plan):
        with pytest.raises(CommandError, match="not been drawn"):
            call_command("redraw_plan", make_plan().pk, stdout=StringIO())


class TestPlanPages:
    @pytest.fixture
    def plan(self, make_plan, live_producers, bureau_user):
        live_producers[3].is_public = False
        live_producers[3].save()
        plan = plan_draw(plan=make_plan(title="2026年山亭火樱桃专项抽检"), by=bureau_user)
        return plan_publish(plan=plan, by=bureau_user)

    def test_published_plan_shows_pool_seed_and_sample(
        self, client, plan, live_producers, inspectors
    ):
        client.cookies["lang"] = "en"
        response = client.get(f"/inspections/plans/{plan.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<code class="code-text" id="plan-seed">{plan.seed}</code>' in html
        assert METHOD in html
        hidden = live_producers[3]
        for producer in live_producers:
            if producer is not hidden:
                assert producer.name in html
        assert hidden.name not in html
        position = plan.pool_snapshot["producers"].index(hidden.pk) + 1
        assert re.search(
            rf'<td class="num">{position}</td>\s*<td class="num">{hidden.pk}</td>\s*'
            r"<td>a producer not listed publicly</td>",
            html,
        )
        for inspection in plan.inspections.all():
            assert inspection.sample_number in html
        assert inspectors[0].name in html
        # The filled-in script carries the frozen pool and the seed.
        script = unescape(html.split('<code id="rerun-script">', 1)[1].split("</code>", 1)[0])
        assert f'seed = "{plan.seed}"' in script
        assert f"producers = {plan.pool_snapshot['producers']}" in script

    def test_script_on_the_page_reproduces_the_sample(self, client, plan, capsys):
        html = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
        script = unescape(re.search(r'<code id="rerun-script">(.*?)</code>', html, re.S).group(1))
        exec(script, {})
        printed = [line.split(" ", 2) for line in capsys.readouterr().out.splitlines()]
        assert [(int(p), sorted(eval(i))) for _k, p, i in printed] == drawn(plan)

    def test_unpublished_plan_is_404(self, client, make_plan, live_producers, bureau_user):
        plan = plan_draw(plan=make_plan(), by=bureau_user)
        assert client.get(f"/inspections/plans/{plan.pk}/").status_code == 404
        assert client.get(f"/inspections/plans/{make_plan().pk}/").status_code == 404
        html = client.get("/inspections/plans/").content.decode()
        assert f"/inspections/plans/{plan.pk}/" not in html

    def test_list_shows_published_plans_in_constant_queries(
        self, client, plan, make_plan, bureau_user, django_assert_num_queries
    ):
        for year in (2024, 2025):
            other = plan_draw(plan=make_plan(year=year), by=bureau_user)
            plan_publish(plan=other, by=bureau_user)
        # Queries: count, one page of plans with their product.
        with django_assert_num_queries(2):
            response = client.get("/inspections/plans/")
        assert [p.year for p in response.context["plan_list"]] == [2026, 2025, 2024]
        assert "2026年山亭火樱桃专项抽检" in response.content.decode()

    def test_detail_in_constant_queries(self, client, plan, django_assert_num_queries):
        # Queries: the plan with its product, its inspections with producers and conclusion,
        # their inspectors, the pool's producers, the pool's inspectors.
        with django_assert_num_queries(5):
            assert client.get(f"/inspections/plans/{plan.pk}/").status_code == 200


class TestPlanAdmin:
    @pytest.fixture
    def staff(self, client, bureau_user):
        client.cookies["lang"] = "en"
        client.force_login(bureau_user)
        return client

    def test_draw_action_asks_for_confirmation(self, staff, make_plan, live_producers):
        plan = make_plan()
        url = "/admin/inspections/spotcheckplan/"
        data = {"action": "draw_selected", "_selected_action": [plan.pk]}
        response = staff.post(url, data)
        assert response.status_code == 200
        assert "I confirm the draw" in response.content.decode()
        plan.refresh_from_db()
        assert not plan.is_drawn
        staff.post(url, {**data, "apply": "1"})  # confirmation box left unticked
        plan.refresh_from_db()
        assert not plan.is_drawn
        response = staff.post(url, {**data, "apply": "1", "confirm": "on"})
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.is_drawn and plan.inspections.count() == 5

    def test_publish_action_and_pages(self, staff, make_plan, live_producers, bureau_user):
        plan = plan_draw(plan=make_plan(), by=bureau_user)
        url = "/admin/inspections/spotcheckplan/"
        staff.post(url, {"action": "publish_selected", "_selected_action": [plan.pk]})
        plan.refresh_from_db()
        assert plan.published
        assert staff.get(url).status_code == 200
        change = staff.get(f"{url}{plan.pk}/change/")
        assert change.status_code == 200
        assert (
            "Confirmed: the frozen pool and seed give the same sample." in change.content.decode()
        )
        assert staff.get(f"{url}add/").status_code == 200
        assert staff.get("/admin/inspections/inspector/").status_code == 200
        assert staff.get("/admin/inspections/inspector/?q=检查员").status_code == 200

    def test_auditor_cannot_draw(self, client, make_plan, live_producers):
        auditor = make_user(groups=["只读审计"], is_staff=True)
        assert (
            Group.objects.get(name="只读审计")
            .permissions.filter(codename="view_spotcheckplan")
            .exists()
        )
        client.force_login(auditor)
        plan = make_plan()
        client.post(
            "/admin/inspections/spotcheckplan/",
            {
                "action": "draw_selected",
                "_selected_action": [plan.pk],
                "apply": "1",
                "confirm": "on",
            },
        )
        plan.refresh_from_db()
        assert not plan.is_drawn
