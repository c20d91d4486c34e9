"""The public statistics page and the bureau's dashboard: figures from statistics.py,
charts from charts.py. The dashboard adds what only staff may see."""

from django.contrib.admin.views.decorators import staff_member_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import charts
from . import figures as statistics
from .workqueue import work_queue


def _target_label(target):
    return _("Target %(value)s %%") % {"value": f"{target:g}"}


def build_charts(figures):
    """The SVG for each figure that has data; a missing key means "nothing to draw"."""
    result = {}
    mark_use = figures["mark_use"]
    use_target = figures["use_rate_target"]
    zone_target = figures["zone_target"]
    if mark_use.overall.whole:
        rows = [(_("All protection areas"), mark_use.overall.percent, str(mark_use.overall))]
        rows += [(p.display_name, r.percent, str(r)) for p, r in mark_use.products]
        result["mark_use"] = charts.bar_chart(
            chart_id="chart-mark-use",
            title=_("Special-mark use rate"),
            description=_(
                "Share of registered producers in each protection area who hold a live "
                "authorisation to use the special mark, against the district's target of "
                "%(target)s %%."
            )
            % {"target": f"{use_target:g}"},
            rows=rows,
            axis_label=_("Producers with a live authorisation"),
            target=use_target,
            target_label=_target_label(use_target),
        )

    shares = figures["output_share"]
    years = sorted({row.year for share in shares for row in share.series})
    if any(share.latest for share in shares):
        series = []
        for share in shares:
            by_year = {row.year: row.ratio.percent for row in share.series}
            series.append((share.product.display_name, [by_year.get(y) for y in years]))
        result["output_share"] = charts.column_chart(
            chart_id="chart-output-share",
            title=_("Mark users' share of output"),
            description=_(
                "Output of producers authorised to use the special mark as a share of the "
                "product's whole output, by year, against the demonstration-zone threshold "
                "of %(target)s %%."
            )
            % {"target": f"{zone_target:g}"},
            categories=years,
            series=series,
            y_label=_("Share of output"),
            x_label=_("Year"),
            target=zone_target,
            target_label=_target_label(zone_target),
        )

    rates = figures["pass_rates"]
    if rates.years:
        result["pass_rates"] = charts.column_chart(
            chart_id="chart-pass-rates",
            title=_("Spot-check pass rate"),
            description=_(
                "Share of published spot-check samples that met every quality indicator, "
                "by sampling year and product."
            ),
            categories=rates.years,
            series=[
                (
                    product.display_name,
                    [rates.ratio(year, product).percent for year in rates.years],
                )
                for product in rates.products
            ],
            y_label=_("Samples passed"),
            x_label=_("Year sampled"),
        )

    seasons = figures["label_seasons"]
    if seasons:
        result["labels"] = charts.column_chart(
            chart_id="chart-labels",
            title=_("Labels issued and checked"),
            description=_(
                "Special-mark labels issued to authorised producers and labels checked at "
                "least once on this platform, by season."
            ),
            categories=[row.season for row in seasons],
            series=[
                (_("Labels issued"), [row.issued for row in seasons]),
                (_("Labels checked"), [row.scanned for row in seasons]),
            ],
            y_label=_("Labels"),
            x_label=_("Season"),
            percent=False,
        )
    return result


class StatisticsView(TemplateView):
    template_name = "statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = statistics.public_figures()
        context.update(figures)
        context["charts"] = build_charts(figures)
        context["expiry_window_days"] = statistics.EXPIRY_WINDOW_DAYS
        return context


@method_decorator(staff_member_required, name="dispatch")
class StaffDashboardView(StatisticsView):
    """The bureau's work queue (workqueue.py), then the public figures and the staff-only
    list of authorisations about to expire."""

    template_name = "staff/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expiring"] = statistics.expiring_authorisations()
        context["queue"] = work_queue()
        return context
