"""Authorisation services: every transition from every status, reasons, approval, history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.utils import timezone, translation

from producers.register import services
from producers.register.models import Authorisation, AuthorisationStatus, Producer, ProducerKind
from producers.register.services import (
    allowed_transitions,
    authorisation_apply,
    authorisation_approve,
    authorisation_revoke,
    authorisation_suspend,
    authorisations_expire_due,
    producer_save,
)
from tests.factories import make_authorisation, make_producer, make_product, make_town, make_user

pytestmark = pytest.mark.django_db

S = AuthorisationStatus
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

# The rules as the bureau states them, written out independently of services.TRANSITIONS.
ALLOWED = {
    "review": {S.APPLIED},
    "approve": {S.APPLIED, S.UNDER_REVIEW},
    "reject": {S.APPLIED, S.UNDER_REVIEW},
    "suspend": {S.APPROVED},
    "reinstate": {S.SUSPENDED},
    "revoke": {S.APPROVED, S.SUSPENDED},
    "expire": {S.APPROVED, S.SUSPENDED},
}
TARGET = {
    "review": S.UNDER_REVIEW,
    "approve": S.APPROVED,
    "reject": S.REJECTED,
    "suspend": S.SUSPENDED,
    "reinstate": S.APPROVED,
    "revoke": S.REVOKED,
    "expire": S.EXPIRED,
}
LEGAL = [(status, name) for name, sources in ALLOWED.items() for status in sources]
ILLEGAL = [(status, name) for name in ALLOWED for status in S if status not in ALLOWED[name]]
assert len(LEGAL) + len(ILLEGAL) == 7 * 7


def transition(name, authorisation, by, reason="依据抽检结果处理", **kwargs):
    if name == "approve":
        kwargs.setdefault("announcement_number", "国家知识产权局公告第600号")
    service = getattr(services, f"authorisation_{name}")
    return service(authorisation=authorisation, by=by, reason=reason, **kwargs)


def snapshot(authorisation):
    """Everything a refused call must leave as it was, including the history."""
    row = Authorisation.objects.get(pk=authorisation.pk)
    return model_to_dict(row), row.updated_at, row.history.count()


@pytest.fixture
def officer():
    return make_user(groups=["市场监管局"], is_staff=True)


@pytest.mark.parametrize(("status", "name"), LEGAL)
def test_legal_transition_moves_to_its_target_and_records_who_and_why(status, name, officer):
    authorisation = make_authorisation(status=status)
    reason = f"{name}：依据抽检结果处理"

    result = transition(name, authorisation, officer, reason=reason)

    row = Authorisation.objects.get(pk=authorisation.pk)
    assert result is authorisation
    assert authorisation.status == row.status == TARGET[name]
    assert row.status_reason == reason
    assert row.status_changed_on == TODAY
    latest = row.history.first()
    assert latest.status == TARGET[name]
    assert latest.history_user == officer
    assert latest.history_change_reason == reason


@pytest.mark.parametrize(("status", "name"), ILLEGAL)
def test_illegal_transition_is_refused_and_leaves_the_row_unchanged(status, name, officer):
    authorisation = make_authorisation(status=status)
    before = snapshot(authorisation)

    with pytest.raises(ValidationError):
        transition(name, authorisation, officer)

    assert snapshot(authorisation) == before
    assert authorisation.status == status


@pytest.mark.parametrize("status", list(S))
def test_allowed_transitions_lists_exactly_the_legal_ones(status):
    authorisation = make_authorisation(status=status)

    expected = [name for name in services.TRANSITIONS if status in ALLOWED[name]]
    assert allowed_transitions(authorisation) == expected


def test_transition_checks_the_stored_status_not_a_stale_copy(officer):
    authorisation = make_authorisation(status=S.APPROVED)
    stale = Authorisation.objects.get(pk=authorisation.pk)
    authorisation_suspend(authorisation=authorisation, by=officer, reason="限期整改")

    with pytest.raises(ValidationError):
        authorisation_suspend(authorisation=stale, by=officer, reason="再次暂停")

    assert Authorisation.objects.get(pk=authorisation.pk).status_reason == "限期整改"


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (S.APPLIED, "review"),
        (S.APPLIED, "approve"),
        (S.UNDER_REVIEW, "reject"),
        (S.APPROVED, "suspend"),
        (S.SUSPENDED, "reinstate"),
        (S.APPROVED, "revoke"),
        (S.SUSPENDED, "expire"),
    ],
)
@pytest.mark.parametrize("reason", ["", "   ", None])
def test_every_transition_needs_a_reason(status, name, reason, officer):
    authorisation = make_authorisation(status=status)
    before = snapshot(authorisation)

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        transition(name, authorisation, officer, reason=reason)

    assert "Give a reason" in excinfo.value.messages[0]
    assert snapshot(authorisation) == before


def test_suspend_history_names_the_officer_and_the_reason(officer):
    authorisation = make_authorisation(status=S.APPROVED)

    authorisation_suspend(authorisation=authorisation, by=officer, reason="抽检不合格，限期整改")

    latest = authorisation.history.first()
    assert latest.history_user == officer
    assert latest.history_change_reason == "抽检不合格，限期整改"
    assert latest.status == S.SUSPENDED
    assert latest.prev_record.status == S.APPROVED
    assert [h.status for h in authorisation.history.all()] == [S.SUSPENDED, S.APPROVED, S.APPLIED]


def test_anonymous_actor_leaves_history_user_empty():
    authorisation = make_authorisation(status=S.APPROVED)

    authorisation_revoke(authorisation=authorisation, by=None, reason="自愿放弃")

    assert authorisation.history.first().history_user is None


# --- Applying ----------------------------------------------------------------------------


def test_apply_records_an_application_with_its_history(officer):
    producer, product = make_producer(), make_product()

    with translation.override("en"):
        authorisation = authorisation_apply(
            producer=producer, product=product, by=officer, applied_on=TODAY - 3 * DAY
        )

    row = Authorisation.objects.get(pk=authorisation.pk)
    assert row.status == S.APPLIED
    assert row.applied_on == row.status_changed_on == TODAY - 3 * DAY
    assert row.status_reason == "Application received."
    assert row.history.get().history_user == officer


@pytest.mark.parametrize("open_status", [S.APPLIED, S.UNDER_REVIEW, S.APPROVED, S.SUSPENDED])
def test_apply_is_refused_while_an_open_authorisation_exists(open_status):
    first = make_authorisation(status=open_status)

    with pytest.raises(ValidationError):
        authorisation_apply(producer=first.producer, product=first.product)

    assert Authorisation.objects.filter(producer=first.producer).count() == 1


@pytest.mark.parametrize("closed_status", [S.REVOKED, S.REJECTED, S.EXPIRED])
def test_apply_is_allowed_again_once_the_first_is_closed(closed_status):
    first = make_authorisation(status=closed_status)

    second = authorisation_apply(producer=first.producer, product=first.product)

    assert second.status == S.APPLIED
    assert Authorisation.objects.open().get(producer=first.producer) == second


# --- Approving ---------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["", "   ", None])
def test_approve_needs_the_announcement_number(number, officer):
    authorisation = make_authorisation(status=S.UNDER_REVIEW)
    before = snapshot(authorisation)

    with pytest.raises(ValidationError):
        authorisation_approve(
            authorisation=authorisation, by=officer, reason="符合条件", announcement_number=number
        )

    assert snapshot(authorisation) == before


def test_validity_ending_before_the_approval_is_refused(officer):
    authorisation = make_authorisation(status=S.APPLIED)
    before = snapshot(authorisation)

    with pytest.raises(ValidationError):
        authorisation_approve(
            authorisation=authorisation,
            by=officer,
            reason="符合条件",
            announcement_number="公告第1号",
            approved_on=datetime.date(2024, 5, 10),
            valid_until=datetime.date(2024, 5, 9),
        )

    assert snapshot(authorisation) == before


def test_approve_stores_the_announcement_dates_and_cap(officer):
    authorisation = make_authorisation(status=S.UNDER_REVIEW)

    authorisation_approve(
        authorisation=authorisation,
        by=officer,
        reason="符合使用条件",
        announcement_number="  国家知识产权局公告第600号 ",
        approved_on=datetime.date(2024, 5, 10),
        valid_until=datetime.date(2024, 5, 10),
        annual_quantity_cap=10_000,
    )

    row = Authorisation.objects.get(pk=authorisation.pk)
    assert row.status == S.APPROVED
    assert row.announcement_number == "国家知识产权局公告第600号"
    assert row.approved_on == row.status_changed_on == datetime.date(2024, 5, 10)
    assert row.valid_until == datetime.date(2024, 5, 10)
    assert row.annual_quantity_cap == 10_000


def test_approve_defaults_to_today_and_open_ended_validity(officer):
    authorisation = make_authorisation(status=S.APPLIED)

    authorisation_approve(
        authorisation=authorisation, by=officer, reason="符合", announcement_number="第1号"
    )

    assert authorisation.approved_on == TODAY
    assert authorisation.valid_until is None
    assert authorisation.is_live()


# --- Expiry ------------------------------------------------------------------------------


def test_expire_due_closes_only_authorisations_past_their_validity():
    ended_yesterday = make_authorisation(
        status=S.APPROVED, approved_on=TODAY - 400 * DAY, valid_until=TODAY - DAY
    )
    suspended_long_ago = make_authorisation(
        status=S.SUSPENDED, approved_on=TODAY - 400 * DAY, valid_until=TODAY - 30 * DAY
    )
    ends_today = make_authorisation(status=S.APPROVED, valid_until=TODAY)
    open_ended = make_authorisation(status=S.APPROVED, valid_until=None)
    revoked = make_authorisation(
        status=S.REVOKED, approved_on=TODAY - 400 * DAY, valid_until=TODAY - DAY
    )
    applied = make_authorisation(status=S.APPLIED)

    expired = authorisations_expire_due()

    assert {a.pk for a in expired} == {ended_yesterday.pk, suspended_long_ago.pk}
    statuses = dict(Authorisation.objects.values_list("pk", "status"))
    assert statuses == {
        ended_yesterday.pk: S.EXPIRED,
        suspended_long_ago.pk: S.EXPIRED,
        ends_today.pk: S.APPROVED,
        open_ended.pk: S.APPROVED,
        revoked.pk: S.REVOKED,
        applied.pk: S.APPLIED,
    }
    ended_yesterday.refresh_from_db()
    suspended_long_ago.refresh_from_db()
    # Expired the day after the last valid day, whenever the job happens to run.
    assert ended_yesterday.status_changed_on == TODAY
    assert suspended_long_ago.status_changed_on == TODAY - 29 * DAY
    assert authorisations_expire_due() == []


def test_expire_due_on_a_given_day_records_the_actor(officer):
    authorisation = make_authorisation(
        status=S.APPROVED,
        approved_on=datetime.date(2021, 1, 1),
        valid_until=datetime.date(2023, 12, 31),
    )

    assert authorisations_expire_due(by=officer, today=datetime.date(2023, 12, 31)) == []
    with translation.override("en"):
        authorisations_expire_due(by=officer, today=datetime.date(2024, 1, 1))

    authorisation.refresh_from_db()
    assert authorisation.status == S.EXPIRED
    assert authorisation.status_changed_on == datetime.date(2024, 1, 1)
    assert authorisation.status_reason == "Validity ended on 2023-12-31."
    assert authorisation.history.first().history_user == officer


# --- Producers ---------------------------------------------------------------------------


def test_producer_save_normalises_validates_and_keeps_history(officer):
    producer = Producer(
        kind=ProducerKind.ENTERPRISE,
        name="山亭果品有限公司",
        credit_code="91310115591693856a",
        town=make_town(),
    )

    producer_save(producer=producer, by=officer, reason="登记")

    row = Producer.objects.get(pk=producer.pk)
    assert row.credit_code == "91310115591693856A"
    assert row.history.first().history_user == officer
    assert row.history.first().history_change_reason == "登记"


def test_producer_save_refuses_a_wrong_check_character():
    producer = Producer(
        kind=ProducerKind.ENTERPRISE,
        name="某公司",
        credit_code="91350100M0001TGQXM",
        town=make_town(),
    )

    with pytest.raises(ValidationError):
        producer_save(producer=producer)

    assert not Producer.objects.filter(name="某公司").exists()


@pytest.mark.django_db
def test_suspension_is_emailed_to_the_producer_after_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    authorisation = make_authorisation(status=AuthorisationStatus.APPROVED)
    producer = authorisation.producer
    producer.user = make_user(username="coop", email="coop@example.com")
    producer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.authorisation_suspend(authorisation=authorisation, by=None, reason="抽检不合格")
    assert [m.to for m in mailoutbox] == [["coop@example.com"]]
    # The reason, and the producer it is addressed to (it has no English name).
    assert "抽检不合格" in mailoutbox[0].body
    assert authorisation.producer.name in mailoutbox[0].body


def test_the_daily_command_expires_what_ended(capsys):
    ended = make_authorisation(
        status=AuthorisationStatus.APPROVED,
        approved_on=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2021, 1, 1),
    )
    running = make_authorisation(status=AuthorisationStatus.APPROVED)
    call_command("expire_authorisations", "--dry-run")
    ended.refresh_from_db()
    assert ended.status == AuthorisationStatus.APPROVED
    call_command("expire_authorisations")
    ended.refresh_from_db()
    running.refresh_from_db()
    assert (ended.status, running.status) == (
        AuthorisationStatus.EXPIRED,
        AuthorisationStatus.APPROVED,
    )
    assert ended.status_changed_on == datetime.date(2021, 1, 2)
    assert "1 authorisation(s) expired." in capsys.readouterr().out
