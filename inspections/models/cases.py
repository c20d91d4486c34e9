"""Enforcement cases: the bureau's decisions on misuse of the GIs and the special mark."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.labels.models import LabelBatch
from producers.register.models import Producer, WithProducerQuerySet
from products.models import Product
from shanting_gi.core.models import TimestampedModel, choices_constraint


class ViolationType(models.TextChoices):
    UNAUTHORISED_USE = "unauthorised_use", _("use of the special mark without authorisation")
    OBSOLETE_MARK = "obsolete_mark", _("use of the obsolete mark")
    BEYOND_SCOPE = "beyond_scope", _("use beyond the authorised scope")
    FAKE_ORIGIN = "fake_origin", _("false indication of origin")
    MISLEADING_WORDING = "misleading_wording", _("misleading wording (such as 'type' or 'style')")
    SUBSTANDARD = "substandard", _("product below the standard")
    OTHER = "other", _("other")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("under investigation")
    DECIDED = "decided", _("decided")
    CLOSED = "closed", _("closed")
    DROPPED = "dropped", _("dropped")


class EnforcementCaseQuerySet(WithProducerQuerySet):
    def published(self):
        return self.filter(published=True)


class EnforcementCase(TimestampedModel):
    case_number = models.CharField(_("case number"), max_length=60, unique=True)
    producer = models.ForeignKey(
        Producer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("registered producer"),
    )
    subject_name = models.CharField(
        _("party concerned"),
        max_length=150,
        blank=True,
        help_text=_("Name of the party when it is not a registered producer."),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("product"),
    )
    inspection = models.ForeignKey(
        "Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("spot-check that led to it"),
        help_text=_("The failed sample the case was opened from, if any."),
    )
    label_code = models.CharField(
        _("label code"),
        max_length=40,
        blank=True,
        help_text=_("A label code found on the goods, genuine or forged."),
    )
    label_batch = models.ForeignKey(
        LabelBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("label batch"),
        help_text=_("Set from the label code when it is a genuine code."),
    )
    violation_type = models.CharField(_("violation"), max_length=30, choices=ViolationType.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    penalty = models.TextField(_("penalty"), blank=True)
    fine_yuan = models.DecimalField(
        _("fine (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    is_example = models.BooleanField(_("example record"), default=False)
    history = HistoricalRecords(verbose_name=_("history"))

    objects = EnforcementCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("enforcement case")
        verbose_name_plural = _("enforcement cases")
        constraints = [
            choices_constraint("violation_type", ViolationType, "inspections_case_violation_valid"),
            choices_constraint("status", CaseStatus, "inspections_case_status_valid"),
            models.CheckConstraint(
                condition=Q(producer__isnull=False) | ~Q(subject_name=""),
                name="inspections_case_has_subject",
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_on__isnull=False),
                name="inspections_case_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("opened_on")),
                name="inspections_case_decided_after_opened",
            ),
        ]
        indexes = [
            # public enforcement list: published cases, newest first
            models.Index(fields=["published", "-opened_on"], name="case_published_date"),
        ]

    def __str__(self):
        return self.case_number

    def get_absolute_url(self):
        return reverse("enforcement:detail", kwargs={"pk": self.pk})

    @property
    def subject(self):
        return self.producer.name if self.producer_id else self.subject_name

    def clean(self):
        if not self.producer_id and not self.subject_name:
            raise ValidationError(
                {"subject_name": _("Name the party concerned or choose a registered producer.")}
            )
