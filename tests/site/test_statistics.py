"""The public statistics page, the staff dashboard and the figures behind them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Complaint, ComplaintStatus
from inspections.services import (
    complaint_set_status,
    inspection_record_result,
)
from producers.labels.models import LabelScan
from producers.labels.services import label_batch_void
from producers.register.models import AuthorisationStatus
from shanting_gi.pages import charts
from shanting_gi.pages import figures as statistics
from shanting_gi.pages.figures import LabelSeason, Ratio
from tests import factories
from tests.factories import (
    inspect,
    make_authorisation,
    make_indicator,
    make_inspection,
    make_label_batch,
    make_producer,
    make_statistic,
    make_user,
    submit_complaint,
    town,
)

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
TOWNS = {"shuiquan": "水泉镇", "dianzi": "店子镇", "shancheng": "山城街道"}


def today():
    return timezone.localdate()


@pytest.fixture
def towns():
    return {key: town(name) for key, name in TOWNS.items()}


@pytest.fixture
def cherry(towns):
    return factories.cherry(protection_area=[towns["shuiquan"]])


@pytest.fixture
def jujube(towns):
    return factories.jujube(protection_area=[towns["dianzi"]])


@pytest.fixture
def staff():
    return make_user(is_staff=True)


def live(producer, product, **kwargs):
    return make_authorisation(
        producer=producer, product=product, status=AuthorisationStatus.APPROVED, **kwargs
    )


def published_inspection(product, indicator, value, *, sampled_on, producer=None):
    return inspect(
        product=product,
        producer=producer or make_producer(town=town("山城街道")),
        results={indicator: value},
        sampled_on=sampled_on,
        report_number=f"R-{sampled_on}-{value}",
    )


def closed_complaint(days_to_close):
    complaint = submit_complaint(
        description="疑似假冒", contact_name="投诉人张三", contact_phone="13800001234"
    )
    complaint_set_status(
        complaint=complaint, status=ComplaintStatus.CLOSED, by=None, reason="已核实并答复"
    )
    received = timezone.now() - datetime.timedelta(days=days_to_close)
    Complaint.objects.filter(pk=complaint.pk).update(created_at=received)
    return complaint


def scan(batch, serial):
    now = timezone.now()
    return LabelScan.objects.create(
        batch=batch, serial=serial, first_scanned_at=now, last_scanned_at=now, count=1
    )


# --- Figures -------------------------------------------------------------------------------


def test_use_rate_counts_live_authorisations_in_the_protection_area(towns, cherry, jujube):
    in_area = [make_producer(town=towns["shuiquan"]) for _ in range(5)]
    for producer in in_area[:4]:
        live(producer, cherry)
    make_authorisation(producer=in_area[4], product=cherry, status=AuthorisationStatus.SUSPENDED)
    outsider = make_producer(town=towns["shancheng"])  # not in any protection area
    live(outsider, cherry)

    figures = statistics.mark_use()

    assert figures.overall == Ratio(4, 5)
    assert str(figures.overall) == f"80.0{NBSP}%"
    by_product = {product.pk: ratio for product, ratio in figures.products}
    assert by_product[cherry.pk] == Ratio(4, 5)
    assert by_product[jujube.pk].percent is None  # nobody registered in 店子镇: no rate
    assert str(by_product[jujube.pk]) == "—"


def test_use_rate_ignores_a_lapsed_validity_and_another_products_authorisation(
    towns, cherry, jujube
):
    lapsed = make_producer(town=towns["shuiquan"])
    live(
        lapsed,
        cherry,
        approved_on=today() - datetime.timedelta(days=400),
        valid_until=today() - datetime.timedelta(days=1),
    )
    other_product = make_producer(town=towns["shuiquan"])
    live(other_product, jujube)  # authorised, but for a product of another area

    figures = statistics.mark_use()

    assert figures.overall == Ratio(0, 2)
    assert str(figures.overall) == f"0.0{NBSP}%"
    assert {p.pk: r for p, r in figures.products}[jujube.pk] == Ratio(0, 0)


def test_output_share_takes_the_latest_complete_year(cherry, jujube):
    for year, output, users in [(2023, 100, 50), (2024, 200, 150), (2025, 300, None)]:
        make_statistic(
            product=cherry,
            year=year,
            output_tonnes=Decimal(output),
            users_output_tonnes=None if users is None else Decimal(users),
        )

    (share,) = statistics.output_share()

    assert share.product.pk == cherry.pk
    assert [row.year for row in share.series] == [2023, 2024, 2025]
    assert [str(row.ratio) for row in share.series] == [f"50.0{NBSP}%", f"75.0{NBSP}%", "—"]
    assert share.latest.year == 2024
    assert share.latest.ratio.meets(statistics.DEMONSTRATION_ZONE_TARGET)


def test_pass_rate_by_year_and_product(towns, cherry, jujube):
    weight = make_indicator(product=cherry, name="单果重", min_value=10)
    sugar = make_indicator(product=jujube, name="可溶性固形物", min_value=25)
    for value in (11, 12, 9):
        published_inspection(cherry, weight, value, sampled_on=datetime.date(2024, 5, 10))
    published_inspection(cherry, weight, 15, sampled_on=datetime.date(2025, 5, 10))
    published_inspection(jujube, sugar, 20, sampled_on=datetime.date(2024, 9, 20))
    unpublished = make_inspection(product=cherry, sampled_on=datetime.date(2024, 5, 11))
    inspection_record_result(inspection=unpublished, indicator=weight, value=1)

    rates = statistics.pass_rates()

    assert rates.years == [2024, 2025]
    assert [p.pk for p in rates.products] == [cherry.pk, jujube.pk]
    assert rates.ratio(2024, rates.products[0]) == Ratio(2, 3)
    assert str(rates.ratio(2024, rates.products[0])) == f"66.7{NBSP}%"
    assert str(rates.ratio(2025, rates.products[0])) == f"100.0{NBSP}%"
    assert str(rates.ratio(2024, rates.products[1])) == f"0.0{NBSP}%"
    assert str(rates.ratio(2025, rates.products[1])) == "—"
    assert rates.overall == Ratio(3, 5)


def test_complaints_by_status_and_median_days_to_close():
    for days in (2, 10, 4):
        closed_complaint(days)
    submit_complaint(description="标签可疑")

    figures = statistics.complaint_figures()

    counts = {status.value: count for status, count in figures.by_status}
    assert counts == {"received": 1, "accepted": 0, "investigating": 0, "closed": 3}
    assert figures.total == 4
    assert figures.closed_count == 3
    assert figures.median_days_to_close == Decimal("4.0")


def test_median_of_an_even_number_of_closed_complaints():
    closed_complaint(3)
    closed_complaint(6)
    assert statistics.complaint_figures().median_days_to_close == Decimal("4.5")


def test_labels_issued_and_checked_by_season(towns, cherry, staff):
    authorisation = live(
        make_producer(town=towns["shuiquan"]), cherry, approved_on=datetime.date(2025, 1, 1)
    )
    first = make_label_batch(authorisation, quantity=100, season=2025, by=staff)
    make_label_batch(authorisation, quantity=50, season=2025, by=staff)
    make_label_batch(authorisation, quantity=40, season=2026, by=staff)
    withdrawn = make_label_batch(authorisation, quantity=30, season=2026, by=staff)
    label_batch_void(batch=withdrawn, by=staff, reason="丢失")
    for serial in (0, 1, 2):
        scan(first, serial)
    scan(withdrawn, 0)  # left out: the batch is void

    assert statistics.label_seasons() == [LabelSeason(2025, 150, 3), LabelSeason(2026, 40, 0)]
    assert str(statistics.label_seasons()[0].ratio) == f"2.0{NBSP}%"


def test_expiring_authorisations_within_sixty_days(towns, cherry, jujube):
    soon = live(
        make_producer(town=towns["shuiquan"]), cherry, valid_until=today() + datetime.timedelta(30)
    )
    live(
        make_producer(town=towns["shuiquan"]), jujube, valid_until=today() + datetime.timedelta(90)
    )
    live(make_producer(town=towns["shuiquan"]), jujube)  # no end date

    assert statistics.expiring_authorisations() == [soon]
    assert statistics.expiring_authorisations()[0].days_left == 30


# --- Pages ---------------------------------------------------------------------------------


@pytest.fixture
def small_data(towns, cherry, jujube, staff):
    """The figures of the tests above, all at once."""
    producers = [make_producer(town=towns["shuiquan"]) for _ in range(5)]
    auths = [live(p, cherry, approved_on=datetime.date(2025, 1, 1)) for p in producers[:4]]
    hidden = make_producer(town=towns["shuiquan"], name="隐名樱桃合作社", is_public=False)
    live(hidden, jujube, valid_until=today() + datetime.timedelta(days=20))
    make_statistic(
        product=cherry, year=2024, output_tonnes=Decimal(200), users_output_tonnes=Decimal(150)
    )
    weight = make_indicator(product=cherry, name="单果重", min_value=10)
    published_inspection(cherry, weight, 11, sampled_on=datetime.date(2024, 5, 10))
    published_inspection(cherry, weight, 9, sampled_on=datetime.date(2024, 5, 11))
    closed_complaint(4)
    batch = make_label_batch(auths[0], quantity=100, season=2025, by=staff)
    scan(batch, 0)
    return {"hidden": hidden}


def more_data(towns, cherry, staff, n):
    """n more of everything, to show the query count does not grow with the data."""
    weight = cherry.indicators.first()
    for i in range(n):
        producer = make_producer(town=towns["shuiquan"])
        authorisation = live(producer, cherry, approved_on=datetime.date(2015, 1, 1))
        published_inspection(
            cherry, weight, 10 + i, sampled_on=datetime.date(2020 + i, 5, 10), producer=producer
        )
        make_statistic(
            product=cherry,
            year=2010 + i,
            output_tonnes=Decimal(100),
            users_output_tonnes=Decimal(10 * i),
        )
        closed_complaint(i)
        batch = make_label_batch(authorisation, quantity=10, season=2015 + i, by=staff)
        scan(batch, 0)


def test_statistics_page_shows_each_figure(client, small_data):
    response = client.get(reverse("statistics"))

    assert response.status_code == 200
    html = response.content.decode()
    # use rate: 4 of the 6 producers in the area (5 + the hidden one, who is authorised
    # for jujube only, whose area is elsewhere)
    assert f"66.7{NBSP}%" in html
    assert f"75.0{NBSP}%" in html  # users' share of output 2024
    assert f"50.0{NBSP}%" in html  # one of two samples passed
    assert "<strong>4</strong>" in html  # median days to close
    assert f"1.0{NBSP}%" in html  # 1 of 100 labels checked


def test_statistics_page_hides_private_data(client, small_data):
    html = client.get(reverse("statistics")).content.decode()

    assert 'id="h-expiring"' not in html
    assert small_data["hidden"].name not in html
    assert "投诉人张三" not in html
    assert "13800001234" not in html


def test_statistics_page_has_labelled_svg_charts_with_tables(client, small_data):
    html = client.get(reverse("statistics")).content.decode()

    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 4
    for svg in svgs:
        assert 'role="img"' in svg
        assert 'width="100%"' in svg and "viewBox=" in svg
        title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg).groups()
        assert f'<title id="{title_id}">' in html
        assert f'<desc id="{desc_id}">' in html
    # each chart is followed by a table with the same numbers
    for chart in re.split(r"<svg", html)[1:]:
        assert "<table" in chart.split("</section>")[0]
    # The use-rate chart draws its 80 % target line, labelled (read in English, so the
    # check does not depend on whether the Chinese catalogue is compiled).
    client.cookies["lang"] = "en"
    english = client.get(reverse("statistics")).content.decode()
    assert re.search(r">Target 80 %</text>", english)


def test_statistics_page_without_data(client):
    response = client.get(reverse("statistics"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" not in html
    assert html.count("<strong>—</strong>") >= 4  # use rate, output, pass rate, median…
    assert "ZeroDivision" not in html


def test_staff_dashboard_requires_staff(client):
    url = reverse("staff_dashboard")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))

    client.force_login(make_user())
    assert client.get(url).status_code == 302


def test_staff_dashboard_lists_expiring_authorisations(client, small_data, staff):
    client.force_login(staff)
    response = client.get(reverse("staff_dashboard"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="h-expiring"' in html
    assert small_data["hidden"].name in html
    assert "<svg" in html  # the public figures too


def test_public_page_queries_do_not_grow_with_data(
    client, small_data, towns, cherry, staff, django_assert_num_queries
):
    # Queries: products with area counts, producer totals, annual statistics, pass rates,
    # complaint counts, closed complaints, labels issued, labels checked — 8.
    with django_assert_num_queries(8):
        assert client.get(reverse("statistics")).status_code == 200
    more_data(towns, cherry, staff, 6)
    with django_assert_num_queries(8):
        assert client.get(reverse("statistics")).status_code == 200


def test_staff_dashboard_queries_do_not_grow_with_data(
    client, small_data, towns, cherry, staff, django_assert_num_queries
):
    client.force_login(staff)
    # The 8 public queries, session and user, expiring authorisations, and the work
    # queue's applications, registrations, open complaints, late reports, overdue
    # follow-ups — 16.
    with django_assert_num_queries(16):
        assert client.get(reverse("staff_dashboard")).status_code == 200
    more_data(towns, cherry, staff, 6)
    with django_assert_num_queries(16):
        assert client.get(reverse("staff_dashboard")).status_code == 200


# --- Charts --------------------------------------------------------------------------------


def test_bar_chart_escapes_labels_and_draws_the_target():
    svg = charts.bar_chart(
        chart_id="c",
        title="<t>",
        description="d",
        rows=[("<script>", Decimal("50"), "50 %"), ("empty", None, "—")],
        axis_label="share",
        target=Decimal("80"),
        target_label="Target 80 %",
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "&lt;t&gt;" in svg
    assert "Target 80 %" in svg
    assert svg.count("<rect") == 1  # no bar for the row without data
    assert 'stroke-dasharray="6 4"' in svg


def test_column_chart_scales_counts_to_a_round_ceiling():
    svg = charts.column_chart(
        chart_id="c",
        title="t",
        description="d",
        categories=[2024, 2025],
        series=[("issued", [1200, None]), ("checked", [30, 0])],
        y_label="labels",
        x_label="season",
        percent=False,
    )
    assert "2,000" in svg  # 1,200 rounds up to a 2,000 scale
    assert svg.count("<rect") == 2 + 3  # two legend swatches, three bars
    assert [charts.count_step(n) for n in (0, 3, 4, 5, 9, 21, 101, 1200)] == [
        1,
        1,
        1,
        2,
        5,
        10,
        50,
        500,
    ]
