"""seed_demo also shows every journey: a demo producer account (its password printed by
create_demo_producer, as create_demo_admin prints the bureau's), inspectors for the draw,
and a record in each state of each workflow, all marked as examples."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from inspections.models import (
    Complaint,
    ComplaintStatus,
    EnforcementCase,
    Inspection,
    InspectionCorrection,
    Inspector,
    SpotCheckPlan,
)
from producers.accounts.models import (
    AnnualUseReport,
    Application,
    ApplicationStatus,
    ProducerSignup,
    SignupStatus,
)
from producers.labels.models import LabelBatch
from shanting_gi.demo.workflows import DEMO_PRODUCER_USERNAME

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return run("seed_demo")


def test_every_workflow_has_a_record_in_each_state(seeded):
    assert f"Demo producer account: {DEMO_PRODUCER_USERNAME}" in seeded
    assert set(Application.objects.values_list("status", flat=True)) >= {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.INFO_REQUESTED,
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
    }
    assert set(ProducerSignup.objects.values_list("status", flat=True)) == set(SignupStatus.values)
    assert set(Complaint.objects.values_list("status", flat=True)) == set(ComplaintStatus.values)
    plans = SpotCheckPlan.objects.all()
    assert plans.filter(drawn_at__isnull=True).exists()
    assert plans.filter(drawn_at__isnull=False, published=False).exists()
    assert plans.filter(published=True).exists()
    assert Inspector.objects.filter(name__endswith="（示例）").count() >= 4
    assert InspectionCorrection.objects.exists()
    case = EnforcementCase.objects.get(inspection__isnull=False)
    assert case.is_example and case.inspection.conclusion == "fail"
    assert LabelBatch.objects.filter(voided_at__isnull=False).exists()
    assert AnnualUseReport.objects.exists()
    assert not Inspection.objects.filter(is_example=False).exists()
    for model in (Complaint, InspectionCorrection, ProducerSignup):
        for text in model.objects.values_list(
            {"Complaint": "description", "InspectionCorrection": "reason"}.get(
                model.__name__, "name"
            ),
            flat=True,
        ):
            assert "示例" in text


def test_a_second_run_adds_nothing(seeded):
    before = {
        model: model.objects.count()
        for model in (Application, ProducerSignup, Complaint, SpotCheckPlan, Inspector)
    }
    output = run("seed_demo")
    assert "Demo workflows: already there" in output
    assert before == {model: model.objects.count() for model in before}


def test_the_demo_producer_signs_in_with_the_printed_password(seeded, client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    output = run("create_demo_producer")
    password = re.search(r"Password: (\S+)", output).group(1)
    credit_code = re.search(r"credit code (\w{18})", output).group(1)
    assert reverse("accounts:login") in output
    response = client.post(
        reverse("accounts:login"), {"username": DEMO_PRODUCER_USERNAME, "password": password}
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "（示例）" in page
    client.logout()
    again = run("create_demo_producer")
    assert re.search(r"Password: (\S+)", again).group(1) != password
    response = client.post(
        reverse("accounts:login"), {"username": credit_code, "password": password}
    )
    assert response.status_code == 200  # the old password no longer works
