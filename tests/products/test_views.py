"""Product pages and the document library: what a visitor sees, and at what query cost.

Assertions on wording use the `english` client (language cookie set): the default language
is Chinese, whose translations arrive from locale/ separately.
"""

import datetime
import re

import pytest
from django.core.files.base import ContentFile

from producers.register.models import AuthorisationStatus
from producers.register.services import authorisation_apply, authorisation_revoke
from products.models import DocumentKind, ImageKind, ProductStatus

from .conftest import LAST_YEAR, TODAY

pytestmark = pytest.mark.django_db


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def section(html, heading_id):
    """The HTML of the <section> labelled by the heading with this id."""
    match = re.search(
        rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, flags=re.DOTALL
    )
    assert match, heading_id
    return match.group(1)


def season_items(html):
    strip = re.search(r'<ol class="season"[^>]*>(.*?)</ol>', html, flags=re.DOTALL).group(1)
    return re.findall(r"<li( class=\"on\")?>(.*?)</li>", strip, flags=re.DOTALL)


class TestProductList:
    def test_shows_both_products_as_cards(self, client, cherry, jujube):
        html = html_of(client.get("/products/"))
        cards = re.findall(r'<li class="card">(.*?)</li>', html, flags=re.DOTALL)
        assert len(cards) == 2
        assert cherry.get_absolute_url() in cards[0] and "山亭火樱桃" in cards[0]
        assert jujube.get_absolute_url() in cards[1] and "店子长红枣" in cards[1]

    def test_english_names_in_english(self, english, cherry):
        html = html_of(english.get("/products/"))
        assert "Shanting Fire Cherry</a>" in html

    def test_cover_picture_has_alt_size_and_lazy_loading(self, client, cherry, jujube, make_image):
        make_image(cherry, ImageKind.GENUINE_PRODUCT, "紫红色肾形的火樱桃")
        make_image(jujube, ImageKind.GENUINE_PRODUCT, "长圆柱形红枣")
        make_image(jujube, ImageKind.KNOWN_FAKE, "假冒红枣")
        html = html_of(client.get("/products/"))
        assert 'alt="紫红色肾形的火樱桃"' in html
        assert 'alt="长圆柱形红枣"' in html and "假冒红枣" not in html
        assert 'width="40" height="30"' in html
        assert html.count('loading="lazy"') == 1  # the first card's picture loads at once


class TestProductPage:
    def test_names_and_texts(self, client, cherry):
        html = html_of(client.get("/products/shanting-fire-cherry/"))
        assert "<h1>山亭火樱桃</h1>" in html
        assert "Shanting Fire Cherry" in html
        assert "Shāntíng Huǒyīngtáo" in html
        assert "果实肾形，紫红色" in html
        assert "认准地理标志专用标志" in html
        assert "<title>山亭火樱桃 · " in html
        assert html.count("<h1") == 1

    def test_english_shows_english_texts(self, english, cherry):
        html = html_of(english.get(cherry.get_absolute_url()))
        assert "<h1>Shanting Fire Cherry</h1>" in html
        assert "Kidney-shaped, purple-red" in html
        assert "果实肾形" not in html
        assert "Soluble solids" in html
        assert "Shuiquan Town" in html

    def test_unverified_approval_is_flagged_with_its_source(self, english, cherry):
        html = html_of(english.get(cherry.get_absolute_url()))
        protection = section(html, "protection-heading")
        assert "2010-12-10" in protection
        assert "not known" in protection  # the announcement number
        assert re.search(
            r'class="to-verify">to be verified — source: 百度百科转载的批准公告', protection
        )
        # the protection area too, with its own source
        assert "source: 水泉镇人民政府网站" in protection
        assert "Beizhuang Town, Shuiquan Town" in protection  # by statistics code

    def test_verified_facts_carry_no_flag(self, english, jujube):
        html = html_of(english.get(jujube.get_absolute_url()))
        assert "第123号" in html
        assert 'class="to-verify"' not in html
        assert "to be verified" not in html

    def test_season_strip_marks_the_harvest_months(self, english, cherry):
        html = html_of(english.get(cherry.get_absolute_url()))
        items = season_items(html)
        assert len(items) == 12
        assert [n for n, (on, _text) in enumerate(items, start=1) if on] == [5, 6]
        # Not colour alone: the months are named in text, and each item says it.
        assert "<strong>May, June</strong>" in section(html, "season-heading")
        assert "May: harvest" in items[4][1]
        assert "harvest" not in items[3][1]

    def test_empty_season_marks_nothing(self, client, cherry):
        cherry.harvest_months = []
        cherry.save()
        items = season_items(html_of(client.get(cherry.get_absolute_url())))
        assert len(items) == 12 and not any(on for on, _text in items)

    def test_indicator_table(self, english, cherry):
        html = html_of(english.get(cherry.get_absolute_url()))
        table = section(html, "indicators-heading")
        assert "<caption>" in table and table.count('<th scope="col">') == 4
        rows = re.findall(r"<tr>\s*(<th scope=\"row\">.*?)</tr>", table, flags=re.DOTALL)
        assert len(rows) == 2
        cells = [
            [
                cell.replace("\xa0", " ")
                for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.DOTALL)
            ]
            for row in rows
        ]
        # indicator, limit (with its unit), test method, source with verification
        assert cells[0][:3] == ["Soluble solids", "≥ 18 %", "NY/T 2637"]
        assert "DB3704/T 0035—2023 表1" in cells[0][3] and 'class="badge ok"' in cells[0][3]
        assert "to-verify" not in cells[0][3]
        assert cells[1][:3] == ["Single fruit weight", "10–14 g", "称量"]
        assert "二手资料" in cells[1][3] and 'class="to-verify"' in cells[1][3]

    def test_only_live_authorisations_of_public_producers(
        self, english, cherry, jujube, shuiquan, make_producer, approve
    ):
        live = make_producer(shuiquan, "水泉镇火樱桃合作社")
        approve(live, cherry, valid_until=TODAY + datetime.timedelta(days=30))
        forever = make_producer(shuiquan, "无期限示例合作社", is_example=True)
        approve(forever, cherry)
        today_last = make_producer(shuiquan, "今日到期合作社")
        approve(today_last, cherry, valid_until=TODAY)

        applied = make_producer(shuiquan, "仅申请合作社")
        authorisation_apply(producer=applied, product=cherry)
        revoked = make_producer(shuiquan, "已撤销合作社")
        authorisation_revoke(
            authorisation=approve(revoked, cherry), by=None, reason="违规使用专用标志"
        )
        expired = make_producer(shuiquan, "已过期合作社")
        approve(
            expired,
            cherry,
            on=LAST_YEAR - datetime.timedelta(days=365),
            valid_until=TODAY - datetime.timedelta(days=1),
        )
        hidden = make_producer(shuiquan, "不公开农户", is_public=False)
        approve(hidden, cherry)
        other_product = make_producer(shuiquan, "红枣合作社")
        approve(other_product, jujube)

        response = english.get(cherry.get_absolute_url())
        producers = section(html_of(response), "producers-heading")
        for shown in ("水泉镇火樱桃合作社", "无期限示例合作社", "今日到期合作社"):
            assert shown in producers
        for hidden_name in (
            "仅申请合作社",
            "已撤销合作社",
            "已过期合作社",
            "不公开农户",
            "红枣合作社",
        ):
            assert hidden_name not in response.content.decode()
        assert "3 producers may use the special mark" in producers
        assert 'class="badge example"' in producers
        assert live.get_absolute_url() in producers
        assert all(
            a.status == AuthorisationStatus.APPROVED for a in response.context["authorisations"]
        )

    def test_only_published_inspections(self, english, cherry, shuiquan, make_producer, inspection):
        public = make_producer(shuiquan, "公开合作社")
        hidden = make_producer(shuiquan, "不公开农户", is_public=False)
        passed = inspection(public, cherry, value="19")
        failed = inspection(hidden, cherry, value="17")
        unpublished = inspection(public, cherry, publish=False)
        html = html_of(english.get(cherry.get_absolute_url()))
        results = section(html, "results-heading")
        assert passed.sample_number in results and failed.sample_number in results
        assert unpublished.sample_number not in html
        assert 'class="badge ok"' in results and 'class="badge bad"' in results
        assert "公开合作社" in results
        assert "不公开农户" not in html
        assert "a producer not listed publicly" in results

    def test_latest_five_inspections_only(
        self, client, cherry, shuiquan, make_producer, inspection
    ):
        producer = make_producer(shuiquan)
        for _n in range(7):
            inspection(producer, cherry)
        response = client.get(cherry.get_absolute_url())
        assert len(response.context["inspections"]) == 5

    def test_documents_that_apply_with_in_force_marked(self, client, cherry, jujube, make_document):
        old = make_document(
            "山亭火樱桃旧标准",
            DocumentKind.PRODUCT_STANDARD,
            product=cherry,
            effective_on=datetime.date(2015, 1, 1),
        )
        make_document(
            "地理标志产品 山亭火樱桃",
            DocumentKind.PRODUCT_STANDARD,
            product=cherry,
            supersedes=old,
            effective_on=datetime.date(2023, 10, 21),
        )
        make_document(
            "地理标志产品保护办法", DocumentKind.LAW, effective_on=datetime.date(2024, 2, 1)
        )
        make_document("店子长红枣标准", DocumentKind.PRODUCT_STANDARD, product=jujube)
        response = client.get(cherry.get_absolute_url())
        documents = section(html_of(response), "documents-heading")
        assert "地理标志产品保护办法" in documents
        assert "店子长红枣标准" not in documents
        statuses = {d.title: d.status for d in response.context["documents"]}
        assert statuses == {
            "山亭火樱桃旧标准": "superseded",
            "地理标志产品 山亭火樱桃": "in_force",
            "地理标志产品保护办法": "in_force",
        }

    def test_public_outlets_only(self, client, cherry, jujube, make_outlet):
        make_outlet("水泉镇樱桃专柜", [cherry], is_example=True)
        make_outlet("红枣摊位", [jujube])
        make_outlet("内部仓库", [cherry], is_public=False)
        buy = section(html_of(client.get(cherry.get_absolute_url())), "buy-heading")
        assert "水泉镇樱桃专柜" in buy
        assert "红枣摊位" not in buy and "内部仓库" not in buy

    def test_pictures_by_kind_with_known_fakes_labelled(self, english, cherry, make_image):
        make_image(cherry, ImageKind.GENUINE_PRODUCT, "紫红色肾形的火樱桃", alt_text_en="Cherries")
        make_image(cherry, ImageKind.MARK_SAMPLE, "专用标志", alt_text_en="The special mark")
        make_image(
            cherry,
            ImageKind.KNOWN_FAKE,
            "假冒包装",
            alt_text_en="Box with a made-up mark",
            caption_en="Seized 2024",
        )
        identify = section(html_of(english.get(cherry.get_absolute_url())), "identify-heading")
        headings = re.findall(r"<h3>(.*?)</h3>", identify)
        assert headings == ["Genuine product", "Special mark sample", "Known fakes — not genuine"]
        assert 'alt="Cherries"' in identify
        assert 'alt="Known fake: Box with a made-up mark"' in identify
        assert '<li class="fake">' in identify
        assert 'class="badge bad">known fake</span> Seized 2024' in identify
        assert identify.count('loading="lazy"') == 3
        assert identify.count('width="40" height="30"') == 3

    def test_missing_picture_file_does_not_break_the_page(self, client, cherry, make_image):
        image = make_image(cherry, ImageKind.GENUINE_PRODUCT, "火樱桃")
        image.image.storage.delete(image.image.name)
        html = html_of(client.get(cherry.get_absolute_url()))
        assert 'alt="火樱桃"' in html

    @pytest.mark.parametrize("status", [ProductStatus.SUSPENDED, ProductStatus.REVOKED])
    def test_product_not_protected_has_a_status_note(self, english, cherry, status):
        cherry.status = status
        cherry.save()
        html = html_of(english.get(cherry.get_absolute_url()))
        assert 'class="callout warn" role="note"' in html
        assert f"Protection status: {status}." in html

    def test_protected_product_has_no_status_note(self, english, cherry):
        assert 'role="note"' not in html_of(english.get(cherry.get_absolute_url()))

    def test_unknown_slug_is_404(self, client, cherry):
        assert client.get("/products/no-such-product/").status_code == 404

    def test_headings_do_not_skip_levels(self, client, cherry, make_image):
        make_image(cherry, ImageKind.KNOWN_FAKE, "假冒")
        html = html_of(client.get(cherry.get_absolute_url()))
        levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


class TestLibrary:
    @pytest.fixture
    def library(self, cherry, jujube, make_document):
        return {
            "law": make_document("地理标志产品保护办法", DocumentKind.LAW),
            "regulation": make_document(
                "山亭火樱桃生产技术规程",
                DocumentKind.TECHNICAL_REGULATION,
                product=cherry,
                number="DB3704/T 005—2020",
                issuing_body="枣庄市市场监督管理局",
                issued_on=datetime.date(2020, 1, 20),
                effective_on=datetime.date(2020, 2, 28),
            ),
            "jujube": make_document(
                "地理标志产品 店子长红枣", DocumentKind.PRODUCT_STANDARD, product=jujube
            ),
            "notice": make_document("关于专用标志使用的通知", DocumentKind.NOTICE),
        }

    def test_grouped_by_kind_in_kind_order(self, english, library):
        html = html_of(english.get("/library/"))
        headings = re.findall(r'<h2 id="kind-([a-z_]+)">', html)
        assert headings == [
            "technical_regulation",
            "product_standard",
            "law",
            "rights_protection",  # always shown, for the 12315 channel
            "notice",
        ]
        regulation = section(html, "kind-technical_regulation")
        assert "山亭火樱桃生产技术规程" in regulation
        assert "DB3704/T 005—2020" in regulation and "枣庄市市场监督管理局" in regulation
        assert "2020-01-20" in regulation and "2020-02-28" in regulation
        assert "Shanting Fire Cherry" in regulation
        assert "12315" in section(html, "kind-rights_protection")
        assert html.count("<h1") == 1

    def test_filter_by_kind(self, client, library):
        response = client.get("/library/", {"kind": "law"})
        html = html_of(response)
        assert "地理标志产品保护办法" in html
        assert "山亭火樱桃生产技术规程" not in html and "关于专用标志使用的通知" not in html
        assert [g["kind"] for g in response.context["groups"]] == ["law"]

    def test_filter_by_product_keeps_general_documents(self, client, library):
        response = client.get("/library/", {"product": "dianzi-long-red-jujube"})
        html = html_of(response)
        assert "地理标志产品 店子长红枣" in html
        assert "地理标志产品保护办法" in html  # applies to every product
        assert "山亭火樱桃生产技术规程" not in html

    def test_filter_by_product_and_kind(self, client, library):
        response = client.get("/library/", {"product": "shanting-fire-cherry", "kind": "law"})
        assert set(response.context["documents"]) == {library["law"]}

    def test_invalid_filter_is_reported_not_fatal(self, english, library):
        response = english.get("/library/", {"product": "durian", "kind": "law"})
        html = html_of(response)
        assert "There is no product “durian”." in html
        # the valid filter still applies
        assert set(response.context["documents"]) == {library["law"]}

    def test_in_force_marking_on_a_superseded_chain(self, english, cherry, make_document):
        v1 = make_document(
            "规程2015",
            DocumentKind.TECHNICAL_REGULATION,
            product=cherry,
            number="V1",
            effective_on=datetime.date(2015, 1, 1),
        )
        v2 = make_document(
            "规程2020",
            DocumentKind.TECHNICAL_REGULATION,
            product=cherry,
            number="V2",
            supersedes=v1,
            effective_on=datetime.date(2020, 1, 1),
        )
        v3 = make_document(
            "规程下一版",
            DocumentKind.TECHNICAL_REGULATION,
            product=cherry,
            number="V3",
            supersedes=v2,
            effective_on=TODAY + datetime.timedelta(days=90),
        )
        repealed = make_document(
            "旧规定",
            DocumentKind.LAW,
            effective_on=datetime.date(2005, 7, 15),
            repealed_on=datetime.date(2024, 2, 1),
        )
        response = english.get("/library/")
        html = html_of(response)
        statuses = {d.number or d.title: d.status for d in response.context["documents"]}
        assert statuses == {
            "V1": "superseded",
            "V2": "in_force",  # its successor is not in force yet
            "V3": "not_yet_in_force",
            "旧规定": "repealed",
        }
        for document, badge in [
            (v1, '<span class="badge neutral">superseded</span>'),
            (v2, '<span class="badge ok">in force</span>'),
            (v3, '<span class="badge warn">not yet in force</span>'),
            (repealed, '<span class="badge bad">repealed</span>'),
        ]:
            assert re.search(
                rf'href="{document.get_absolute_url()}">[^<]*</a>\s*{re.escape(badge)}', html
            ), document
            assert document.is_in_force() == (badge.endswith(">in force</span>"))

    def test_document_detail_shows_chain_and_pdf(self, english, cherry, make_document):
        v1 = make_document(
            "规程2015",
            DocumentKind.TECHNICAL_REGULATION,
            product=cherry,
            number="V1",
            effective_on=datetime.date(2015, 1, 1),
        )
        v2 = make_document(
            "规程2020",
            DocumentKind.TECHNICAL_REGULATION,
            product=cherry,
            number="V2",
            supersedes=v1,
            effective_on=datetime.date(2020, 1, 1),
            body="第一条 为规范生产。\n\n第二条 适用范围。",
            source="枣庄市市场监督管理局网站",
        )
        v2.pdf.save("v2.pdf", ContentFile(b"%PDF-1.4\n" + b"x" * 2039), save=True)
        html = html_of(english.get(v2.get_absolute_url()))
        versions = section(html, "versions-heading")
        assert versions.index("V1") < versions.index("V2")
        assert f'href="{v1.get_absolute_url()}"' in versions
        assert f'href="{v2.get_absolute_url()}"' not in versions  # this page: no link
        assert '<strong aria-current="page">规程2020</strong>' in versions
        assert '<span class="badge ok">in force</span>' in versions
        assert '<span class="badge neutral">superseded</span>' in versions
        assert f'href="{v2.pdf.url}"' in html and "2.0\xa0KB" in html
        assert "<p>第一条 为规范生产。</p>" in html
        assert "to be verified — source: 枣庄市市场监督管理局网站" in html

        old = html_of(english.get(v1.get_absolute_url()))
        assert "This version has been replaced." in old
        assert f'href="{v2.get_absolute_url()}"' in old

    def test_document_without_versions_or_pdf(self, english, library):
        html = html_of(english.get(library["law"].get_absolute_url()))
        assert 'id="versions-heading"' not in html
        assert "Download the PDF" not in html
        assert "all products" in html

    def test_unknown_document_is_404(self, client):
        assert client.get("/library/999999/").status_code == 404


class TestQueryCounts:
    """The same number of queries for a small and a larger data set.

    Anonymous requests without a session cookie add none: the session is never loaded and
    the CSRF token lives in a cookie.
    """

    def populate(self, size, cherry, jujube, town, make_producer, approve, inspection, **kw):
        make_document, make_outlet, make_image = (
            kw["make_document"],
            kw["make_outlet"],
            kw["make_image"],
        )
        previous = None
        for _n in range(size):
            producer = make_producer(town)
            approve(producer, cherry)
            inspection(producer, cherry, value="17" if _n % 2 else "19")
            hidden = make_producer(town, is_public=False)
            approve(hidden, cherry)
            make_outlet(f"摊位{producer.pk}", [cherry, jujube])
            make_image(cherry, ImageKind.GENUINE_PRODUCT, f"图{producer.pk}")
            make_image(cherry, ImageKind.KNOWN_FAKE, f"假{producer.pk}")
            make_document(f"通知{producer.pk}", DocumentKind.NOTICE, product=jujube)
            make_document(f"办法{producer.pk}", DocumentKind.LAW)
            previous = make_document(
                f"规程{producer.pk}",
                DocumentKind.TECHNICAL_REGULATION,
                product=cherry,
                supersedes=previous,
                number=f"V{_n}",
            )
        return previous

    @pytest.fixture
    def data(self, cherry, jujube, shuiquan, make_producer, approve, inspection, request):
        fixtures = {
            name: request.getfixturevalue(name)
            for name in ("make_document", "make_outlet", "make_image")
        }

        def grow(size):
            return self.populate(
                size, cherry, jujube, shuiquan, make_producer, approve, inspection, **fixtures
            )

        return grow

    def test_product_page(self, client, cherry, data, django_assert_num_queries):
        data(2)
        # 1 product, 2 towns, 3 images, 4 indicators, 5 live authorisations with producer
        # and town, 6 latest published inspections with producer and conclusion,
        # 7 documents that apply with their successors, 8 public outlets with towns,
        # 9 current and upcoming events, 10 latest published answers of the FAQ.
        with django_assert_num_queries(10):
            html_of(client.get(cherry.get_absolute_url()))
        data(15)
        with django_assert_num_queries(10):
            response = client.get(cherry.get_absolute_url())
        assert len(response.context["authorisations"]) == 17
        assert len(response.context["inspections"]) == 5
        assert len(response.context["outlets"]) == 17

    def test_product_list(self, client, cherry, data, django_assert_num_queries):
        data(2)
        # count, products, their genuine-product pictures
        with django_assert_num_queries(3):
            html_of(client.get("/products/"))
        data(15)
        with django_assert_num_queries(3):
            html_of(client.get("/products/"))

    def test_library(self, client, cherry, data, django_assert_num_queries):
        data(2)
        # products for the filter form, count, the page of documents with product,
        # predecessor and successor
        with django_assert_num_queries(3):
            html_of(client.get("/library/"))
        # + the chosen product's slug looked up
        with django_assert_num_queries(4):
            html_of(client.get("/library/", {"product": cherry.slug}))
        data(15)
        with django_assert_num_queries(3):
            response = client.get("/library/")
        assert response.context["paginator"].count == 3 * 17
        with django_assert_num_queries(4):
            html_of(client.get("/library/", {"product": cherry.slug}))

    def test_document_detail(self, client, data, django_assert_num_queries):
        short_chain_end = data(2)
        # the document with product and successor, the library's version links (ids),
        # the other versions of its chain
        with django_assert_num_queries(3):
            html_of(client.get(short_chain_end.get_absolute_url()))
        long_chain_end = data(15)
        # data(15) started a new chain of 15 versions
        with django_assert_num_queries(3):
            response = client.get(long_chain_end.get_absolute_url())
        assert len(response.context["chain"]) == 15
