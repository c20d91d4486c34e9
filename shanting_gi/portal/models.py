"""Site-level content of the portal.

- Consultation (咨询): a question from a producer or anyone, answered by the bureau; the
  answers it publishes make up the public FAQ (常见问题). The asker's contact details and
  attachment are for the bureau only.
- Article: 通知公告 and 工作动态, with attachments and pictures, drafted and published.
- Event: picking festivals, product fairs, culture-tourism activities.
- DemonstrationPark: demonstration production parks (示范园) and research platforms.
- Association and PackagingDesign: the industry association(s), their members (from the
  register) and the approved standard packaging (规范包装) with its usage rules.

Reads products and the register; nothing below learns about these models.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.register.models import Producer
from products.models import Product, Town
from shanting_gi.core.models import TimestampedModel, choices_constraint, localized
from shanting_gi.core.search import build_search_text
from shanting_gi.core.storage import private_storage

ATTACHMENT_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "et"]


def example_field():
    return models.BooleanField(
        _("example record"),
        default=False,
        help_text=_("Invented demonstration data, marked 示例 on every page."),
    )


# --- Consultation ---------------------------------------------------------------------------


class ConsultationTopic(models.TextChoices):
    TECHNICAL = "technical", _("production technical regulations and standards")
    LAW = "law", _("laws and regulations")
    BRAND_USE = "brand_use", _("use of the special mark and the brand")
    OTHER = "other", _("other questions")


class ConsultationStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    ASSIGNED = "assigned", _("being answered")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed without an answer")


class ConsultationQuerySet(models.QuerySet):
    def published(self):
        """The public FAQ: answered questions the bureau chose to publish."""
        return self.filter(published_on__isnull=False, status=ConsultationStatus.ANSWERED).exclude(
            public_question=""
        )


class Consultation(TimestampedModel):
    """A question to the bureau. The asker follows it with the tracking number plus a secret
    shown once and stored hashed (as complaints); a published answer joins the FAQ under the
    public wording of the question, which staff write so that it names nobody."""

    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    secret_hash = models.CharField(_("secret (hashed)"), max_length=64, editable=False)
    topic = models.CharField(_("topic"), max_length=20, choices=ConsultationTopic.choices)
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("product"),
    )
    question = models.TextField(_("question as asked"))
    asker_name = models.CharField(_("asker's name"), max_length=50, blank=True)
    asker_organisation = models.CharField(_("asker's organisation"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    attachment = models.FileField(
        _("attachment"),
        upload_to="consultations/%Y/%m/",
        storage=private_storage,
        blank=True,
        help_text=_("For the bureau only: never published."),
    )
    attachment_name = models.CharField(_("attachment's file name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.RECEIVED,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    answer = models.TextField(_("answer"), blank=True)
    answer_en = models.TextField(_("answer (English)"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    public_question = models.TextField(
        _("question as published"),
        blank=True,
        help_text=_(
            "The question in the words the FAQ shows: general, without names, phone numbers or anything that identifies the asker."
        ),
    )
    public_question_en = models.TextField(_("question as published (English)"), blank=True)
    published_on = models.DateField(
        _("published in the FAQ on"),
        null=True,
        blank=True,
        help_text=_("Set by the publish action; empty while the answer is private."),
    )
    is_example = example_field()
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    history = HistoricalRecords(verbose_name=_("history"), excluded_fields=["secret_hash"])

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            choices_constraint("topic", ConsultationTopic, "portal_consultation_topic_valid"),
            choices_constraint("status", ConsultationStatus, "portal_consultation_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ConsultationStatus.ANSWERED) | ~Q(answer=""),
                name="portal_consultation_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | (Q(status=ConsultationStatus.ANSWERED) & ~Q(public_question="")),
                name="portal_consultation_published_is_answered",
            ),
        ]
        indexes = [
            # the FAQ: published answers, newest first
            models.Index(fields=["-published_on"], name="consultation_published"),
            # the staff work list: questions by status
            models.Index(fields=["status", "-created_at"], name="consultation_status_date"),
        ]

    def __str__(self):
        return self.tracking_number

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(
            self.public_question, self.public_question_en, self.answer, self.answer_en
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:faq_detail", kwargs={"pk": self.pk})

    @property
    def display_question(self):
        return localized(self, "public_question")

    @property
    def display_answer(self):
        return localized(self, "answer")

    @property
    def is_published(self):
        return self.published_on is not None


# --- News and notices -----------------------------------------------------------------------


class ArticleKind(models.TextChoices):
    NOTICE = "notice", _("notice")  # 通知公告
    WORK_NEWS = "work_news", _("work news")  # 工作动态


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class ArticleQuerySet(models.QuerySet):
    def published(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=ArticleStatus.PUBLISHED, published_on__lte=today)


class Article(TimestampedModel):
    kind = models.CharField(_("column"), max_length=20, choices=ArticleKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown: blank lines between paragraphs, “## ” for a heading, “- ” for a list item, **bold**, [text](https://address). HTML is shown as text."
        ),
    )
    body_en = models.TextField(_("text (English)"), blank=True)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences for lists.")
    )
    summary_en = models.CharField(_("summary (English)"), max_length=400, blank=True)
    published_on = models.DateField(_("date"), default=timezone.localdate)
    author_unit = models.CharField(
        _("issued by"), max_length=100, help_text=_("The unit the article comes from.")
    )
    author_unit_en = models.CharField(_("issued by (English)"), max_length=150, blank=True)
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("product"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    is_example = example_field()
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    history = HistoricalRecords(verbose_name=_("history"))

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("news and notices")
        constraints = [
            choices_constraint("kind", ArticleKind, "portal_article_kind_valid"),
            choices_constraint("status", ArticleStatus, "portal_article_status_valid"),
        ]
        indexes = [
            # news list and feed: published articles of a column, newest first
            models.Index(fields=["status", "kind", "-published_on"], name="article_list"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.title, self.title_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:news_detail", kwargs={"pk": self.pk})

    @property
    def display_title(self):
        return localized(self, "title")


class ArticleAttachment(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("article")
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    file = models.FileField(
        _("file"),
        upload_to="articles/%Y/",
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)],
        help_text=_("Published with the article: PDF, OFD, Word or Excel."),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["article", "order", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""


class ArticleImage(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("article")
    )
    image = models.ImageField(
        _("picture"), upload_to="articles/%Y/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    alt_text = models.CharField(
        _("alternative text"), max_length=200, help_text=_("What the picture shows.")
    )
    alt_text_en = models.CharField(_("alternative text (English)"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["article", "order", "pk"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

    def __str__(self):
        return self.alt_text


# --- Events ---------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    PICKING_FESTIVAL = "picking_festival", _("picking festival")
    PRODUCT_FAIR = "product_fair", _("product fair")
    CULTURE_TOURISM = "culture_tourism", _("culture and tourism activity")
    TRAINING = "training", _("training for producers")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current_or_upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.published().filter(ends_on__gte=today)


class Event(TimestampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    town = models.ForeignKey(
        Town,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("town"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("product"),
    )
    organiser = models.CharField(_("organiser"), max_length=150, blank=True)
    organiser_en = models.CharField(_("organiser (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_example = example_field()
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords(verbose_name=_("history"))

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            choices_constraint("kind", EventKind, "portal_event_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="portal_event_ends_after_start",
            ),
        ]
        indexes = [
            # product page and events list: published events by end date
            models.Index(fields=["is_published", "ends_on"], name="event_upcoming"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:event_detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An event cannot end before it starts.")})

    @property
    def display_title(self):
        return localized(self, "title")


# --- Demonstration parks ----------------------------------------------------------------------


class ParkKind(models.TextChoices):
    DEMONSTRATION = "demonstration", _("demonstration production park")
    RESEARCH = "research", _("research platform")


class DemonstrationPark(TimestampedModel):
    kind = models.CharField(
        _("kind"), max_length=20, choices=ParkKind.choices, default=ParkKind.DEMONSTRATION
    )
    name = models.CharField(_("name"), max_length=150, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="parks", verbose_name=_("town")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="parks", verbose_name=_("product")
    )
    area_mu = models.DecimalField(
        _("area (mu)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    operator = models.CharField(_("operator"), max_length=150, blank=True)
    operator_en = models.CharField(_("operator (English)"), max_length=200, blank=True)
    established_year = models.PositiveSmallIntegerField(
        _("established in"), null=True, blank=True, validators=[MinValueValidator(1990)]
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    is_example = example_field()
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords(verbose_name=_("history"))

    class Meta:
        ordering = ["town__code", "name"]
        verbose_name = _("demonstration park")
        verbose_name_plural = _("demonstration parks")
        constraints = [
            choices_constraint("kind", ParkKind, "portal_park_kind_valid"),
            models.CheckConstraint(
                condition=Q(area_mu__isnull=True) | Q(area_mu__gte=0),
                name="portal_park_area_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:park_list") + f"#park-{self.pk}"

    @property
    def display_name(self):
        return localized(self, "name")


# --- Industry associations and standard packaging ----------------------------------------------


class Association(TimestampedModel):
    name = models.CharField(_("name"), max_length=150, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    products = models.ManyToManyField(
        Product, related_name="associations", verbose_name=_("products")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(
        _("public phone"),
        max_length=30,
        blank=True,
        help_text=_("An office phone, shown publicly."),
    )
    email = models.EmailField(_("public email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    members = models.ManyToManyField(
        Producer,
        related_name="associations",
        verbose_name=_("members"),
        blank=True,
        help_text=_("Producers of the register; only those shown publicly appear on the site."),
    )
    is_example = example_field()
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords(verbose_name=_("history"), m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry association")
        verbose_name_plural = _("industry associations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:association_detail", kwargs={"pk": self.pk})

    @property
    def display_name(self):
        return localized(self, "name")


class PackagingDesign(TimestampedModel):
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="packaging",
        verbose_name=_("association"),
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="packaging", verbose_name=_("product")
    )
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    image = models.ImageField(
        _("picture"), upload_to="packaging/%Y/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    alt_text = models.CharField(_("alternative text"), max_length=200)
    alt_text_en = models.CharField(_("alternative text (English)"), max_length=200, blank=True)
    usage_rules = models.TextField(
        _("usage rules"), help_text=_("Who may use the design, and how. Markdown.")
    )
    usage_rules_en = models.TextField(_("usage rules (English)"), blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    is_current = models.BooleanField(
        _("in use"), default=True, help_text=_("Untick when the design is withdrawn.")
    )
    is_example = example_field()
    history = HistoricalRecords(verbose_name=_("history"))

    class Meta:
        ordering = ["association", "product__order", "name"]
        verbose_name = _("standard packaging design")
        verbose_name_plural = _("standard packaging designs")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "name"], name="portal_packaging_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.association.get_absolute_url() + f"#packaging-{self.pk}"

    @property
    def display_name(self):
        return localized(self, "name")
