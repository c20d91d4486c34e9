"""Follow-ups of failed spot-checks: opened with a deadline, closed, overdue ones listed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from inspections.followups import (
    follow_ups_overdue,
    inspection_close_follow_up,
    inspection_open_follow_up,
)
from inspections.services import inspection_publish, inspection_record_result
from tests.factories import cherry, make_indicator, make_inspection, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their English source, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.fixture
def indicator():
    return make_indicator(product=cherry(), name="可溶性固形物", unit="%", min_value="18")


@pytest.fixture
def make_checked(indicator):
    def make(value, *, publish=True):
        inspection = make_inspection(product=indicator.product, report_number=f"R-{value}")
        inspection_record_result(inspection=inspection, indicator=indicator, value=value)
        if publish:
            inspection_publish(inspection=inspection)
        return inspection

    return make


@pytest.fixture
def bureau_user():
    return make_user(groups=["市场监管局"], is_staff=True)


class TestServices:
    def test_open_and_close(self, make_checked, bureau_user):
        inspection = make_checked("17")
        inspection_open_follow_up(
            inspection=inspection,
            deadline=TODAY + 30 * DAY,
            by=bureau_user,
            note="责令限期整改。",
        )
        inspection.refresh_from_db()
        assert inspection.follow_up_deadline == TODAY + 30 * DAY
        assert inspection.follow_up == "责令限期整改。"
        entry = inspection.history.first()
        assert entry.history_user == bureau_user
        assert entry.history_change_reason == "责令限期整改。"

        inspection_close_follow_up(
            inspection=inspection, by=bureau_user, done_on=TODAY, note="复查合格，整改完成。"
        )
        inspection.refresh_from_db()
        assert inspection.follow_up_done_on == TODAY
        assert inspection.follow_up == "责令限期整改。\n\n复查合格，整改完成。"
        assert inspection.history.first().history_change_reason == "复查合格，整改完成。"

    def test_only_failed_inspections(self, make_checked, bureau_user):
        passed = make_checked("19")
        untested = make_inspection()
        for inspection in (passed, untested):
            with pytest.raises(ValidationError, match="Only a failed inspection"):
                inspection_open_follow_up(
                    inspection=inspection, deadline=TODAY, by=bureau_user, note=""
                )
        passed.refresh_from_db()
        assert passed.follow_up_deadline is None

    def test_open_needs_a_deadline_and_opens_once(self, make_checked, bureau_user):
        inspection = make_checked("17")
        with pytest.raises(ValidationError, match="deadline"):
            inspection_open_follow_up(inspection=inspection, deadline=None, by=bureau_user)
        inspection_open_follow_up(inspection=inspection, deadline=TODAY, by=bureau_user)
        with pytest.raises(ValidationError, match="already open"):
            inspection_open_follow_up(inspection=inspection, deadline=TODAY, by=bureau_user)

    def test_close_rules(self, make_checked, bureau_user):
        inspection = make_checked("17")
        with pytest.raises(ValidationError, match="No follow-up is open"):
            inspection_close_follow_up(inspection=inspection, by=bureau_user, note="done")
        inspection_open_follow_up(inspection=inspection, deadline=TODAY, by=bureau_user)
        with pytest.raises(ValidationError, match="Say what was done"):
            inspection_close_follow_up(inspection=inspection, by=bureau_user, note=" ")
        with pytest.raises(ValidationError, match="future"):
            inspection_close_follow_up(
                inspection=inspection, by=bureau_user, done_on=TODAY + DAY, note="done"
            )
        inspection_close_follow_up(inspection=inspection, by=bureau_user, note="done")
        with pytest.raises(ValidationError, match="already completed"):
            inspection_close_follow_up(inspection=inspection, by=bureau_user, note="again")

    def test_overdue(self, make_checked, bureau_user):
        overdue = make_checked("17")
        due_today = make_checked("16")
        done = make_checked("15")
        for inspection, deadline in ((overdue, -DAY), (due_today, 0 * DAY), (done, -DAY)):
            inspection_open_follow_up(
                inspection=inspection, deadline=TODAY + deadline, by=bureau_user
            )
        inspection_close_follow_up(inspection=done, by=bureau_user, done_on=TODAY, note="ok")
        assert list(follow_ups_overdue()) == [overdue]
        assert list(follow_ups_overdue(TODAY + DAY)) == [overdue, due_today]


class TestFollowUpPage:
    URL = "/staff/follow-ups/"

    @pytest.fixture
    def inspections(self, make_checked, bureau_user):
        overdue = make_checked("17")
        inspection_open_follow_up(inspection=overdue, deadline=TODAY - 5 * DAY, by=bureau_user)
        within = make_checked("16.5")
        inspection_open_follow_up(inspection=within, deadline=TODAY + 5 * DAY, by=bureau_user)
        return {
            "overdue": overdue,
            "within": within,
            "missing": make_checked("16", publish=False),  # failed, no follow-up yet
            "passed": make_checked("19"),
        }

    @staticmethod
    def section(html, table_id):
        return html.split(f'<table id="{table_id}">', 1)[1].split("</table>", 1)[0]

    def test_lists_overdue_missing_and_open(self, client, bureau_user, inspections):
        client.cookies["lang"] = "en"
        client.force_login(bureau_user)
        response = client.get(self.URL)
        assert response.status_code == 200
        html = response.content.decode()
        numbers = {name: i.sample_number for name, i in inspections.items()}
        assert numbers["overdue"] in self.section(html, "overdue")
        assert numbers["within"] not in self.section(html, "overdue")
        assert numbers["missing"] in self.section(html, "missing")
        assert numbers["within"] in self.section(html, "open")
        assert numbers["passed"] not in html
        assert (TODAY - 5 * DAY).isoformat() in self.section(html, "overdue")

    def test_constant_queries(self, client, bureau_user, make_checked):
        client.force_login(bureau_user)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(self.URL).status_code == 200
            return len(captured)

        make_checked("17")
        few = queries()
        for value in ("16", "15", "14"):
            inspection = make_checked(value)
            inspection_open_follow_up(inspection=inspection, deadline=TODAY - DAY, by=None)
        assert queries() == few

    def test_anonymous_goes_to_the_sign_in(self, client, inspections):
        response = client.get(self.URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_auditor_may_view(self, client, inspections):
        client.force_login(make_user(groups=["只读审计"], is_staff=True))
        response = client.get(self.URL)
        assert response.status_code == 200
        assert inspections["overdue"].sample_number in response.content.decode()

    def test_staff_without_a_group_is_refused(self, client):
        client.force_login(make_user(is_staff=True))
        assert client.get(self.URL).status_code == 403


class TestFollowUpAdminActions:
    URL = "/admin/inspections/inspection/"

    @pytest.fixture(autouse=True)
    def _actions(self, monkeypatch):
        """The actions as inspections/admin.py lists them on InspectionAdmin."""
        from django.contrib import admin

        from inspections.admin.spotchecks import close_follow_up, open_follow_up
        from inspections.models import Inspection

        model_admin = admin.site._registry[Inspection]
        actions = [a for a in model_admin.actions if a not in (open_follow_up, close_follow_up)]
        monkeypatch.setattr(model_admin, "actions", [*actions, open_follow_up, close_follow_up])

    def test_open_then_close(self, client, bureau_user, make_checked):
        client.cookies["lang"] = "en"
        client.force_login(bureau_user)
        failed, passed = make_checked("17"), make_checked("19")
        data = {"action": "open_follow_up", "_selected_action": [failed.pk, passed.pk]}
        response = client.post(self.URL, data)
        assert response.status_code == 200
        assert 'name="deadline"' in response.content.decode()
        deadline = (TODAY + 10 * DAY).isoformat()
        response = client.post(self.URL, {**data, "apply": "1", "deadline": deadline})
        assert response.status_code == 302
        failed.refresh_from_db()
        passed.refresh_from_db()
        assert failed.follow_up_deadline == TODAY + 10 * DAY
        assert passed.follow_up_deadline is None
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("Only a failed inspection gets a follow-up." in m for m in messages)

        close = {"action": "close_follow_up", "_selected_action": [failed.pk], "apply": "1"}
        client.post(self.URL, {**close, "done_on": TODAY.isoformat(), "note": "复查合格。"})
        failed.refresh_from_db()
        assert failed.follow_up_done_on == TODAY
        assert failed.follow_up.endswith("复查合格。")

    def test_auditor_has_no_such_action(self, client, make_checked):
        client.force_login(make_user(groups=["只读审计"], is_staff=True))
        failed = make_checked("17")
        client.post(
            self.URL,
            {
                "action": "open_follow_up",
                "_selected_action": [failed.pk],
                "apply": "1",
                "deadline": TODAY.isoformat(),
            },
        )
        failed.refresh_from_db()
        assert failed.follow_up_deadline is None
