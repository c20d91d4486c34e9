"""Writes behind producer self-service: applications for the special mark, the bureau's
questions and decisions on them, and the annual mark-use report.

The authorisation itself is still moved only by producers.services; these functions call
those, keep the Application beside it in step, and send the producer an email
(producers.notifications) once the change is committed. The bureau's admin actions and the
producer's pages call the same functions.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.register import notifications, services
from producers.register.models import Authorisation, AuthorisationStatus, Producer
from shanting_gi.core.history import save_with_history

from .models import (
    AnnualUseReport,
    Application,
    ApplicationDocument,
    ApplicationMessage,
    ApplicationStatus,
    MessageAuthor,
    ProducerSignup,
    SignupStatus,
    annual_report_deadline,
)

A = ApplicationStatus
MAX_APPLICATION_DOCUMENTS = 5

# The bureau decides on an application in these states; the producer answers in the other.
DECIDABLE = {A.SUBMITTED, A.INFO_REQUESTED}


def _text(value, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


def _lock(application):
    return Application.objects.select_for_update().get(pk=application.pk)


def _store_documents(application, documents, stored):
    for document in documents:
        item = ApplicationDocument(
            application=application,
            kind=document.kind,
            original_name=(document.original_name or "")[:200],
            size=document.file.size,
        )
        item.file.save(document.file.name, document.file, save=False)
        stored.append(item.file.name)
        item.full_clean()
        item.save()


def _with_files(work):
    """Run work(stored) atomically; on failure delete the files it already wrote."""
    stored = []
    try:
        with transaction.atomic():
            return work(stored)
    except Exception:
        storage = ApplicationDocument._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise


def application_submit(*, producer, product, by, documents=(), **fields):
    """File an application and record the matching authorisation (status applied).

    documents are CleanDocument items from account_forms (already proven PDF or image).
    Refused while the producer has an open authorisation for the product.
    """
    if len(documents) > MAX_APPLICATION_DOCUMENTS:
        raise ValidationError(
            _("Please attach at most %(n)d documents.") % {"n": MAX_APPLICATION_DOCUMENTS}
        )
    if Authorisation.objects.open().filter(producer=producer, product=product).exists():
        raise ValidationError(
            _("You already have an open application or authorisation for this product.")
        )

    def work(stored):
        application = Application(
            producer=producer,
            product=product,
            status=A.SUBMITTED,
            submitted_at=timezone.now(),
            **fields,
        )
        save_with_history(application, by=by, reason=_("Application submitted."))
        _store_documents(application, documents, stored)
        application.authorisation = services.authorisation_apply(
            producer=producer,
            product=product,
            by=by,
            reason=_("Application %(id)s submitted online.") % {"id": application.pk},
        )
        save_with_history(application, by=by, reason=_("Authorisation recorded."))
        notifications.application_event("application_submitted", application)
        return application

    return _with_files(work)


def application_request_info(*, application, by, question):
    """The bureau asks the producer for more information; the application waits for it."""
    question = _text(question, _("Write the question for the producer."))
    with transaction.atomic():
        current = _lock(application)
        if current.status not in DECIDABLE:
            raise ValidationError(
                _("Cannot ask about an application that is %(status)s.")
                % {"status": current.get_status_display()}
            )
        ApplicationMessage.objects.create(
            application=current, author_kind=MessageAuthor.BUREAU, author=by, body=question
        )
        current.status = A.INFO_REQUESTED
        save_with_history(
            current, by=by, reason=_("More information requested: %(q)s") % {"q": question}
        )
        notifications.application_event("info_requested", current, question=question)
    application.refresh_from_db()
    return application


def application_answer(*, application, by, answer, documents=()):
    """The producer answers the bureau's question (optionally with documents)."""
    answer = _text(answer, _("Write your answer."))
    if application.documents.count() + len(documents) > MAX_APPLICATION_DOCUMENTS * 2:
        raise ValidationError(_("This application already has as many documents as allowed."))

    def work(stored):
        current = _lock(application)
        if current.status != A.INFO_REQUESTED:
            raise ValidationError(_("The bureau has not asked anything that awaits an answer."))
        ApplicationMessage.objects.create(
            application=current, author_kind=MessageAuthor.PRODUCER, author=by, body=answer
        )
        _store_documents(current, documents, stored)
        current.status = A.SUBMITTED
        save_with_history(current, by=by, reason=_("Producer answered the bureau's question."))
        return current

    _with_files(work)
    application.refresh_from_db()
    return application


def application_approve(
    *,
    application,
    by,
    reason,
    announcement_number,
    approved_on=None,
    valid_until=None,
    annual_quantity_cap=None,
):
    """Approve the application's authorisation, which becomes live; the application follows
    (application_follows_authorisation)."""
    reason = _text(reason, _("Give a reason: it is kept in the history and told to the producer."))
    with transaction.atomic():
        current = _lock(application)
        if current.status not in DECIDABLE or current.authorisation_id is None:
            raise ValidationError(
                _("Cannot approve an application that is %(status)s.")
                % {"status": current.get_status_display()}
            )
        services.authorisation_approve(
            authorisation=current.authorisation,
            by=by,
            reason=reason,
            announcement_number=announcement_number,
            approved_on=approved_on,
            valid_until=valid_until,
            annual_quantity_cap=annual_quantity_cap,
        )
    application.refresh_from_db()
    return application


def application_reject(*, application, by, reason):
    """Reject the application (through its authorisation, which the application follows);
    the reason is shown to the producer."""
    reason = _text(reason, _("Give a reason: it is kept in the history and told to the producer."))
    with transaction.atomic():
        current = _lock(application)
        if current.status not in DECIDABLE:
            raise ValidationError(
                _("Cannot reject an application that is %(status)s.")
                % {"status": current.get_status_display()}
            )
        if current.authorisation_id is not None:
            services.authorisation_reject(authorisation=current.authorisation, by=by, reason=reason)
        else:
            _decide(current, A.REJECTED, by=by, reason=reason)
    application.refresh_from_db()
    return application


def _decide(application, status, *, by, reason, authorisation=None):
    application.status = status
    application.decided_at = timezone.now()
    application.decision_reason = reason
    save_with_history(application, by=by, reason=reason)
    event = "application_approved" if status == A.APPROVED else "application_rejected"
    notifications.application_event(event, application, authorisation=authorisation)


# The decision on an application is the decision on its authorisation, whichever door it
# came in by: the authorisation's admin actions, the application's, an import or a command.
DECISIONS = {"approve": A.APPROVED, "reject": A.REJECTED}


def application_follows_authorisation(name, authorisation, *, by, reason):
    """Follower of producers.register.services (registered in apps.py): an approval or
    rejection of an authorisation decides the application it came from, and the producer is
    told in the application's words. True when it did so."""
    if name not in DECISIONS:
        return False
    current = (
        Application.objects.select_for_update()
        .filter(authorisation=authorisation, status__in=DECIDABLE)
        .first()
    )
    if current is None:
        return False
    _decide(current, DECISIONS[name], by=by, reason=reason, authorisation=authorisation)
    return True


# Annual mark-use report


def annual_report_check(*, producer, product, year, labels_used):
    """A report is checked against what it refers to: the year lies in the period of an
    authorisation for the product, and the labels used are no more than the labels issued
    for that season (which the annual cap already bounds)."""
    from producers.labels.models import LabelBatch

    if year > timezone.localdate().year:
        raise ValidationError(_("A report can only cover a year that has begun."))
    authorisations = Authorisation.objects.filter(producer=producer, product=product)
    if not authorisations.exclude(approved_on__isnull=True).exists():
        raise ValidationError(_("Reports are filed for products you have been authorised to mark."))
    in_effect = list(report_obligations(year, authorisations))
    if not in_effect:
        first = authorisations.exclude(approved_on__isnull=True).order_by("approved_on").first()
        raise ValidationError(
            {
                "year": _(
                    "You were not authorised to use the special mark on %(product)s in "
                    "%(year)s: the authorisation runs from %(date)s."
                )
                % {"product": product, "year": year, "date": first.approved_on.isoformat()}
            }
        )
    issued = (
        LabelBatch.objects.not_void()
        .filter(authorisation__in=in_effect, season=year)
        .aggregate(total=Sum("quantity"))["total"]
        or 0
    )
    if labels_used > issued:
        raise ValidationError(
            {
                "labels_used": _(
                    "%(used)s labels used is more than the %(issued)s labels issued to you for "
                    "season %(year)s."
                )
                % {"used": f"{labels_used:,}", "issued": f"{issued:,}", "year": year}
            }
        )
    caps = [a.annual_quantity_cap for a in in_effect]
    if None not in caps and labels_used > sum(caps):
        raise ValidationError(
            {
                "labels_used": _("%(used)s labels used is more than the annual cap of %(cap)s.")
                % {"used": f"{labels_used:,}", "cap": f"{sum(caps):,}"}
            }
        )


def annual_report_submit(*, producer, product, year, labels_used, quantity_sold_kg, by, notes=""):
    """File the report on one year's mark use; one per producer, product and year."""
    annual_report_check(producer=producer, product=product, year=year, labels_used=labels_used)
    report = AnnualUseReport(
        producer=producer,
        product=product,
        year=year,
        labels_used=labels_used,
        quantity_sold_kg=quantity_sold_kg,
        notes=notes,
        submitted_by=by if by is not None and by.is_authenticated else None,
    )
    with transaction.atomic():
        save_with_history(report, by=by, reason=_("Annual report filed."))
    return report


def annual_report_correct(*, report, by, labels_used, quantity_sold_kg, notes="", reason=""):
    """Correct a filed report (the history keeps the earlier figures) until the bureau has
    accepted it."""
    with transaction.atomic():
        current = AnnualUseReport.objects.select_for_update().get(pk=report.pk)
        if current.is_accepted:
            raise ValidationError(
                _("The bureau has accepted this report; ask the bureau to correct it.")
            )
        annual_report_check(
            producer=current.producer,
            product=current.product,
            year=current.year,
            labels_used=labels_used,
        )
        current.labels_used = labels_used
        current.quantity_sold_kg = quantity_sold_kg
        current.notes = notes
        save_with_history(current, by=by, reason=(reason or "").strip() or _("Report corrected."))
    report.refresh_from_db()
    return report


def annual_report_accept(*, report, by):
    """The bureau accepts a report: from then on it is fixed."""
    with transaction.atomic():
        current = AnnualUseReport.objects.select_for_update().get(pk=report.pk)
        if current.is_accepted:
            raise ValidationError(_("This report has already been accepted."))
        current.accepted_at = timezone.now()
        current.accepted_by = by if by is not None and by.is_authenticated else None
        save_with_history(current, by=by, reason=_("Report accepted."))
    report.refresh_from_db()
    return report


# Who owes an annual report. Reads used by the admin's "late" filter and by the tests.


def report_obligations(year, queryset=None):
    """Authorisations that were in effect at some time during year: each owes a report.

    Approved on or before 31 December of year, not closed (revoked, expired) before
    1 January of year, and not ended by its validity before then.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    S = AuthorisationStatus
    queryset = Authorisation.objects.all() if queryset is None else queryset
    return queryset.filter(approved_on__isnull=False, approved_on__lte=end).filter(
        Q(status__in=[S.APPROVED, S.SUSPENDED])
        | Q(status__in=[S.REVOKED, S.EXPIRED], status_changed_on__gte=start),
        Q(valid_until__isnull=True) | Q(valid_until__gte=start),
    )


def _report_for(year, *, by=None):
    reports = AnnualUseReport.objects.filter(
        producer=OuterRef("producer"), product=OuterRef("product"), year=year
    )
    if by is not None:
        reports = reports.filter(submitted_at__date__lte=by)
    return Exists(reports)


def reports_late(year, *, today=None, queryset=None):
    """Obligations for year with no report filed by the deadline, once it has passed."""
    today = today or timezone.localdate()
    deadline = annual_report_deadline(year)
    obligations = report_obligations(year, queryset)
    if today <= deadline:
        return obligations.none()
    return obligations.filter(~_report_for(year, by=deadline))


def reports_missing(year, *, queryset=None):
    """Obligations for year with no report at all (yet)."""
    return report_obligations(year, queryset).filter(~_report_for(year))


def reports_filed(year, *, queryset=None):
    return report_obligations(year, queryset).filter(_report_for(year))


# Self-registration: an inactive account and a pending ProducerSignup; the bureau confirms
# (linking or registering the producer, activating the account) or refuses.


def signup_submit(*, username, password, email="", **fields):
    """Create the inactive account and the pending registration. The email is optional:
    many households have none; the bureau reaches them by the contact phone."""
    User = get_user_model()
    with transaction.atomic():
        user = User(username=username, email=(email or "").strip(), is_active=False)
        user.set_password(password)
        user.full_clean()
        user.save()
        signup = ProducerSignup(user=user, **fields)
        save_with_history(signup, by=None, reason=_("Self-registration received."))
    return signup


def _pending(signup):
    current = ProducerSignup.objects.select_for_update().get(pk=signup.pk)
    if current.status != SignupStatus.PENDING:
        raise ValidationError(
            _("This registration is already %(status)s.") % {"status": current.get_status_display()}
        )
    return current


def signup_confirm(*, signup, by, reason="", producer=None, duplicate_reason=""):
    """Link the account to `producer` (a registered producer the clerk chose), else to the
    producer with the same credit code, else register the producer from the details —
    refused as a likely duplicate of a registered one unless duplicate_reason says why it
    is another. Activates the account and tells the producer."""
    with transaction.atomic():
        current = _pending(signup)
        if producer is None and current.credit_code:
            producer = Producer.objects.filter(credit_code=current.credit_code).first()
        if producer is not None and producer.user_id not in (None, current.user_id):
            raise ValidationError(
                _("%(producer)s already has another account; it cannot be linked twice.")
                % {"producer": producer}
            )
        if producer is None:
            producer = Producer(
                kind=current.kind,
                name=current.name,
                credit_code=current.credit_code,
                legal_representative=current.legal_representative,
                town=current.town,
                address=current.address,
                private_phone=current.contact_phone,
            )
        producer.user = current.user
        services.producer_save(
            producer=producer,
            by=by,
            reason=_("Self-registration confirmed."),
            duplicate_reason=duplicate_reason,
        )
        current.user.is_active = True
        current.user.save(update_fields=["is_active"])
        current.status = SignupStatus.CONFIRMED
        current.producer = producer
        current.decision_reason = (reason or "").strip()
        save_with_history(current, by=by, reason=_("Confirmed."))
        notifications.send("signup_confirmed", producer=producer, context={"signup": current})
    signup.refresh_from_db()
    return signup


def signup_refuse(*, signup, by, reason):
    reason = _text(reason, _("Give a reason: it is told to the applicant."))
    with transaction.atomic():
        current = _pending(signup)
        current.status = SignupStatus.REFUSED
        current.decision_reason = reason
        save_with_history(current, by=by, reason=reason)
        notifications.send_to(
            "signup_refused",
            address=current.user.email,
            user=current.user,
            context={"signup": current},
        )
    signup.refresh_from_db()
    return signup
