"""Consumers' complaints, their photos and the bureau's replies. Contact details and photos
are for the bureau only: no public page or API shows them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.labels.models import LabelBatch
from products.models import Product
from shanting_gi.core.models import TimestampedModel, choices_constraint
from shanting_gi.core.storage import private_storage

from .cases import EnforcementCase


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
