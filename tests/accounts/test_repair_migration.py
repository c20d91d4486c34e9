"""Migration accounts 0002 repairs applications the old admin-approval bug left undecided."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_repair_decided_applications")]


@pytest.mark.django_db(transaction=True)
def test_stuck_applications_take_their_authorisations_decision():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    # Built by hand on purpose, not with tests/factories.py: the rows are written through
    # the historical models of the state before the migration (allowed in
    # tests/test_fixture_library.py).
    town = old.get_model("products", "Town").objects.create(code="370406107", name="水泉镇")
    product = old.get_model("products", "Product").objects.create(
        name="山亭火樱桃", slug="cherry", category="fruit", regime="gi_product"
    )
    Producer = old.get_model("producers", "Producer")
    Authorisation = old.get_model("producers", "Authorisation")
    Application = old.get_model("accounts", "Application")

    def stuck(name, status, **dates):
        producer = Producer.objects.create(kind="household", name=name, town=town)
        authorisation = Authorisation.objects.create(
            producer=producer,
            product=product,
            status=status,
            status_reason=f"{name}的决定",
            status_changed_on=datetime.date(2026, 5, 2),
            **dates,
        )
        return Application.objects.create(
            producer=producer,
            product=product,
            planting_area_mu=1,
            address="水泉镇",
            expected_annual_output_t=1,
            status="submitted",
            submitted_at=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC),
            authorisation=authorisation,
        )

    approved = stuck("甲", "approved", approved_on=datetime.date(2026, 5, 1))
    suspended = stuck("乙", "suspended", approved_on=datetime.date(2026, 5, 1))
    rejected = stuck("丙", "rejected")
    waiting = stuck("丁", "under_review")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Application = new.get_model("accounts", "Application")
    History = new.get_model("accounts", "HistoricalApplication")

    def state(application):
        row = Application.objects.get(pk=application.pk)
        return row.status, row.decision_reason, row.decided_at and row.decided_at.date()

    assert state(approved) == ("approved", "甲的决定", datetime.date(2026, 5, 1))
    assert state(suspended) == ("approved", "乙的决定", datetime.date(2026, 5, 1))
    assert state(rejected) == ("rejected", "丙的决定", datetime.date(2026, 5, 2))
    assert state(waiting) == ("submitted", "", None)
    assert History.objects.filter(history_change_reason__contains="补记").count() == 3
