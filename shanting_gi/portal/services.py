"""Writes with a rule for the portal's content. The admin, the pages, the API and the demo
seed all call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shanting_gi.core import receipts
from shanting_gi.core.history import save_with_history as _save

from . import notifications
from .models import ArticleStatus, Consultation, ConsultationStatus

S = ConsultationStatus


def _check_user(by):
    return by if by is not None and by.is_authenticated else None


# --- Consultation ---------------------------------------------------------------------------


def consultation_submit(*, fields, attachment=None):
    """Store a question with its (already checked) attachment; returns (consultation, secret).

    The secret is shown to the asker once and stored only as a hash. Everything or nothing
    is saved: a file already written is removed again when the database refuses the row.
    """
    secret, secret_hash = receipts.new_secret()
    consultation = Consultation(secret_hash=secret_hash, **fields)
    stored = None
    storage = Consultation._meta.get_field("attachment").storage
    try:
        with transaction.atomic():
            consultation.tracking_number = _unique_tracking_number()
            if attachment is not None:
                consultation.attachment_name = attachment.original_name[:200]
                consultation.attachment.save(attachment.file.name, attachment.file, save=False)
                stored = consultation.attachment.name
            _save(consultation, reason=_("Question received."))
    except Exception:
        if stored:
            storage.delete(stored)
        raise
    return consultation, secret


def _unique_tracking_number():
    for _attempt in range(5):
        number = receipts.new_tracking_number("ZX")
        if not Consultation.objects.filter(tracking_number=number).exists():
            return number
    return number  # the unique constraint refuses the (astronomically unlikely) clash


def consultation_prepare_staff_entry(consultation):
    """A FAQ entry staff write themselves (no asker): a tracking number and an unusable
    secret, so the row is like any other."""
    if not consultation.tracking_number:
        consultation.tracking_number = _unique_tracking_number()
    if not consultation.secret_hash:
        consultation.secret_hash = receipts.new_secret()[1]
    return consultation


def consultation_find(*, tracking_number, secret):
    """The consultation when both match, else None — the same answer whichever is wrong."""
    tracking_number = receipts.normalise_tracking_number(tracking_number)
    consultation = (
        Consultation.objects.select_related("product")
        .filter(tracking_number=tracking_number)
        .first()
    )
    expected = consultation.secret_hash if consultation else receipts.NO_SUCH_RECEIPT
    matches = receipts.secret_matches(expected, secret)
    return consultation if consultation and matches else None


def consultation_assign(*, consultation, to, by):
    if consultation.status in (S.ANSWERED, S.CLOSED):
        raise ValidationError(_("An answered or closed question is not assigned any more."))
    with transaction.atomic():
        consultation.assigned_to = to
        consultation.status = S.ASSIGNED
        _save(
            consultation,
            by=by,
            reason=_("Assigned to %(user)s.") % {"user": to.get_username() if to else "—"},
        )
    return consultation


def consultation_answer(*, consultation, answer, by, answer_en=""):
    """Record (or correct) the bureau's answer; the asker is emailed when they gave an
    address — after the commit, so a refused answer sends nothing."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("An answer cannot be empty.")})
    if consultation.status == S.CLOSED:
        raise ValidationError(_("A closed question cannot be answered."))
    first_answer = consultation.status != S.ANSWERED
    with transaction.atomic():
        consultation.answer = answer
        consultation.answer_en = (answer_en or "").strip()
        consultation.status = S.ANSWERED
        consultation.answered_at = timezone.now()
        if consultation.assigned_to_id is None and _check_user(by):
            consultation.assigned_to = by
        _save(
            consultation,
            by=by,
            reason=_("Answered.") if first_answer else _("Answer corrected."),
        )
        notifications.consultation_answered(consultation, corrected=not first_answer)
    return consultation


def consultation_publish(
    *, consultation, by, public_question=None, public_question_en=None, on=None
):
    """Publish the answer in the FAQ, under a public wording of the question."""
    if public_question is not None:
        consultation.public_question = public_question.strip()
    if public_question_en is not None:
        consultation.public_question_en = public_question_en.strip()
    if consultation.status != S.ANSWERED:
        raise ValidationError(_("Only an answered question can be published."))
    if not consultation.public_question:
        raise ValidationError(
            {
                "public_question": _(
                    "Write the question as the FAQ should show it (without the asker's name or contact) before publishing."
                )
            }
        )
    with transaction.atomic():
        consultation.published_on = consultation.published_on or on or timezone.localdate()
        _save(consultation, by=by, reason=_("Published in the FAQ."))
    return consultation


def consultation_unpublish(*, consultation, by, reason):
    if not (reason or "").strip():
        raise ValidationError(_("Say why the answer is withdrawn."))
    with transaction.atomic():
        consultation.published_on = None
        _save(consultation, by=by, reason=reason)
    return consultation


def consultation_close(*, consultation, by, reason):
    """Close a question without an answer (a duplicate, spam, out of the bureau's remit)."""
    if consultation.status == S.ANSWERED:
        raise ValidationError(
            _("An answered question is not closed; withdraw it from the FAQ instead.")
        )
    if not (reason or "").strip():
        raise ValidationError(_("Say why the question is closed without an answer."))
    with transaction.atomic():
        consultation.status = S.CLOSED
        _save(consultation, by=by, reason=reason)
    return consultation


# --- Articles -------------------------------------------------------------------------------


def article_publish(*, article, by, on=None):
    """Publish a draft; its date stays as written unless none was set."""
    with transaction.atomic():
        article.status = ArticleStatus.PUBLISHED
        if on is not None:
            article.published_on = on
        _save(article, by=by, reason=_("Published."))
    return article


def article_unpublish(*, article, by, reason):
    if not (reason or "").strip():
        raise ValidationError(_("Say why the article is withdrawn."))
    with transaction.atomic():
        article.status = ArticleStatus.DRAFT
        _save(article, by=by, reason=reason)
    return article


def event_set_published(*, event, published, by, reason=""):
    with transaction.atomic():
        event.is_published = published
        _save(event, by=by, reason=reason or (_("Published.") if published else _("Withdrawn.")))
    return event
