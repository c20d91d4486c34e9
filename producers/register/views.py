"""Public pages of the producers app: the register and where to buy."""

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from shanting_gi.core.models import field_label
from shanting_gi.core.views import FilteredListView

from .filters import OutletFilter, ProducerFilter
from .models import (
    OPEN_STATUSES,
    Authorisation,
    AuthorisationStatus,
    Outlet,
    OutletKind,
    Producer,
    producer_private_fields,
)

S = AuthorisationStatus

# Never read on a public page: not even loaded, so a template slip cannot show them (and
# would cost an extra query, which the query-count tests catch).

STATUS_BADGE = {
    S.APPLIED: "neutral",
    S.UNDER_REVIEW: "neutral",
    S.APPROVED: "ok",
    S.SUSPENDED: "warn",
    S.REVOKED: "bad",
    S.EXPIRED: "bad",
    S.REJECTED: "bad",
}


def mark_status(authorisation, today):
    """Set badge_class and badge_label: approved past its validity is not shown as ok."""
    if authorisation.status == S.APPROVED and not authorisation.is_live(today):
        authorisation.badge_class = "warn"
        authorisation.badge_label = _("approved, validity ended")
    else:
        authorisation.badge_class = STATUS_BADGE.get(authorisation.status, "neutral")
        authorisation.badge_label = authorisation.get_status_display()
    return authorisation


def _day(value):
    return format_date(value, "Y-m-d")


def _with_reason(with_reason, without_reason, values, reason):
    if reason:
        return with_reason % {**values, "reason": reason}
    return without_reason % values


def history_sentence(record, previous_status):
    """One plain sentence for a historical record whose status differs from the one before."""
    status = record.status
    on = record.status_changed_on or timezone.localdate(record.history_date)
    values = {"date": _day(on)}
    reason = (record.status_reason or "").strip()
    if status == S.APPLIED:
        return _("Applied on %(date)s.") % values
    if status == S.UNDER_REVIEW:
        return _("Taken under review on %(date)s.") % values
    if status == S.APPROVED and previous_status == S.SUSPENDED:
        return _with_reason(
            _("Reinstated on %(date)s because: %(reason)s"),
            _("Reinstated on %(date)s."),
            values,
            reason,
        )
    if status == S.APPROVED:
        values.update(number=record.announcement_number)
        if record.valid_until:
            values.update(until=_day(record.valid_until))
        if record.announcement_number and record.valid_until:
            return (
                _("Approved on %(date)s (announcement %(number)s), valid until %(until)s.") % values
            )
        if record.announcement_number:
            return _("Approved on %(date)s (announcement %(number)s).") % values
        if record.valid_until:
            return _("Approved on %(date)s, valid until %(until)s.") % values
        return _("Approved on %(date)s.") % values
    sentences = {
        S.SUSPENDED: (_("Suspended on %(date)s because: %(reason)s"), _("Suspended on %(date)s.")),
        S.REVOKED: (_("Revoked on %(date)s because: %(reason)s"), _("Revoked on %(date)s.")),
        S.REJECTED: (
            _("Application rejected on %(date)s because: %(reason)s"),
            _("Application rejected on %(date)s."),
        ),
        S.EXPIRED: (_("Expired on %(date)s: %(reason)s"), _("Expired on %(date)s.")),
    }
    with_reason, without_reason = sentences.get(
        status, (_("Status changed on %(date)s: %(reason)s"), _("Status changed on %(date)s."))
    )
    return _with_reason(with_reason, without_reason, values, reason)


def history_in_plain_words(records):
    """Sentences telling an authorisation's story, oldest first, one per status change.

    records: its historical records in the order they were made. Edits that left the
    status as it was (a corrected address, a new cap) are not part of the story.
    """
    sentences = []
    previous = None
    for record in records:
        if record.status == previous:
            continue
        sentences.append(history_sentence(record, previous))
        previous = record.status
    return sentences


class ProducerListView(FilteredListView):
    # Queries: the towns and the products for the filter form, the count, the page of
    # producers with their towns, and their authorisations with products — 5 whatever the
    # number of producers (plus one per town or product value given, to validate it).
    filterset_class = ProducerFilter
    paginate_by = 25
    template_name = "producers/producer_list.html"
    context_object_name = "producers"

    def get_queryset(self):
        self.queryset = (
            Producer.objects.public()
            .select_related("town")
            .without_private_fields()
            .prefetch_related(
                Prefetch(
                    "authorisations",
                    queryset=Authorisation.objects.select_related("product").order_by(
                        "product__order", "product__name", "-applied_on", "-pk"
                    ),
                    to_attr="authorisation_list",
                )
            )
            .order_by("name", "pk")
        )
        return super().get_queryset()

    # Columns showing a field are named by the field, as the exports and the API name them.
    field_columns = ("name", "kind", "town", "credit_code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["column_names"] = {name: field_label(Producer, name) for name in self.field_columns}
        today = timezone.localdate()
        for producer in context["producers"]:
            producer.current_authorisations = current_per_product(
                producer.authorisation_list, today
            )
        return context


def current_per_product(authorisations, today):
    """The authorisation that matters for each product: the open one, else the latest.

    authorisations: ordered by product, then newest application first.
    """
    by_product = {}
    for authorisation in authorisations:
        kept = by_product.get(authorisation.product_id)
        if kept is None or (
            kept.status not in OPEN_STATUSES and authorisation.status in OPEN_STATUSES
        ):
            by_product[authorisation.product_id] = authorisation
    return [mark_status(a, today) for a in by_product.values()]


class ProducerDetailView(DetailView):
    """What the register knows of a public producer. The public producer page adds its
    published spot-check results (shanting_gi/pages/producer.py).

    Queries: the producer with its town; its authorisations with their products; every
    historical row of those authorisations; its public outlets with towns; their products
    — 5 whatever the number of authorisations or history rows (fewer when it has no
    authorisation or no outlet).
    """

    template_name = "producers/producer_detail.html"
    context_object_name = "producer"

    def get_queryset(self):
        return Producer.objects.public().select_related("town").without_private_fields()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        producer = self.object
        today = timezone.localdate()
        authorisations = list(
            producer.authorisations.select_related("product").order_by(
                "product__order", "product__name", "-applied_on", "-pk"
            )
        )
        records = {}
        history = Authorisation.history.model.objects.filter(
            id__in=[a.pk for a in authorisations]
        ).order_by("history_date", "history_id")
        for record in history:
            records.setdefault(record.id, []).append(record)
        for authorisation in authorisations:
            mark_status(authorisation, today)
            authorisation.story = history_in_plain_words(records.get(authorisation.pk, []))
        context.update(
            authorisations=authorisations,
            outlets=producer.outlets.filter(is_public=True)
            .select_related("town")
            .prefetch_related("products")
            .order_by("kind", "name", "pk"),
        )
        return context


OUTLET_KIND_ORDER = Case(
    *[When(kind=kind, then=Value(n)) for n, kind in enumerate(OutletKind.values)],
    default=Value(len(OutletKind.values)),
    output_field=IntegerField(),
)


class OutletListView(FilteredListView):
    # Queries: the towns and the products for the filter form, the count, the page of
    # outlets with their towns and producers, and their products — 5 whatever the number
    # of outlets (plus one per town or product value given, to validate it).
    filterset_class = OutletFilter
    # Generous: the district has a few dozen outlets; the groups stay whole on one page.
    paginate_by = 100
    template_name = "producers/outlet_list.html"
    context_object_name = "outlets"

    def get_queryset(self):
        self.queryset = (
            Outlet.objects.filter(is_public=True)
            .select_related("town", "producer")
            .defer(*producer_private_fields("producer"))
            .prefetch_related("products")
            .order_by(OUTLET_KIND_ORDER, "name", "pk")
        )
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {}
        for outlet in context["outlets"]:
            groups.setdefault(outlet.kind, []).append(outlet)
        context["groups"] = [
            {"kind": kind, "label": OutletKind(kind).label, "outlets": outlets}
            for kind, outlets in groups.items()
        ]
        return context
