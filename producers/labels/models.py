"""Label batches and the scans of their codes.

The codes themselves are signed, not stored (producers/labels/codes.py): a batch of a
million labels is one row, and a code gets a LabelScan row only once someone actually
checks it. The tables keep their names from when these models lived in the producers app.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.register.models import Authorisation, WithProducerQuerySet

LABEL_BATCH_MAX_QUANTITY = 1 << 20  # the 20-bit serial field of a label code


class LabelBatchQuerySet(WithProducerQuerySet):
    producer_path = "authorisation__producer"

    def not_void(self):
        return self.filter(voided_at__isnull=True)


class LabelBatch(models.Model):
    authorisation = models.ForeignKey(
        Authorisation,
        on_delete=models.PROTECT,
        related_name="label_batches",
        verbose_name=_("authorisation"),
        help_text=_("The live authorisation the labels were issued to."),
    )
    season = models.PositiveSmallIntegerField(
        _("season"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The harvest year the labels are for; counts against that year's cap."),
    )
    quantity = models.PositiveIntegerField(
        _("quantity"),
        validators=[MinValueValidator(1), MaxValueValidator(LABEL_BATCH_MAX_QUANTITY)],
        help_text=_("Number of labels, at most 1,048,576 per batch."),
    )
    key_version = models.PositiveSmallIntegerField(
        _("signing key version"),
        editable=False,
        help_text=_("Which signing key the batch's codes carry, so keys can be rotated."),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("The staff member who issued the batch."),
    )
    voided_at = models.DateTimeField(
        _("voided at"),
        null=True,
        blank=True,
        help_text=_("Set when the batch was withdrawn; its codes then verify with a warning."),
    )
    void_reason = models.TextField(
        _("reason for voiding"),
        blank=True,
        help_text=_("Required when the batch is void, e.g. labels lost or stolen."),
    )
    is_example = models.BooleanField(
        _("example record"),
        default=False,
        help_text=_("Invented demonstration data, marked 示例 on every page."),
    )
    history = HistoricalRecords(
        verbose_name=_("history"), table_name="producers_historicallabelbatch"
    )

    objects = LabelBatchQuerySet.as_manager()

    class Meta:
        db_table = "producers_labelbatch"  # kept from the producers app
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("label batch")
        verbose_name_plural = _("label batches")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=LABEL_BATCH_MAX_QUANTITY),
                name="producers_labelbatch_quantity_range",
            ),
            models.CheckConstraint(
                condition=Q(key_version__lte=7), name="producers_labelbatch_key_version_range"
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="producers_labelbatch_void_has_reason",
            ),
        ]
        indexes = [
            # the cap check at issue: non-void batches of one authorisation and season
            models.Index(fields=["authorisation", "season"], name="labelbatch_auth_season"),
        ]

    def __str__(self):
        return _("Label batch %(id)s · %(season)s · %(quantity)s labels") % {
            "id": self.pk,
            "season": self.season,
            "quantity": self.quantity,
        }

    def clean(self):
        if self.voided_at and not (self.void_reason or "").strip():
            raise ValidationError({"void_reason": _("Say why the batch is void.")})

    @property
    def is_void(self):
        return self.voided_at is not None


class LabelScan(models.Model):
    batch = models.ForeignKey(
        LabelBatch,
        on_delete=models.CASCADE,
        related_name="scans",
        verbose_name=_("label batch"),
    )
    serial = models.PositiveIntegerField(
        _("serial"), help_text=_("0-based number of the label within its batch.")
    )
    first_scanned_at = models.DateTimeField(
        _("first checked at"), help_text=_("When the code was first checked on the platform.")
    )
    last_scanned_at = models.DateTimeField(_("last checked at"))
    count = models.PositiveIntegerField(
        _("times checked"),
        default=0,
        help_text=_("A genuine label is checked a few times; hundreds suggest a copied code."),
    )

    class Meta:
        db_table = "producers_labelscan"  # kept from the producers app
        ordering = ["batch", "serial"]
        verbose_name = _("label scan")
        verbose_name_plural = _("label scans")
        constraints = [
            # Its index also serves the per-code lookup and increment on every genuine scan.
            models.UniqueConstraint(
                fields=["batch", "serial"], name="producers_labelscan_one_row_per_code"
            ),
        ]

    def __str__(self):
        return _("Batch %(batch)s, label %(serial)s: checked %(count)s times") % {
            "batch": self.batch_id,
            "serial": self.serial,
            "count": self.count,
        }
