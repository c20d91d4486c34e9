"""Re-judging results after a limit changes: listed first, changed only on confirmation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from inspections.models import InspectionResult
from inspections.rejudge import results_rejudge, results_rejudge_preview
from inspections.services import inspection_publish, inspection_record_result
from tests.factories import cherry, make_indicator, make_inspection, make_user


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their English source, whatever the translations say."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    return make_indicator(product=cherry(), name="可溶性固形物", unit="%", min_value="18")


def record(indicator, value, *, publish):
    inspection = make_inspection(product=indicator.product, report_number=f"R-{value}")
    result = inspection_record_result(inspection=inspection, indicator=indicator, value=value)
    if publish:
        inspection_publish(inspection=inspection, on=datetime.date(2026, 6, 1))
    return result


@pytest.fixture
def results(indicator):
    """Four results judged against "≥ 18"; then the bureau raises the minimum to 19."""
    made = {
        "flips_published": record(indicator, "18.5", publish=True),
        "flips_unpublished": record(indicator, "18.7", publish=False),
        "keeps_pass": record(indicator, "20", publish=True),
        "keeps_fail": record(indicator, "17", publish=False),
    }
    indicator.min_value = Decimal("19")
    indicator.save()
    return made


@pytest.fixture
def bureau(client):
    client.cookies["lang"] = "en"
    client.force_login(make_user(groups=["市场监管局"], is_staff=True))
    return client


@pytest.fixture
def auditor(client):
    client.cookies["lang"] = "en"
    client.force_login(make_user(groups=["只读审计"], is_staff=True))
    return client


def url(indicator):
    return f"/staff/rejudge/{indicator.pk}/"


def stored(results):
    return {
        name: InspectionResult.objects.values_list("limit_min", "passed").get(pk=result.pk)
        for name, result in results.items()
    }


class TestPreview:
    def test_lists_the_results_whose_verdict_would_change(self, indicator, results):
        preview = results_rejudge_preview(indicator=indicator)
        changing = {item.result.pk for item in preview if item.verdict_changes}
        assert changing == {results["flips_published"].pk, results["flips_unpublished"].pk}
        keeping = {item.result.pk for item in preview if not item.verdict_changes}
        assert keeping == {results["keeps_pass"].pk, results["keeps_fail"].pk}

    def test_nothing_listed_once_limits_are_current(self, indicator):
        record(indicator, "18.5", publish=True)
        assert results_rejudge_preview(indicator=indicator) == []

    def test_page_shows_them(self, bureau, indicator, results):
        response = bureau.get(url(indicator))
        assert response.status_code == 200
        html = response.content.decode()
        table = html.split('id="verdict-changes"', 1)[1].split("</table>", 1)[0]
        for name in ("flips_published", "flips_unpublished"):
            assert results[name].inspection.sample_number in table
        for name in ("keeps_pass", "keeps_fail"):
            assert results[name].inspection.sample_number not in table
        assert "≥\xa019\xa0%" in html  # the current limit
        assert "2 more results were judged against other limits" in html

    def test_page_costs_the_same_whatever_the_number_of_results(self, bureau, indicator):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert bureau.get(url(indicator)).status_code == 200
            return len(captured)

        record(indicator, "18.5", publish=True)
        indicator.min_value = Decimal("19")
        indicator.save()
        few = queries()
        for value in ("18.1", "18.2", "18.3", "25"):
            indicator.min_value = Decimal("18")
            indicator.save()
            record(indicator, value, publish=True)
        indicator.min_value = Decimal("19")
        indicator.save()
        assert queries() == few


class TestConfirmation:
    def test_get_changes_nothing(self, bureau, indicator, results):
        before = stored(results)
        bureau.get(url(indicator))
        assert stored(results) == before

    @pytest.mark.parametrize(
        "data",
        [{}, {"reason": "标准修订"}, {"confirm": "", "reason": "标准修订"}, {"confirm": "on"}],
    )
    def test_post_without_confirmation_and_reason_changes_nothing(
        self, bureau, indicator, results, data
    ):
        before = stored(results)
        response = bureau.post(url(indicator), data)
        assert response.status_code == 200
        assert "This field is required." in response.content.decode()
        assert stored(results) == before

    def test_confirmed_post_rejudges_with_history(self, bureau, indicator, results):
        response = bureau.post(
            url(indicator), {"confirm": "on", "reason": "DB3704/T 修订：可溶性固形物≥19%"}
        )
        assert response.status_code == 302
        after = stored(results)
        assert after == {
            "flips_published": (Decimal("19"), False),
            "flips_unpublished": (Decimal("19"), False),
            "keeps_pass": (Decimal("19"), True),
            "keeps_fail": (Decimal("19"), False),
        }
        entry = InspectionResult.objects.get(pk=results["flips_published"].pk).history.first()
        assert entry.history_user.groups.filter(name="市场监管局").exists()
        assert entry.history_change_reason == "DB3704/T 修订：可溶性固形物≥19%"
        page = bureau.get(url(indicator)).content.decode()
        assert "No verdict would change." in page

    def test_published_page_shows_the_new_verdict(self, client, bureau, indicator, results):
        inspection = results["flips_published"].inspection
        client.cookies["lang"] = "en"
        assert (
            '<span class="badge ok">pass</span>'
            in client.get(inspection.get_absolute_url()).content.decode()
        )
        bureau.post(url(indicator), {"confirm": "on", "reason": "标准修订"})
        html = client.get(inspection.get_absolute_url()).content.decode()
        assert '<span class="badge bad">fail</span>' in html
        assert '<span class="badge ok">pass</span>' not in html

    def test_service_needs_a_reason(self, indicator, results):
        with pytest.raises(ValidationError):
            results_rejudge(indicator=indicator, by=None, reason="  ")
        assert InspectionResult.objects.filter(limit_min=Decimal("19")).count() == 0

    def test_service_returns_the_changes(self, indicator, results):
        changes = results_rejudge(indicator=indicator, by=None, reason="标准修订")
        assert len(changes) == 4
        assert sum(change.verdict_changes for change in changes) == 2


class TestPermissions:
    def test_anonymous_goes_to_the_sign_in(self, client, indicator, results):
        response = client.get(url(indicator))
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        response = client.post(url(indicator), {"confirm": "on", "reason": "x"})
        assert response.status_code == 302
        assert InspectionResult.objects.filter(limit_min=Decimal("19")).count() == 0

    def test_non_staff_user_goes_to_the_sign_in(self, client, indicator, results):
        client.force_login(make_user())
        assert client.get(url(indicator))["Location"].startswith("/admin/login/")

    def test_auditor_views_but_cannot_rejudge(self, auditor, indicator, results):
        response = auditor.get(url(indicator))
        assert response.status_code == 200
        html = response.content.decode()
        assert results["flips_published"].inspection.sample_number in html
        assert "You may view this list but not re-judge results." in html
        assert 'name="confirm"' not in html
        response = auditor.post(url(indicator), {"confirm": "on", "reason": "审计"})
        assert response.status_code == 403
        assert InspectionResult.objects.filter(limit_min=Decimal("19")).count() == 0

    def test_staff_without_a_group_is_refused(self, client, indicator):
        client.force_login(make_user(is_staff=True))
        assert client.get(url(indicator)).status_code == 403

    def test_unknown_indicator_is_404(self, bureau):
        assert bureau.get("/staff/rejudge/999999/").status_code == 404
