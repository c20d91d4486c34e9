"""双随机 spot-check plans and the inspectors drawn for them (inspections/draws.py)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from products.models import Product
from shanting_gi.core.models import TimestampedModel


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
