"""Checking and acting: spot-check inspections with their results, enforcement cases."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.labels.models import LabelBatch
from producers.register.models import Producer, WithProducerQuerySet
from products.models import Product, QualityIndicator
from shanting_gi.core.models import TimestampedModel, choices_constraint
from shanting_gi.core.storage import private_storage


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


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    ACCEPTED = "accepted", _("accepted")
    INVESTIGATING = "investigating", _("under investigation")
    CLOSED = "closed", _("closed")


class Complaint(TimestampedModel):
    """A consumer's report of a suspected fake or a problem with a GI product.

    Contact details and photos are for the bureau only: no public page or API shows them.
    The complainant follows the case with the tracking number plus a secret that is shown
    once and stored only as a hash, so a tracking number alone reveals nothing.
    """

    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    secret_hash = models.CharField(_("secret (hashed)"), max_length=64, editable=False)
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("product"),
    )
    description = models.TextField(_("what is wrong"))
    bought_where = models.CharField(_("where it was bought"), max_length=200, blank=True)
    bought_on = models.DateField(_("when it was bought"), null=True, blank=True)
    seller = models.CharField(_("seller"), max_length=150, blank=True)
    label_code = models.CharField(_("label code"), max_length=40, blank=True)
    label_batch = models.ForeignKey(
        LabelBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("label batch"),
        help_text=_("Set when the label code is a genuine code: the producer then sees it."),
    )
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    enforcement_case = models.ForeignKey(
        EnforcementCase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("enforcement case"),
    )
    history = HistoricalRecords(verbose_name=_("history"), excluded_fields=["secret_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            choices_constraint("status", ComplaintStatus, "inspections_complaint_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.CLOSED) | Q(closed_on__isnull=False),
                name="inspections_complaint_closed_has_date",
            ),
        ]
        indexes = [
            # staff work list and statistics: complaints by status
            models.Index(fields=["status", "-created_at"], name="complaint_status_date"),
        ]

    def __str__(self):
        return self.tracking_number


class ComplaintPhoto(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="photos", verbose_name=_("complaint")
    )
    image = models.ImageField(
        _("photo"),
        upload_to="complaints/%Y/%m/",
        storage=private_storage,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)

    class Meta:
        ordering = ["complaint", "pk"]
        verbose_name = _("complaint photo")
        verbose_name_plural = _("complaint photos")

    def __str__(self):
        return f"{self.complaint} · {self.pk}"


class ComplaintReply(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="replies", verbose_name=_("complaint")
    )
    body = models.TextField(_("reply"))
    visible_to_complainant = models.BooleanField(
        _("visible to the complainant"),
        default=True,
        help_text=_("Untick for internal notes that the complainant must not see."),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        ordering = ["complaint", "created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self):
        return f"{self.complaint} · {self.created_at:%Y-%m-%d}"


# --- 双随机 spot-check plans --------------------------------------------------------------


class InspectorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Inspector(TimestampedModel):
    """A law-enforcement inspector who may be drawn to carry out spot-checks.

    Deactivated rather than deleted: a published draw names the inspectors of its pool.
    """

    name = models.CharField(_("name"), max_length=50)
    organisation = models.CharField(
        _("unit"), max_length=150, help_text=_("The office or organisation the inspector is in.")
    )
    badge_number = models.CharField(
        _("law-enforcement certificate number"), max_length=50, blank=True
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active inspectors enter a new draw.")
    )
    history = HistoricalRecords(verbose_name=_("history"))

    objects = InspectorQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name", "pk"]
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class SpotCheckPlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class SpotCheckPlan(TimestampedModel):
    """A 双随机 draw: which producers are inspected, and by which inspectors.

    The pool, the seed and the method are frozen when the plan is drawn, so that anyone can
    re-run the draw on the published pool and seed and get the same sample
    (inspections.draws, docs/spot-check-draw.md).
    """

    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        related_name="spot_check_plans",
        verbose_name=_("product"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    title = models.CharField(_("title"), max_length=150, blank=True)
    producer_count = models.PositiveSmallIntegerField(
        _("producers to draw"), validators=[MinValueValidator(1)]
    )
    inspectors = models.ManyToManyField(
        Inspector,
        blank=True,
        related_name="plans",
        verbose_name=_("inspector pool"),
        help_text=_("The active ones among these are drawn from."),
    )
    inspectors_per_inspection = models.PositiveSmallIntegerField(
        _("inspectors per inspection"), default=2, validators=[MinValueValidator(1)]
    )
    seed = models.CharField(
        _("seed"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("The random seed of the draw, published with it."),
    )
    method = models.CharField(_("draw method"), max_length=30, blank=True, editable=False)
    pool_snapshot = models.JSONField(
        _("pool drawn from"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Producer and inspector ids in the order used, frozen at the draw."),
    )
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True, editable=False)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("drawn by"),
    )
    published = models.BooleanField(_("published"), default=False, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    history = HistoricalRecords(verbose_name=_("history"))

    objects = SpotCheckPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("spot-check plan")
        verbose_name_plural = _("spot-check plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(drawn_at__isnull=True) | ~Q(seed=""),
                name="inspections_plan_drawn_has_seed",
            ),
            models.CheckConstraint(
                condition=Q(published=False)
                | Q(drawn_at__isnull=False, published_on__isnull=False),
                name="inspections_plan_published_is_drawn",
            ),
            models.CheckConstraint(
                condition=Q(producer_count__gte=1) & Q(inspectors_per_inspection__gte=1),
                name="inspections_plan_counts_positive",
            ),
        ]
        indexes = [
            # public plan list: published plans, newest year first
            models.Index(fields=["published", "-year"], name="plan_published_year"),
        ]

    def __str__(self):
        label = self.title or _("spot-check plan")
        return f"{self.year} · {self.product} · {label} #{self.pk or '-'}"

    def get_absolute_url(self):
        return reverse("plans:detail", kwargs={"pk": self.pk})

    @property
    def is_drawn(self):
        return self.drawn_at is not None
