"""The register: producers, their special-mark authorisations, and where to buy.

Label batches (producers.labels) and producer self-service (producers.accounts) build on
these models; nothing here knows about them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.register.validators import normalise_credit_code, validate_credit_code
from products.models import Product, Town
from shanting_gi.core.models import (
    TimestampedModel,
    choices_constraint,
    localized,
    without_example_marker,
)
from shanting_gi.core.search import build_search_text


class ProducerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    COOPERATIVE = "cooperative", _("farmers' cooperative")
    INDIVIDUAL_BUSINESS = "individual_business", _("individual business")
    HOUSEHOLD = "household", _("farming household")


# Fields of a producer that no public page or API response may show. Public reads defer
# them, so a template or serializer slip costs a query (caught by query-count tests)
# instead of leaking them. The one list for the pages, the API and the exports.
PRODUCER_PRIVATE_FIELDS = ("legal_representative", "private_phone", "notes", "user", "search_text")


def producer_private_fields(prefix=""):
    """PRODUCER_PRIVATE_FIELDS as seen through a relation, e.g. prefix="producer"."""
    return [f"{prefix}__{f}" if prefix else f for f in PRODUCER_PRIVATE_FIELDS]


class ProducerQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def without_private_fields(self):
        return self.defer(*producer_private_fields())


class WithProducerQuerySet(models.QuerySet):
    """For models that reach a producer (directly or through producer_path): a public page
    loads the producer with its town, never its private fields."""

    producer_path = "producer"

    def with_public_producer(self):
        path = self.producer_path
        return self.select_related(f"{path}__town").defer(*producer_private_fields(path))


class CreditCodeRule:
    """The credit-code rule of every record that names a producer (the register, a
    self-registration): the code is normalised before the field checks, so "9131-0110 …"
    is not refused as too long, and only a farming household may have none."""

    def clean_fields(self, exclude=None):
        self.credit_code = normalise_credit_code(self.credit_code)
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        if not self.credit_code and self.kind != ProducerKind.HOUSEHOLD:
            raise ValidationError(
                {
                    "credit_code": _(
                        "Only a farming household may be registered without a credit code."
                    )
                }
            )


class Producer(CreditCodeRule, TimestampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=ProducerKind.choices)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters (GB 32100). Households without one leave it blank."),
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="producers", verbose_name=_("town")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    public_contact = models.CharField(
        _("public contact"),
        max_length=100,
        blank=True,
        help_text=_("Shown on the public register: a shop or office phone, never a private one."),
    )
    private_phone = models.CharField(
        _("private phone"),
        max_length=30,
        blank=True,
        help_text=_("For the bureau only; never shown on a public page or in the API."),
    )
    planting_area_mu = models.DecimalField(
        _("planting area (mu)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    association_member = models.BooleanField(
        _("member of the producers' association"), default=False
    )
    is_public = models.BooleanField(
        _("shown on the public register"),
        default=True,
        help_text=_("Untick for producers who must not be listed publicly."),
    )
    is_example = models.BooleanField(
        _("example record"),
        default=False,
        help_text=_("Invented demonstration data, marked 示例 on every page."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="producer",
        verbose_name=_("user account"),
    )
    notes = models.TextField(_("internal notes"), blank=True)
    search_text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=_("Name with its pinyin forms.")
    )
    history = HistoricalRecords(verbose_name=_("history"))

    objects = ProducerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        constraints = [
            choices_constraint("kind", ProducerKind, "producers_producer_kind_valid"),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="producers_producer_credit_code_unique",
                violation_error_message=_("Another producer already has this credit code."),
            ),
            models.CheckConstraint(
                condition=Q(credit_code="") | Q(credit_code__regex=r"^[0-9A-HJ-NP-RTUW-Y]{18}\Z"),
                name="producers_producer_credit_code_format",
            ),
            models.CheckConstraint(
                condition=~Q(credit_code="") | Q(kind=ProducerKind.HOUSEHOLD),
                name="producers_producer_credit_code_required",
            ),
        ]
        indexes = [
            # register filtered by town, ordered by name
            models.Index(fields=["town", "name"], name="producer_town_name"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.name, self.name_en, self.credit_code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("producers:detail", kwargs={"pk": self.pk})

    @property
    def display_name(self):
        """The name in the page's language; an example record's badge says 示例, so its
        name does not say it again."""
        name = localized(self, "name")
        return without_example_marker(name) if self.is_example else name

    def likely_duplicates(self):
        """Registered producers that are probably this one: the same name in the same town
        at the same address or phone (households often have no credit code to tell them
        apart)."""
        same = Q()
        if self.address.strip():
            same |= Q(address=self.address.strip())
        if self.private_phone.strip():
            same |= Q(private_phone=self.private_phone.strip())
        if not same or not self.name or not self.town_id:
            return Producer.objects.none()
        return (
            Producer.objects.filter(name=self.name.strip(), town_id=self.town_id)
            .filter(same)
            .exclude(pk=self.pk)
            .select_related("town")
        )


class AuthorisationStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    UNDER_REVIEW = "under_review", _("under review")
    APPROVED = "approved", _("approved")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")
    REJECTED = "rejected", _("rejected")


# Open: not yet decided, or decided and still in effect. A producer has at most one open
# authorisation per product; a revoked, expired or rejected one is closed for good.
OPEN_STATUSES = (
    AuthorisationStatus.APPLIED,
    AuthorisationStatus.UNDER_REVIEW,
    AuthorisationStatus.APPROVED,
    AuthorisationStatus.SUSPENDED,
)


class AuthorisationQuerySet(WithProducerQuerySet):
    def live(self, on=None):
        """Approved and within validity: the producer may use the mark today."""
        on = on or timezone.localdate()
        return self.filter(status=AuthorisationStatus.APPROVED).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def of_public_producers(self):
        """Authorisations a public page may list, their producers loaded without private fields."""
        return self.filter(producer__is_public=True).with_public_producer()


class Authorisation(TimestampedModel):
    producer = models.ForeignKey(
        Producer,
        on_delete=models.PROTECT,
        related_name="authorisations",
        verbose_name=_("producer"),
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="authorisations", verbose_name=_("product")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AuthorisationStatus.choices,
        default=AuthorisationStatus.APPLIED,
    )
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    announcement_number = models.CharField(_("announcement number"), max_length=100, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    annual_quantity_cap = models.PositiveIntegerField(
        _("annual label cap"),
        null=True,
        blank=True,
        help_text=_(
            "Most special-mark labels that may be issued for one season; blank for no cap."
        ),
    )
    status_changed_on = models.DateField(_("status changed on"), default=timezone.localdate)
    status_reason = models.TextField(
        _("reason for the last change"),
        blank=True,
        help_text=_("Told in plain words on the public register."),
    )
    history = HistoricalRecords(verbose_name=_("history"))

    objects = AuthorisationQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_on", "-applied_on", "-pk"]
        verbose_name = _("special-mark authorisation")
        verbose_name_plural = _("special-mark authorisations")
        constraints = [
            choices_constraint(
                "status", AuthorisationStatus, "producers_authorisation_status_valid"
            ),
            models.UniqueConstraint(
                fields=["producer", "product"],
                condition=Q(status__in=OPEN_STATUSES),
                name="producers_authorisation_one_open_per_product",
                violation_error_message=_(
                    "This producer already has an open authorisation for this product."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=AuthorisationStatus.APPROVED) | Q(approved_on__isnull=False),
                name="producers_authorisation_approved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(approved_on__isnull=True)
                | Q(valid_until__gte=models.F("approved_on")),
                name="producers_authorisation_valid_after_approval",
            ),
        ]
        indexes = [
            # product page and statistics: live authorisations of a product
            models.Index(fields=["product", "status"], name="auth_product_status"),
        ]

    def __str__(self):
        return f"{self.producer} · {self.product} ({self.get_status_display()})"

    def get_absolute_url(self):
        return self.producer.get_absolute_url()

    def is_live(self, on=None):
        on = on or timezone.localdate()
        return self.status == AuthorisationStatus.APPROVED and (
            self.valid_until is None or self.valid_until >= on
        )


class OutletKind(models.TextChoices):
    SUPERMARKET_COUNTER = "supermarket_counter", _("supermarket counter")
    MARKET = "market", _("market stall")
    ONLINE_SHOP = "online_shop", _("online shop")
    FARM_GATE = "farm_gate", _("farm gate")


class Outlet(TimestampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=OutletKind.choices)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    town = models.ForeignKey(
        Town,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outlets",
        verbose_name=_("town"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    url = models.URLField(_("web address"), blank=True)
    products = models.ManyToManyField(Product, related_name="outlets", verbose_name=_("products"))
    producer = models.ForeignKey(
        Producer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outlets",
        verbose_name=_("producer"),
    )
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    is_example = models.BooleanField(_("example record"), default=False)

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        constraints = [
            choices_constraint("kind", OutletKind, "producers_outlet_kind_valid"),
            models.CheckConstraint(
                condition=~Q(address="") | ~Q(url=""), name="producers_outlet_has_address_or_url"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name in the page's language; an example record's badge says 示例, so its
        name does not say it again."""
        name = localized(self, "name")
        return without_example_marker(name) if self.is_example else name

    def clean(self):
        if not self.address and not self.url:
            raise ValidationError(_("Give the outlet's address or its web address."))


class Notification(models.Model):
    """What the platform told a producer (or a registering account) about a change of
    status: the email's subject and text in both languages, kept whether or not an email
    could be sent, so the account shows every message — many households have no email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user account"),
    )
    producer = models.ForeignKey(
        Producer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("producer"),
    )
    event = models.CharField(_("event"), max_length=40)
    subject_zh = models.CharField(_("subject (Chinese)"), max_length=200)
    body_zh = models.TextField(_("message (Chinese)"))
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_en = models.TextField(_("message (English)"))
    emailed_to = models.EmailField(
        _("emailed to"), blank=True, help_text=_("Empty when the account has no email.")
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to a producer")
        verbose_name_plural = _("messages to producers")
        indexes = [
            # the account page: a user's messages, newest first
            models.Index(fields=["user", "-created_at"], name="notification_user_date"),
        ]

    def __str__(self):
        return self.subject_zh

    @property
    def subject(self):
        return localized_text(self.subject_zh, self.subject_en)

    @property
    def body(self):
        return localized_text(self.body_zh, self.body_en)


def localized_text(chinese, english):
    from django.utils import translation

    return english if translation.get_language() == "en" and english else chinese
