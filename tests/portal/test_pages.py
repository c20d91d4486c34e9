"""The portal's public pages and the conventions of a government site: meta tags, footer,
site map from the URLconf, elder mode, robots; news, events, parks, associations."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from shanting_gi.portal import sitemap
from shanting_gi.portal.models import ArticleAttachment
from tests.factories import (
    make_article,
    make_association,
    make_consultation,
    make_event,
    make_park,
    make_producer,
    make_product,
    make_town,
)

pytestmark = pytest.mark.django_db

SITE_PAGES = [
    "/questions/",
    "/questions/ask/",
    "/questions/track/",
    "/news/",
    "/events/",
    "/industry/",
    "/industry/parks/",
    "/rights/",
    "/about/",
    "/contact/",
    "/privacy/",
    "/disclaimer/",
    "/accessibility/",
    "/sitemap/",
]


def meta(html, name):
    match = re.search(rf'<meta name="{name}" content="([^"]*)">', html)
    return match.group(1) if match else None


@pytest.mark.parametrize("path", SITE_PAGES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_renders_in_both_languages_with_its_column(client, path, language):
    client.cookies["lang"] = language
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert meta(html, "SiteName") == "山亭区地理标志产品信息查询平台"
    assert meta(html, "SiteDomain") == "127.0.0.1:8000"
    assert meta(html, "ColumnName") and meta(html, "ColumnType")
    assert meta(html, "SiteIDCode") is None  # not configured: never invented
    assert 'lang="en"' in html if language == "en" else 'lang="zh-Hans"' in html


def test_columns_follow_the_section(client):
    assert meta(client.get("/").content.decode(), "ColumnName") == "首页"
    assert meta(client.get("/news/").content.decode(), "ColumnName") == "新闻动态"
    assert meta(client.get("/questions/").content.decode(), "ColumnType") == "互动交流"
    assert meta(client.get("/verify/").content.decode(), "ColumnType") == "办事服务"


def test_identification_codes_appear_only_when_configured(client, settings):
    html = client.get("/contact/").content.decode()
    assert "beian.miit.gov.cn" not in html and "网站标识码" not in html
    settings.SITE_ID_CODE = "3704060001"
    settings.ICP_NUMBER = "鲁ICP备00000000号-1"
    settings.PUBLIC_SECURITY_RECORD = "鲁公网安备 37040602000001号"
    settings.GOV_MARK_URL = "https://bszs.conac.cn/sitename?method=show&id=X"
    settings.SITE_PHONE = "0632-0000000"
    html = client.get("/contact/").content.decode()
    assert meta(html, "SiteIDCode") == "3704060001"
    assert "网站标识码" in html and "3704060001" in html
    assert 'href="https://beian.miit.gov.cn/"' in html and "鲁ICP备00000000号-1" in html
    assert "code=37040602000001" in html
    assert "党政机关网站标识" in html
    assert 'href="tel:0632-0000000"' not in html and 'href="tel:06320000000"' in html


def test_footer_has_the_conventions_of_a_government_site(client):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for href in ["/contact/", "/sitemap/", "/privacy/", "/disclaimer/", "/rights/"]:
        assert f'href="{href}"' in footer, href
    assert "我为政府网站找错" in footer and 'href="https://zfwzzc.www.gov.cn/"' in footer
    assert 'href="http://www.shanting.gov.cn/"' in footer
    assert "主办单位" in footer and "12315" in footer


def test_the_site_map_lists_every_public_page_of_the_urlconf(client):
    found = dict(sitemap.public_pages())
    assert set(found) - set(sitemap.PAGES) == set(), "public pages missing from sitemap.PAGES"
    assert set(sitemap.PAGES) - set(found) == set(), "sitemap.PAGES names pages that are gone"
    html = client.get("/sitemap/").content.decode()
    for name in sitemap.PAGES:
        assert f'href="{reverse(name)}"' in html, name
    for private in ["/admin/", "/staff/", "/accounts/password/", "/questions/sent/", "/healthz"]:
        assert f'href="{private}"' not in html.split("<main", 1)[1].split("</main>")[0]


class TestElderMode:
    def test_the_switch_sets_a_cookie_and_the_page_grows(self, client):
        response = client.post("/elder-mode/", {"elder": "on", "next": "/news/?kind=notice"})
        assert response.status_code == 302
        assert response["Location"] == "/news/?kind=notice"
        cookie = response.cookies["elder"]
        assert cookie.value == "1" and cookie["max-age"] > 30 * 24 * 3600
        html = client.get("/news/").content.decode()
        assert '<html lang="zh-Hans" class="elder">' in html
        assert 'aria-pressed="true"' in html

        response = client.post("/elder-mode/", {"elder": "off", "next": "/news/"})
        assert response.cookies["elder"].value == ""
        assert 'class="elder"' not in client.get("/news/").content.decode()

    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
    def test_it_never_redirects_off_the_site(self, client, target):
        response = client.post("/elder-mode/", {"elder": "on", "next": target})
        assert response["Location"] == "/"

    def test_only_post_switches(self, client):
        assert client.get("/elder-mode/").status_code == 405


def test_robots_lets_the_verify_form_in_and_keeps_results_out(client):
    robots = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /verify/" not in robots
    assert "Disallow: /verify/?" in robots and "Disallow: /v/" in robots
    form = client.get("/verify/")
    assert '<meta name="robots"' not in form.content.decode()
    assert "X-Robots-Tag" not in form
    result = client.get("/verify/", {"code": "XXXX"})
    assert '<meta name="robots" content="noindex">' in result.content.decode()
    assert result["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get("/v/ABCD-EFGH-JKMN-PQRS")["X-Robots-Tag"] == "noindex, nofollow"


class TestNews:
    def test_drafts_and_future_articles_are_not_public(self, client):
        draft = make_article(published=False, title="草稿通知")
        future = make_article(
            title="明天的通知", published_on=timezone.localdate() + datetime.timedelta(days=1)
        )
        live = make_article(title="已发布通知")
        html = client.get("/news/").content.decode()
        assert "已发布通知" in html and "草稿通知" not in html and "明天的通知" not in html
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(future.get_absolute_url()).status_code == 404
        assert client.get(live.get_absolute_url()).status_code == 200

    def test_the_text_is_markdown_rendered_safely_with_article_meta(self, client):
        article = make_article(
            title="关于采摘节的通知",
            body="## 安排\n\n**五月**开幕 <script>alert(1)</script> [详情](javascript:alert(2))",
            author_unit="山亭区文化和旅游局",
        )
        html = client.get(article.get_absolute_url()).content.decode()
        assert "<h2>安排</h2>" in html and "<strong>五月</strong>" in html
        assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
        assert 'href="javascript' not in html
        assert meta(html, "ArticleTitle") == "关于采摘节的通知"
        assert meta(html, "PubDate") == "2025-05-01"
        assert meta(html, "ContentSource") == "山亭区文化和旅游局"

    def test_attachments_and_the_english_fallback(self, client, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        article = make_article(title="通知", title_en="Notice")
        attachment = ArticleAttachment(article=article, title="报名表")
        attachment.file.save("form.pdf", __import__("io").BytesIO(b"%PDF-1.4"), save=True)
        client.cookies["lang"] = "en"
        html = client.get(article.get_absolute_url()).content.decode()
        assert "报名表" in html and "(PDF)" in html
        assert "published in Chinese only" in html

    def test_the_feed_is_atom_with_published_articles_only(self, client):
        make_article(title="已发布", is_example=True)
        make_article(title="草稿", published=False)
        response = client.get("/news/feed/")
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)
        titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
        assert "已发布" in titles and "草稿" not in titles

    def test_bad_filters_are_named_not_fatal(self, client):
        response = client.get("/news/", {"kind": "gossip", "page": "x"})
        assert response.status_code == 200
        assert "gossip" in response.content.decode()

    def test_the_list_costs_a_constant_number_of_queries(self, client, django_assert_num_queries):
        for _ in range(3):
            make_article()
        # Queries: the products of the filter form, the count, the page of articles.
        with django_assert_num_queries(3):
            client.get("/news/")
        for _ in range(12):
            make_article()
        with django_assert_num_queries(3):
            client.get("/news/")


class TestEvents:
    def test_the_product_page_shows_events_in_season_only(self, client):
        cherry = make_product(slug="cherry")
        today = timezone.localdate()
        make_event(
            product=cherry,
            title="即将举行的采摘节",
            starts_on=today + datetime.timedelta(days=10),
            ends_on=today + datetime.timedelta(days=20),
        )
        make_event(
            product=cherry,
            title="去年的采摘节",
            starts_on=today - datetime.timedelta(days=400),
            ends_on=today - datetime.timedelta(days=380),
        )
        make_event(product=cherry, title="未发布的活动", is_published=False)
        html = client.get("/products/cherry/").content.decode()
        assert "即将举行的采摘节" in html
        assert "去年的采摘节" not in html and "未发布的活动" not in html

    def test_unpublished_events_have_no_page(self, client):
        hidden = make_event(is_published=False)
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert client.get(make_event().get_absolute_url()).status_code == 200

    def test_when_filter(self, client):
        today = timezone.localdate()
        make_event(
            title="过去的活动",
            starts_on=today - datetime.timedelta(days=9),
            ends_on=today - datetime.timedelta(days=8),
        )
        make_event(title="今天的活动", starts_on=today, ends_on=today)
        html = client.get("/events/", {"when": "upcoming"}).content.decode()
        assert "今天的活动" in html and "过去的活动" not in html


class TestIndustry:
    def test_parks_are_listed_under_their_town_and_hidden_ones_not(self, client):
        town = make_town(name="水泉镇", code="370406107")
        make_town(name="店子镇", code="370406101")
        make_park(town=town, name="樱桃示范园甲")
        make_park(town=town, name="不公开的园区", is_public=False)
        html = client.get("/industry/parks/").content.decode()
        tile = html[html.index("<h3>水泉镇</h3>") :]
        assert "樱桃示范园甲" in tile.split("</li>\n    \n    <li")[0] or "樱桃示范园甲" in tile
        assert "不公开的园区" not in html
        assert "店子镇" in html  # a town without a park is still on the list

    def test_an_association_shows_public_members_and_packaging(self, client):
        cherry = make_product(slug="cherry")
        public = make_producer(name="公开会员合作社")
        hidden = make_producer(name="不公开会员合作社", is_public=False)
        association = make_association(products=[cherry], members=[public, hidden], phone="0632-1")
        html = client.get(association.get_absolute_url()).content.decode()
        assert "公开会员合作社" in html and "不公开会员合作社" not in html
        assert "1 个会员" in html or "1 member" in html

    def test_the_association_page_costs_constant_queries(self, client, django_assert_num_queries):
        cherry = make_product()
        association = make_association(
            products=[cherry], members=[make_producer() for _ in range(3)]
        )
        # Queries: the association, its products, its public members with towns, its
        # packaging designs with products.
        with django_assert_num_queries(4):
            client.get(association.get_absolute_url())
        association.members.add(*[make_producer() for _ in range(10)])
        with django_assert_num_queries(4):
            client.get(association.get_absolute_url())


def test_the_product_page_links_the_faq_and_the_brand_use_notes(client):
    cherry = make_product(slug="cherry")
    answer, _ = make_consultation(publish=True, product=cherry, public_question="樱桃包装怎么印")
    html = client.get("/products/cherry/").content.decode()
    assert answer.get_absolute_url() in html and "樱桃包装怎么印" in html
    assert "/questions/ask/?product=cherry" in html
    assert "/questions/?product=cherry" in html
