"""The district's figures for the statistics page and the staff dashboard.

Pure reads: every function runs a fixed number of queries whatever the data size (the
count is in each docstring) and returns plain objects the templates and charts format.
A figure with nothing to divide by has no rate (None), never a division by zero.
"""

import datetime
import statistics as pystats
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from inspections.models import Complaint, ComplaintStatus, Inspection
from producers.labels.models import LabelBatch, LabelScan
from producers.register.models import Authorisation, Producer
from products.models import AnnualStatistic, Product, ProductStatus
from shanting_gi.core.models import localized

# The district's implementation plan: standard use of the special mark by ≥ 80 % of producers.
USE_RATE_TARGET = Decimal("80")
# 国家地理标志产品保护示范区: mark users ≥ 60 % of producers and ≥ 60 % of output.
DEMONSTRATION_ZONE_TARGET = Decimal("60")
EXPIRY_WINDOW_DAYS = 60

_ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Ratio:
    """part ÷ whole, shown as a percentage with one decimal, or "—" when whole is 0."""

    part: Decimal | int
    whole: Decimal | int

    @property
    def percent(self):
        if not self.whole:
            return None
        value = Decimal(self.part) * 100 / Decimal(self.whole)
        return value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)

    @property
    def fraction(self):
        """0–1 for drawing; None without data."""
        percent = self.percent
        return None if percent is None else float(percent) / 100

    def meets(self, target):
        percent = self.percent
        return None if percent is None else percent >= target

    def __str__(self):
        percent = self.percent
        # A no-break space keeps the number and its sign on one line in narrow tables.
        return "—" if percent is None else f"{percent}\u00a0%"


@dataclass(frozen=True)
class ProductRef:
    """Just enough of a product to name it, read from a values() row."""

    pk: int
    name: str
    name_en: str = ""

    @property
    def display_name(self):
        return localized(self, "name")


# --- Special-mark use rate ---------------------------------------------------------------


@dataclass
class MarkUse:
    overall: Ratio
    products: list  # of (Product, Ratio) in display order


def mark_use(*, on=None):
    """Producers in a protection area with a live authorisation ÷ producers in that area.

    Overall: producers whose town lies in a protected product's protection area, counted
    once, authorised when they hold a live authorisation for a product whose area covers
    their town. Per product: the same within that product's area. Queries: 2.
    """
    on = on or timezone.localdate()
    live = Authorisation.objects.live(on=on).filter(product__status=ProductStatus.PROTECTED)

    area_producers = Producer.objects.filter(town__products=OuterRef("pk")).order_by()
    authorised_producers = area_producers.filter(
        Exists(live.filter(producer=OuterRef("pk"), product=OuterRef(OuterRef("pk"))))
    )

    def count(queryset):
        # Grouped by the outer product, so the subquery yields one row: that product's count.
        rows = queryset.values("town__products").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(rows), 0)

    products = list(
        Product.objects.protected().annotate(
            registered=count(area_producers), authorised=count(authorised_producers)
        )
    )

    in_area = Product.protection_area.through.objects.filter(
        town=OuterRef("town"), product__status=ProductStatus.PROTECTED
    )
    totals = Producer.objects.filter(Exists(in_area)).aggregate(
        registered=Count("pk"),
        authorised=Count(
            "pk",
            filter=Exists(
                live.filter(producer=OuterRef("pk"), product__protection_area=OuterRef("town"))
            ),
        ),
    )
    return MarkUse(
        overall=Ratio(totals["authorised"], totals["registered"]),
        products=[(p, Ratio(p.authorised, p.registered)) for p in products],
    )


# --- Mark users' share of output -----------------------------------------------------------


@dataclass
class YearShare:
    year: int
    users_output: Decimal | None
    output: Decimal | None

    @property
    def ratio(self):
        if self.users_output is None or self.output is None:
            return Ratio(0, 0)
        return Ratio(self.users_output, self.output)


@dataclass
class ProductOutputShare:
    product: ProductRef
    series: list = field(default_factory=list)  # YearShare, oldest first

    @property
    def latest(self):
        """The latest year that has both figures; None when no year has."""
        complete = [row for row in self.series if row.ratio.percent is not None]
        return complete[-1] if complete else None


def output_share():
    """Mark users' output ÷ output per protected product and year. Queries: 1."""
    rows = (
        AnnualStatistic.objects.filter(product__status=ProductStatus.PROTECTED)
        .order_by("product__order", "product__name", "year")
        .values(
            "year",
            "output_tonnes",
            "users_output_tonnes",
            "product_id",
            "product__name",
            "product__name_en",
        )
    )
    shares = {}
    for row in rows:
        share = shares.get(row["product_id"])
        if share is None:
            ref = ProductRef(row["product_id"], row["product__name"], row["product__name_en"])
            share = shares[row["product_id"]] = ProductOutputShare(ref)
        share.series.append(
            YearShare(row["year"], row["users_output_tonnes"], row["output_tonnes"])
        )
    return list(shares.values())


# --- Spot-check pass rate ------------------------------------------------------------------


@dataclass
class PassRates:
    years: list  # oldest first
    products: list  # ProductRef in display order
    cells: dict  # (year, product pk) → Ratio(passed, with results)

    def ratio(self, year, product):
        return self.cells.get((year, product.pk), Ratio(0, 0))

    def rows(self):
        """[{year, product, ratio}] for each year and product that has samples."""
        return [
            {"year": year, "product": product, "ratio": self.cells[(year, product.pk)]}
            for year in self.years
            for product in self.products
            if (year, product.pk) in self.cells
        ]

    @property
    def overall(self):
        cells = self.cells.values()
        return Ratio(sum(r.part for r in cells), sum(r.whole for r in cells))


def pass_rates():
    """Published inspections with results: passed ÷ all, by sampling year and product.

    The year is the sampling year (the publication year when no sampling date was kept).
    Queries: 1.
    """
    rows = (
        Inspection.objects.published()
        .with_conclusion()
        .filter(has_results=True)
        .annotate(year=ExtractYear(Coalesce("sampled_on", "published_on")))
        .order_by()
        .values("year", "product_id", "product__name", "product__name_en", "product__order")
        .annotate(total=Count("pk"), passed=Count("pk", filter=Q(has_failure=False)))
        .order_by("year", "product__order", "product__name")
    )
    cells, products = {}, {}
    for row in rows:
        products.setdefault(
            row["product_id"],
            (
                (row["product__order"], row["product__name"]),
                ProductRef(row["product_id"], row["product__name"], row["product__name_en"]),
            ),
        )
        cells[(row["year"], row["product_id"])] = Ratio(row["passed"], row["total"])
    return PassRates(
        years=sorted({year for year, _ in cells}),
        products=[ref for _key, ref in sorted(products.values(), key=lambda item: item[0])],
        cells=cells,
    )


# --- Complaints ----------------------------------------------------------------------------


@dataclass
class ComplaintFigures:
    by_status: list  # (ComplaintStatus, count) for every status, in lifecycle order
    closed_count: int
    median_days_to_close: Decimal | None

    @property
    def total(self):
        return sum(count for _status, count in self.by_status)


def complaint_figures():
    """Counts by status, and the median days from receipt to closing. Queries: 2.

    The median is taken in Python over the closed complaints' two dates: a few hundred
    rows a year, and it keeps the query portable between SQLite and PostgreSQL.
    """
    counts = dict(Complaint.objects.order_by().values_list("status").annotate(n=Count("pk")))
    closed = Complaint.objects.filter(
        status=ComplaintStatus.CLOSED, closed_on__isnull=False
    ).values_list("created_at", "closed_on")
    days = [
        max(0, (closed_on - timezone.localdate(created_at)).days)
        for created_at, closed_on in closed
    ]
    median = None
    if days:
        median = Decimal(str(pystats.median(days))).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return ComplaintFigures(
        by_status=[(status, counts.get(status.value, 0)) for status in ComplaintStatus],
        closed_count=len(days),
        median_days_to_close=median,
    )


# --- Labels --------------------------------------------------------------------------------


@dataclass
class LabelSeason:
    season: int
    issued: int
    scanned: int

    @property
    def ratio(self):
        return Ratio(self.scanned, self.issued)


def label_seasons():
    """Labels issued (non-void batches) and distinct labels checked, by season. Queries: 2.

    A LabelScan row is one label that was checked at least once; scans of void batches are
    left out on both sides so that the share compares labels in circulation.
    """
    issued = dict(
        LabelBatch.objects.not_void().order_by().values_list("season").annotate(n=Sum("quantity"))
    )
    scanned = dict(
        LabelScan.objects.filter(batch__voided_at__isnull=True)
        .order_by()
        .values_list("batch__season")
        .annotate(n=Count("pk"))
    )
    return [
        LabelSeason(season, issued.get(season, 0), scanned.get(season, 0))
        for season in sorted(set(issued) | set(scanned))
    ]


# --- Staff only ----------------------------------------------------------------------------


def expiring_authorisations(*, on=None, days=EXPIRY_WINDOW_DAYS):
    """Live authorisations whose validity ends within `days` days. Staff only. Queries: 1."""
    on = on or timezone.localdate()
    expiring = list(
        Authorisation.objects.live(on=on)
        .filter(valid_until__lte=on + datetime.timedelta(days=days))
        .select_related("producer", "product")
        .order_by("valid_until", "producer__name", "pk")
    )
    for authorisation in expiring:
        authorisation.days_left = (authorisation.valid_until - on).days
    return expiring


def zone_rows(mark_use_figures, output_shares):
    """Per protected product: mark users' share of producers and, for the latest year with
    both figures, of output (None when no year has them)."""
    latest = {share.product.pk: share.latest for share in output_shares}
    return [
        {"product": product, "producers": ratio, "output": latest.get(product.pk)}
        for product, ratio in mark_use_figures.products
    ]


def public_figures(*, on=None):
    """Everything the public page shows. Queries: 8."""
    use = mark_use(on=on)
    shares = output_share()
    return {
        "mark_use": use,
        "output_share": shares,
        "zone_rows": zone_rows(use, shares),
        "pass_rates": pass_rates(),
        "complaints": complaint_figures(),
        "label_seasons": label_seasons(),
        "use_rate_target": USE_RATE_TARGET,
        "zone_target": DEMONSTRATION_ZONE_TARGET,
    }
