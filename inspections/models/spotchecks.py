"""Spot-check inspections and their results; a conclusion is derived, never typed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.register.models import Producer, WithProducerQuerySet
from products.models import Product, QualityIndicator
from shanting_gi.core.models import TimestampedModel, choices_constraint


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    SAMPLED = "sampled", _("sampled")
    TESTED = "tested", _("tested")
    PUBLISHED = "published", _("published")


class Conclusion(models.TextChoices):
    PASS = "pass", _("pass")
    FAIL = "fail", _("fail")


# A result passes when its value lies within the limits it was judged against.
RESULT_WITHIN_LIMITS = (Q(limit_min__isnull=True) | Q(measured_value__gte=F("limit_min"))) & (
    Q(limit_max__isnull=True) | Q(measured_value__lte=F("limit_max"))
)


class InspectionQuerySet(WithProducerQuerySet):
    def published(self):
        return self.filter(status=InspectionStatus.PUBLISHED)

    def with_conclusion(self):
        """Annotate has_results and has_failure, from which `conclusion` is read."""
        results = InspectionResult.objects.filter(inspection=OuterRef("pk"))
        return self.annotate(
            has_results=Exists(results), has_failure=Exists(results.filter(passed=False))
        )

    def passed(self):
        return self.with_conclusion().filter(has_results=True, has_failure=False)

    def failed(self):
        return self.with_conclusion().filter(has_failure=True)


class Inspection(TimestampedModel):
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("producer")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("product")
    )
    sample_number = models.CharField(_("sample number"), max_length=50, unique=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    sampled_on = models.DateField(_("sampled on"), null=True, blank=True)
    sampling_place = models.CharField(_("sampling place"), max_length=200, blank=True)
    testing_body = models.CharField(_("testing body"), max_length=150, blank=True)
    report_number = models.CharField(_("report number"), max_length=60, blank=True, db_index=True)
    tested_on = models.DateField(_("tested on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    first_published_on = models.DateField(
        _("first published on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Kept when a result is withdrawn: from then on every change is a recorded correction."
        ),
    )
    follow_up = models.TextField(
        _("follow-up"), blank=True, help_text=_("What was done about a failure (核查处置).")
    )
    follow_up_deadline = models.DateField(_("follow-up deadline"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("follow-up completed on"), null=True, blank=True)
    is_example = models.BooleanField(_("example record"), default=False)
    plan = models.ForeignKey(
        "SpotCheckPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("spot-check plan"),
        help_text=_("The 双随机 draw that selected this producer, if any."),
    )
    inspectors = models.ManyToManyField(
        "Inspector",
        blank=True,
        related_name="inspections",
        verbose_name=_("inspectors"),
        help_text=_("Law-enforcement inspectors assigned to this inspection."),
    )
    history = HistoricalRecords(verbose_name=_("history"))

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-sampled_on", "-pk"]
        verbose_name = _("spot-check inspection")
        verbose_name_plural = _("spot-check inspections")
        constraints = [
            choices_constraint("status", InspectionStatus, "inspections_inspection_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=InspectionStatus.PUBLISHED) | Q(published_on__isnull=False),
                name="inspections_inspection_published_has_date",
            ),
        ]
        indexes = [
            # product page and results list: a product's latest inspections
            models.Index(fields=["product", "-sampled_on"], name="insp_product_date"),
            models.Index(fields=["status", "-sampled_on"], name="insp_status_date"),
        ]

    def __str__(self):
        return f"{self.sample_number} · {self.producer} · {self.product}"

    def get_absolute_url(self):
        return reverse("inspections:detail", kwargs={"pk": self.pk})

    @property
    def conclusion(self):
        """pass / fail from the results; None while there are none.

        Uses the with_conclusion() annotation when present, so a list costs no extra query.
        """
        if hasattr(self, "has_failure"):
            has_results, has_failure = self.has_results, self.has_failure
        else:
            verdicts = [r.passed for r in self.results.all()]
            has_results, has_failure = bool(verdicts), not all(verdicts)
        if not has_results:
            return None
        return Conclusion.FAIL if has_failure else Conclusion.PASS

    @property
    def public_producer_name(self):
        """The producer's name where the register may show it, else a neutral description."""
        if self.producer.is_public:
            return self.producer.display_name
        return _("a producer not listed publicly")

    def get_conclusion_display(self):
        conclusion = self.conclusion
        return Conclusion(conclusion).label if conclusion else _("not yet tested")

    @property
    def is_drawn(self):
        """Selected by a 双随机 draw: its producer, product, plan and inspectors are fixed."""
        return self.plan_id is not None

    @property
    def was_published(self):
        """Published now or before: changes are recorded corrections, and it stays."""
        return self.status == InspectionStatus.PUBLISHED or self.first_published_on is not None


class InspectionCorrection(models.Model):
    """A recorded correction of a published (or once published) inspection: who made it,
    why, and what changed, field by field. Shown with the result on the public page."""

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("inspection"),
    )
    made_at = models.DateTimeField(_("corrected at"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    reason = models.TextField(_("reason for the correction"))
    changes = models.JSONField(
        _("what changed"),
        default=list,
        help_text=_("One entry per field: its name and the value before and after."),
    )

    class Meta:
        ordering = ["inspection", "made_at", "pk"]
        verbose_name = _("correction of a published result")
        verbose_name_plural = _("corrections of published results")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="inspections_correction_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.inspection.sample_number} · {timezone.localtime(self.made_at):%Y-%m-%d}"


class InspectionResult(TimestampedModel):
    """One measured value, judged against the indicator's limits when it was recorded.

    The limits used are copied onto the result so that a published verdict keeps saying
    what it was judged against after the bureau corrects a limit; re-judging is explicit.
    """

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="results", verbose_name=_("inspection")
    )
    indicator = models.ForeignKey(
        QualityIndicator,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("indicator"),
    )
    measured_value = models.DecimalField(_("measured value"), max_digits=12, decimal_places=3)
    limit_min = models.DecimalField(
        _("minimum judged against"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    limit_max = models.DecimalField(
        _("maximum judged against"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"))
    history = HistoricalRecords(verbose_name=_("history"))

    class Meta:
        ordering = ["inspection", "indicator__order", "pk"]
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "indicator"], name="inspections_result_one_per_indicator"
            ),
            # The verdict can only be what the limits say: nobody can type a pass by hand.
            models.CheckConstraint(
                condition=(Q(passed=True) & RESULT_WITHIN_LIMITS)
                | (Q(passed=False) & ~RESULT_WITHIN_LIMITS),
                name="inspections_result_verdict_matches_limits",
            ),
        ]

    def __str__(self):
        return f"{self.inspection.sample_number} · {self.indicator.name}"

    def get_verdict_display(self):
        return Conclusion.PASS.label if self.passed else Conclusion.FAIL.label

    def clean(self):
        if (
            self.inspection_id
            and self.indicator_id
            and self.indicator.product_id != self.inspection.product_id
        ):
            raise ValidationError(
                {
                    "indicator": _(
                        "This indicator belongs to another product than the inspected one."
                    )
                }
            )
