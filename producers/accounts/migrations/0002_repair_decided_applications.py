"""Applications left "submitted" or "more information requested" although their
authorisation was approved or rejected from the authorisation's own admin page (the bug
fixed when decisions began to go through one service). Each takes its authorisation's
decision, reason and date, with a history entry saying why — and no email, since the
producer was told by the authorisation's own status email at the time."""

import datetime

from django.db import migrations
from django.utils import timezone

UNDECIDED = ("submitted", "info_requested")
DECISION = {"approved": "approved", "rejected": "rejected"}
# Later states of an approved authorisation: the application was approved all the same.
APPROVED_LATER = ("suspended", "revoked", "expired")
REASON = (
    "按其用标核准的决定补记（修正此前从核准页面审批时申请状态未同步的问题）。 / "
    "Brought in line with its authorisation's decision (repairs applications left undecided "
    "when the authorisation was decided from its own admin page)."
)
HISTORY_FIELDS = (
    "id",
    "producer_id",
    "product_id",
    "planting_area_mu",
    "address",
    "expected_annual_output_t",
    "status",
    "submitted_at",
    "decided_at",
    "decision_reason",
    "authorisation_id",
    "created_at",
    "updated_at",
)


def repair(apps, schema_editor):
    db = schema_editor.connection.alias
    Application = apps.get_model("accounts", "Application")
    History = apps.get_model("accounts", "HistoricalApplication")
    stuck = Application.objects.using(db).filter(
        status__in=UNDECIDED,
        authorisation__status__in=[*DECISION, *APPROVED_LATER],
    ).select_related("authorisation")
    now = timezone.now()
    for application in stuck:
        authorisation = application.authorisation
        status = "approved" if authorisation.status in APPROVED_LATER else authorisation.status
        day = authorisation.approved_on if status == "approved" else None
        day = day or authorisation.status_changed_on
        application.status = status
        application.decided_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(12))
        )
        application.decision_reason = authorisation.status_reason
        application.updated_at = now
        application.save()
        History.objects.using(db).create(
            **{field: getattr(application, field) for field in HISTORY_FIELDS},
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
            history_user=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("producers", "0008_labels_and_accounts_moved"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
