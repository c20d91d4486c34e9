"""Home page, search, error pages and the language switch."""

import datetime

import pytest
from django.test import override_settings
from django.urls import path
from django.utils import timezone

from products.models import DocumentKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return factories.town("水泉镇")


@pytest.fixture
def cherry(town):
    return factories.cherry(protection_area=[town], characteristics="肾形，紫红色")


@pytest.fixture
def jujube():
    return factories.jujube()


def make_producer(town, n, **kwargs):
    kwargs.setdefault("name", f"水泉镇樱桃合作社{n}")
    return factories.make_producer(town, **kwargs)


def published_inspection(producer, product, n, value="19"):
    """Judged on soluble solids (≥ 18 %), published today; its report number is R-000n."""
    solids = product.indicators.filter(name="可溶性固形物").first() or factories.make_indicator(
        product=product, name="可溶性固形物", unit="%", min_value=18
    )
    return factories.inspect(
        producer=producer,
        product=product,
        results={solids: value},
        sample_number=f"SL-{n:04d}",
        report_number=f"R-{n:04d}",
        sampled_on=datetime.date(2025, 5, 20),
    )


def populate(town, cherry, size):
    for n in range(size):
        producer = make_producer(town, n)
        factories.approve(producer, cherry, number=f"A{n}", on=timezone.localdate())
        published_inspection(producer, cherry, n, value="17" if n % 2 else "19")
        factories.make_document(f"通知{n}", DocumentKind.NOTICE, number=f"N{n}")


class TestHome:
    def test_shows_products_figures_and_latest(self, client, town, cherry, jujube):
        populate(town, cherry, 3)
        response = client.get("/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "山亭火樱桃" in html and "店子长红枣" in html
        assert response.context["authorised_producers"] == 3
        assert response.context["live_authorisations"] == 3
        assert len(response.context["latest_inspections"]) == 3
        assert "通知2" in html

    def test_links_every_public_section(self, client, town, cherry):
        html = client.get("/").content.decode()
        for url in [
            "/products/",
            "/producers/",
            "/inspections/",
            "/enforcement/",
            "/library/",
            "/where-to-buy/",
            "/search/",
            cherry.get_absolute_url(),
        ]:
            assert f'href="{url}"' in html or f'action="{url}"' in html, url

    def test_query_count_is_constant(self, client, town, cherry, jujube, django_assert_num_queries):
        populate(town, cherry, 2)
        # products, their cover images, live count, authorised producers count,
        # inspections, cases, documents, news
        with django_assert_num_queries(8):
            client.get("/")
        populate_more = 12
        for n in range(100, 100 + populate_more):
            producer = make_producer(town, n)
            published_inspection(producer, cherry, n)
        with django_assert_num_queries(8):
            client.get("/")


class TestSearch:
    @pytest.mark.parametrize("query", ["火樱桃", "huoyingtao", "hyt", "HYT", "Fire Cherry"])
    def test_finds_product_by_chinese_pinyin_and_initials(self, client, cherry, query):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert cherry in response.context["products"]

    def test_finds_producer_by_credit_code_lowercase(self, client, town):
        producer = make_producer(town, 7)
        response = client.get("/search/", {"q": producer.credit_code.lower()})
        assert producer in response.context["producers"]

    def test_non_public_producer_is_not_found(self, client, town, cherry):
        hidden = make_producer(town, 8, name="不公开农户甲", is_public=False)
        published_inspection(hidden, cherry, 8)
        response = client.get("/search/", {"q": "不公开农户"})
        assert response.context["producers"] == []
        assert response.context["inspections"] == []
        assert "不公开农户甲" not in response.content.decode()

    def test_finds_published_result_by_report_number(self, client, town, cherry):
        inspection = published_inspection(make_producer(town, 9), cherry, 9)
        response = client.get("/search/", {"q": "R-0009"})
        assert inspection in response.context["inspections"]

    def test_empty_query_shows_help(self, client):
        response = client.get("/search/", {"q": "  "})
        assert response.status_code == 200
        assert response.context["searched"] is False

    def test_over_long_query_is_refused_clearly(self, client):
        response = client.get("/search/", {"q": "x" * 51})
        assert response.status_code == 400
        assert "50" in response.context["error"]

    def test_punctuation_only_query_is_refused_clearly(self, client):
        response = client.get("/search/", {"q": "---"})
        assert response.status_code == 400

    def test_query_count_is_constant(self, client, town, cherry, django_assert_num_queries):
        populate(town, cherry, 2)
        # one query each: products, producers, documents, inspections
        with django_assert_num_queries(4):
            client.get("/search/", {"q": "sq"})
        populate(town, cherry, 0)
        for n in range(50, 60):
            published_inspection(make_producer(town, n), cherry, n)
        with django_assert_num_queries(4):
            client.get("/search/", {"q": "sq"})


def boom(request):
    raise RuntimeError("deliberate")


urlpatterns = [path("boom/", boom)]


class TestErrorPages:
    def test_404_is_friendly_in_chinese_and_english(self, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "Page not found" not in response.content.decode()  # Chinese by default
        client.cookies["lang"] = "en"
        assert "Page not found" in client.get("/no-such-page/").content.decode()

    @override_settings(ROOT_URLCONF=__name__, DEBUG=False)
    def test_500_page_renders(self, client):
        client.raise_request_exception = False
        response = client.get("/boom/")
        assert response.status_code == 500
        assert "<h1>" in response.content.decode()


class TestLanguage:
    def test_switch_keeps_the_page_and_sets_cookie(self, client, cherry):
        response = client.post(
            "/i18n/setlang/", {"language": "en", "next": cherry.get_absolute_url()}
        )
        assert response.status_code == 302
        assert response.url == cherry.get_absolute_url()
        assert response.cookies["lang"].value == "en"
        html = client.get("/").content.decode()
        assert 'lang="en"' in html
        assert "Shanting Fire Cherry" in html

    def test_chinese_is_the_default(self, client, cherry):
        html = client.get("/").content.decode()
        assert 'lang="zh-Hans"' in html


def test_browser_language_does_not_override_chinese_first(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-Hans"' in html


def test_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies["lang"] = "fr"
    assert 'lang="zh-Hans"' in client.get("/").content.decode()


def test_spot_check_draws_are_reachable_from_the_results_list(client):
    html = client.get("/inspections/").content.decode()
    assert 'href="/inspections/plans/"' in html
