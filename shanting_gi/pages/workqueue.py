"""The bureau's work queue, on the staff dashboard: what waits for a clerk, oldest first,
each row a link to the record in the back-office.

- applications for the special mark waiting for a decision, and self-registrations waiting
  for confirmation;
- complaints not yet closed, with their age against the time limit;
- annual reports late (none filed by 31 March for last year);
- follow-ups of failed spot-checks past their deadline;
- authorisations whose validity ends soon (figures.expiring_authorisations).

Each list is one query and shows at most ROWS rows; its heading links to the full list.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from inspections.followups import follow_ups_overdue
from inspections.models import Complaint, ComplaintStatus
from producers.accounts.models import Application, ApplicationStatus, ProducerSignup, SignupStatus
from producers.accounts.services import reports_late

ROWS = 50


def add_working_days(start, days):
    """start plus `days` working days (Monday to Friday; public holidays are not known)."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def complaint_limit_days(status):
    """Working days the bureau has for a complaint in this status (settings)."""
    if status == ComplaintStatus.RECEIVED:
        return settings.COMPLAINT_ACCEPTANCE_WORKING_DAYS
    return settings.COMPLAINT_HANDLING_WORKING_DAYS


@dataclass
class ComplaintRow:
    complaint: Complaint
    age_days: int
    limit_days: int
    due_on: datetime.date
    overdue: bool


def complaints_open(today):
    """Complaints not closed, oldest first, each with its age and due date. Queries: 1."""
    rows = []
    complaints = (
        Complaint.objects.exclude(status=ComplaintStatus.CLOSED)
        .select_related("product")
        .only("tracking_number", "status", "created_at", "description", "product__name")
        .order_by("created_at", "pk")[:ROWS]
    )
    for complaint in complaints:
        received = timezone.localdate(complaint.created_at)
        limit = complaint_limit_days(complaint.status)
        due = add_working_days(received, limit)
        rows.append(ComplaintRow(complaint, (today - received).days, limit, due, today > due))
    return rows


def work_queue(today=None):
    """The lists of the work queue. Queries: 5 (plus the expiring authorisations' 1)."""
    today = today or timezone.localdate()
    applications = list(
        Application.objects.filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.INFO_REQUESTED]
        )
        .select_related("producer", "product")
        .order_by("submitted_at", "pk")[:ROWS]
    )
    for application in applications:
        application.age_days = (today - timezone.localdate(application.submitted_at)).days
    signups = list(
        ProducerSignup.objects.filter(status=SignupStatus.PENDING)
        .select_related("town")
        .order_by("created_at", "pk")[:ROWS]
    )
    for signup in signups:
        signup.age_days = (today - timezone.localdate(signup.created_at)).days
    last_year = today.year - 1
    late_reports = list(
        reports_late(last_year, today=today)
        .select_related("producer", "product")
        .order_by("producer__name", "pk")[:ROWS]
    )
    overdue = list(follow_ups_overdue(today)[:ROWS])
    for inspection in overdue:
        inspection.days_overdue = (today - inspection.follow_up_deadline).days
    return {
        "applications": applications,
        "signups": signups,
        "complaints": complaints_open(today),
        "late_reports": late_reports,
        "late_reports_year": last_year,
        "follow_ups_overdue": overdue,
        "rows_shown": ROWS,
    }
