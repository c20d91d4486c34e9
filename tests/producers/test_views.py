"""The public producer register, producer pages and where to buy."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from producers.register.models import OutletKind, ProducerKind
from producers.register.services import authorisation_reinstate, authorisation_revoke
from producers.register.views import history_in_plain_words
from shanting_gi.core.history import save_with_history
from tests.factories import make_inspection

pytestmark = pytest.mark.django_db

PRIVATE_PHONE = "13912345678"


@pytest.fixture
def client_en(client):
    """Pages in English, so assertions do not depend on the Chinese catalogue."""
    client.cookies["lang"] = "en"
    return client


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def names(response, key="producers"):
    return [obj.name for obj in response.context[key]]


class Structure(HTMLParser):
    """Headings, form controls and their labels, table header cells."""

    def __init__(self):
        super().__init__()
        self.headings = []
        self.controls = []  # ids of inputs and selects inside the filter form
        self.label_fors = set()
        self.th_scopes = []
        self.captions = 0
        self.submit_buttons = 0
        self._in_filters = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "form" and "filters" in (attrs.get("class") or ""):
            self._in_filters = True
        if self._in_filters and tag in ("input", "select") and attrs.get("type") != "hidden":
            self.controls.append(attrs.get("id"))
        if self._in_filters and tag == "button" and attrs.get("type") == "submit":
            self.submit_buttons += 1
        if tag == "label" and attrs.get("for"):
            self.label_fors.add(attrs["for"])
        if tag == "th":
            self.th_scopes.append(attrs.get("scope"))
        if tag == "caption":
            self.captions += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_filters = False


def structure(html):
    parser = Structure()
    parser.feed(html)
    return parser


def assert_accessible_list(html, tables=1):
    page = structure(html)
    assert page.headings.count(1) == 1
    assert page.headings[0] == 1
    # Never skip a level going down (h2 → h4 would).
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, page.headings
    assert page.controls, "the filter form has controls"
    assert all(control and control in page.label_fors for control in page.controls)
    assert page.submit_buttons == 1
    assert page.captions == tables
    assert page.th_scopes and all(scope == "col" for scope in page.th_scopes)
    assert 'class="breadcrumbs"' in html


class TestProducerList:
    def test_lists_public_producers_only(self, client, shuiquan, make_producer):
        make_producer(shuiquan, "水泉镇公开合作社")
        make_producer(shuiquan, "水泉镇隐藏合作社", is_public=False)
        response = client.get("/producers/")
        html = html_of(response)
        assert names(response) == ["水泉镇公开合作社"]
        assert "水泉镇公开合作社" in html
        assert "水泉镇隐藏合作社" not in html

    def test_row_shows_kind_town_products_status_and_credit_code(
        self, client_en, shuiquan, cherry, jujube, make_producer, approve, suspend
    ):
        producer = make_producer(shuiquan, "水泉镇示例合作社", is_example=True)
        approve(producer, cherry)
        suspend(approve(producer, jujube))
        html = html_of(client_en.get("/producers/"))
        row = html[html.index("水泉镇示例合作社") :]
        row = row[: row.index("</tr>")]
        assert 'class="badge example"' in row
        assert "farmers&#x27; cooperative" in row
        assert "Shuiquan Town" in row
        assert re.search(r"Shanting Fire Cherry\s*<span class=\"badge ok\">approved</span>", row)
        assert re.search(
            r"Dianzi Long Red Jujube\s*<span class=\"badge warn\">suspended</span>", row
        )
        assert producer.credit_code in row
        assert_accessible_list(html)

    def test_shows_the_open_authorisation_not_an_older_closed_one(
        self, client_en, shuiquan, cherry, make_producer, approve
    ):
        producer = make_producer(shuiquan)
        old = approve(producer, cherry, on=datetime.date(2020, 5, 10))
        authorisation_revoke(authorisation=old, by=None, reason="违规使用")
        approve(producer, cherry, on=datetime.date(2024, 5, 10))
        html = html_of(client_en.get("/producers/"))
        assert '<span class="badge ok">approved</span>' in html
        assert "badge bad" not in html

    def test_approved_past_its_validity_is_not_shown_as_in_force(
        self, client_en, shuiquan, cherry, make_producer, approve
    ):
        approve(
            make_producer(shuiquan),
            cherry,
            on=datetime.date(2020, 5, 10),
            valid_until=datetime.date(2021, 5, 9),
        )
        html = html_of(client_en.get("/producers/"))
        assert '<span class="badge warn">approved, validity ended</span>' in html

    @pytest.mark.parametrize("query", ["火樱桃家庭", "xzhyt", "XuZhuang", "徐庄 火樱桃"])
    def test_search_by_chinese_substring_pinyin_and_initials(
        self, client, shuiquan, make_producer, query
    ):
        make_producer(shuiquan, "徐庄火樱桃家庭农场")
        make_producer(shuiquan, "水泉镇樱桃合作社")
        response = client.get("/producers/", {"q": query})
        assert names(response) == ["徐庄火樱桃家庭农场"]

    def test_search_by_credit_code_typed_in_lowercase(self, client, shuiquan, make_producer):
        wanted = make_producer(shuiquan)
        make_producer(shuiquan)
        response = client.get("/producers/", {"q": wanted.credit_code.lower()})
        assert names(response) == [wanted.name]
        spaced = " ".join([wanted.credit_code[:8].lower(), wanted.credit_code[8:]])
        assert names(client.get("/producers/", {"q": spaced})) == [wanted.name]

    def test_filter_by_town_code_or_id(self, client, shuiquan, dianzi, make_producer):
        make_producer(shuiquan, "水泉镇甲")
        make_producer(dianzi, "店子镇乙")
        assert names(client.get("/producers/", {"town": dianzi.code})) == ["店子镇乙"]
        assert names(client.get("/producers/", {"town": str(dianzi.pk)})) == ["店子镇乙"]

    def test_filter_by_product(self, client, shuiquan, cherry, jujube, make_producer, approve):
        approve(make_producer(shuiquan, "樱桃户"), cherry)
        approve(make_producer(shuiquan, "红枣户"), jujube)
        make_producer(shuiquan, "未申请户")
        assert names(client.get("/producers/", {"product": cherry.slug})) == ["樱桃户"]
        assert names(client.get("/producers/", {"product": jujube.slug})) == ["红枣户"]

    def test_status_applies_to_the_chosen_product(
        self, client, shuiquan, cherry, jujube, make_producer, approve, suspend
    ):
        both = make_producer(shuiquan, "甲：樱桃暂停、红枣有效")
        suspend(approve(both, cherry))
        approve(both, jujube)
        approve(make_producer(shuiquan, "乙：樱桃有效"), cherry)

        def found(**params):
            return names(client.get("/producers/", params))

        assert found(status="suspended", product=cherry.slug) == ["甲：樱桃暂停、红枣有效"]
        assert found(status="approved", product=cherry.slug) == ["乙：樱桃有效"]
        assert found(status="suspended", product=jujube.slug) == []
        assert found(status="suspended") == ["甲：樱桃暂停、红枣有效"]
        assert found(status="approved") == ["乙：樱桃有效", "甲：樱桃暂停、红枣有效"]

    def test_live_means_approved_and_still_valid(
        self, client, shuiquan, cherry, make_producer, approve
    ):
        approve(make_producer(shuiquan, "有效户"), cherry)
        approve(
            make_producer(shuiquan, "过期户"),
            cherry,
            on=datetime.date(2020, 5, 10),
            valid_until=datetime.date(2021, 5, 9),
        )
        make_producer(shuiquan, "未申请户")
        assert names(client.get("/producers/", {"status": "live"})) == ["有效户"]
        assert names(client.get("/producers/", {"status": "live", "product": cherry.slug})) == [
            "有效户"
        ]
        assert sorted(names(client.get("/producers/", {"status": "approved"}))) == sorted(
            ["有效户", "过期户"]
        )

    def test_paginates_25_per_page_and_links_keep_the_filters(
        self, client, shuiquan, dianzi, make_producer
    ):
        for n in range(30):
            make_producer(shuiquan, f"水泉镇合作社{n:02d}")
        make_producer(dianzi, "店子镇合作社")
        first = client.get("/producers/", {"town": shuiquan.code})
        assert len(first.context["producers"]) == 25
        assert names(first)[0] == "水泉镇合作社00"
        assert f'href="?town={shuiquan.code}&amp;page=2"' in html_of(first)
        second = client.get("/producers/", {"town": shuiquan.code, "page": 2})
        assert names(second) == [f"水泉镇合作社{n:02d}" for n in range(25, 30)]
        assert f'href="?town={shuiquan.code}&amp;page=1"' in html_of(second)

    def test_page_beyond_the_end_shows_the_last_page(self, client, shuiquan, make_producer):
        for n in range(27):
            make_producer(shuiquan, f"合作社{n:02d}")
        response = client.get("/producers/", {"page": 99})
        assert response.status_code == 200
        assert response.context["page_obj"].number == 2
        assert names(response) == ["合作社25", "合作社26"]

    def test_invalid_filter_values_are_ignored_and_named(self, client_en, shuiquan, make_producer):
        make_producer(shuiquan, "水泉镇甲")
        make_producer(shuiquan, "水泉镇乙")
        response = client_en.get(
            "/producers/", {"town": "nonsense", "page": "abc", "status": "bogus", "product": "x"}
        )
        html = html_of(response)
        assert sorted(names(response)) == sorted(["水泉镇甲", "水泉镇乙"])
        assert response.context["page_obj"].number == 1
        assert "There is no town with the code “nonsense”." in html
        assert "There is no authorisation status “bogus”." in html
        assert "There is no product “x”." in html
        assert 'aria-invalid="true"' in html

    @pytest.mark.parametrize(
        "params",
        [
            {"town": "9" * 30},
            {"town": "-1"},
            {"town": "370406999"},
            {"q": "x" * 51},
            {"q": "---"},
            {"page": "-3"},
            {"page": "1e9"},
            {"town": "", "product": "", "status": "", "q": ""},
        ],
    )
    def test_odd_parameters_never_fail(self, client, shuiquan, make_producer, params):
        make_producer(shuiquan, "水泉镇甲")
        response = client.get("/producers/", params)
        assert response.status_code == 200
        assert names(response) == ["水泉镇甲"]

    def test_over_long_search_is_explained(self, client_en, shuiquan, make_producer):
        make_producer(shuiquan)
        html = html_of(client_en.get("/producers/", {"q": "x" * 51}))
        assert "Please shorten your search to at most 50 characters." in html

    def test_query_count_is_constant(
        self, client, shuiquan, cherry, jujube, make_producer, approve, django_assert_num_queries
    ):
        def populate(size):
            for _ in range(size):
                producer = make_producer(shuiquan)
                approve(producer, cherry)
                approve(producer, jujube)

        # towns and products for the filter form, the count, the page of producers with
        # their towns, their authorisations with products
        populate(3)
        with django_assert_num_queries(5):
            client.get("/producers/")
        populate(27)
        with django_assert_num_queries(5):
            response = client.get("/producers/")
        assert len(response.context["producers"]) == 25
        # the same, plus one query to look up each of the town and the product given
        with django_assert_num_queries(7):
            client.get(
                "/producers/", {"town": shuiquan.code, "product": cherry.slug, "status": "live"}
            )


class TestProducerPrivacy:
    def test_private_fields_never_appear(self, client, shuiquan, cherry, make_producer, approve):
        household = make_producer(
            shuiquan,
            "王家庄果园",
            kind=ProducerKind.HOUSEHOLD,
            legal_representative="王某某户主",
            private_phone=PRIVATE_PHONE,
            public_contact="0632-8888888",
            notes="内部备注：仅供局内",
        )
        approve(household, cherry)
        for url in ("/producers/", household.get_absolute_url(), "/where-to-buy/"):
            html = html_of(client.get(url))
            assert PRIVATE_PHONE not in html, url
            assert "王某某户主" not in html, url
            assert "内部备注" not in html, url
        assert "0632-8888888" in html_of(client.get(household.get_absolute_url()))

    def test_detail_of_a_non_public_producer_is_404(self, client, shuiquan, make_producer):
        hidden = make_producer(shuiquan, "不公开农户", is_public=False)
        response = client.get(hidden.get_absolute_url())
        assert response.status_code == 404
        assert "不公开农户" not in response.content.decode()


class TestProducerDetail:
    def test_shows_public_facts(self, client_en, shuiquan, make_producer):
        producer = make_producer(
            shuiquan,
            "水泉镇樱桃合作社",
            address="水泉镇东村 8 号",
            public_contact="0632-1234567",
            planting_area_mu="120.5",
            association_member=True,
        )
        html = html_of(client_en.get(producer.get_absolute_url()))
        for fact in [
            "水泉镇樱桃合作社",
            "farmers&#x27; cooperative",
            producer.credit_code,
            "Shuiquan Town",
            "水泉镇东村 8 号",
            "0632-1234567",
            "120.5 mu",
        ]:
            assert fact in html, fact
        assert re.search(r"producers' association</dt>\s*<dd>yes</dd>", html)
        page = structure(html)
        assert page.headings.count(1) == 1
        assert 'aria-current="page">水泉镇樱桃合作社</span>' in html
        assert "<title>水泉镇樱桃合作社 · Producer register · " in html

    def test_history_told_in_plain_words_in_order(
        self, client_en, shuiquan, cherry, make_producer, approve, suspend
    ):
        producer = make_producer(shuiquan)
        authorisation = approve(producer, cherry)
        # An edit that leaves the status as it was is not part of the story.
        authorisation.annual_quantity_cap = 5000
        save_with_history(authorisation, reason="核定标志数量")
        suspend(authorisation, reason="抽检不合格，限期整改")
        html = html_of(client_en.get(producer.get_absolute_url()))
        sentences = [
            "Applied on 2024-03-01.",
            "Approved on 2024-05-10 (announcement 示例公告〔2024〕第3号), valid until 2027-05-09.",
            "Suspended on 2025-06-01 because: 抽检不合格，限期整改",
        ]
        positions = [html.index(f"<li>{sentence}") for sentence in sentences]
        assert positions == sorted(positions)
        history = html[html.index(">History</h4>") :]
        history = history[: history.index("</ol>")]
        assert history.count("<li>") == 3
        assert '<span class="badge warn">suspended</span>' in html

    def test_reinstatement_and_revocation_read_naturally(
        self, client_en, shuiquan, cherry, make_producer, approve, suspend
    ):
        producer = make_producer(shuiquan)
        authorisation = suspend(approve(producer, cherry))
        authorisation_reinstate(
            authorisation=authorisation, by=None, reason="整改合格", on=datetime.date(2025, 7, 1)
        )
        authorisation_revoke(
            authorisation=authorisation, by=None, reason="再次违规", on=datetime.date(2025, 9, 1)
        )
        html = html_of(client_en.get(producer.get_absolute_url()))
        assert "<li>Reinstated on 2025-07-01 because: 整改合格</li>" in html
        assert "<li>Revoked on 2025-09-01 because: 再次违规</li>" in html

    def test_reason_is_escaped(self, client_en, shuiquan, cherry, make_producer, approve, suspend):
        producer = make_producer(shuiquan)
        suspend(approve(producer, cherry), reason="<script>alert(1)</script>")
        html = html_of(client_en.get(producer.get_absolute_url()))
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_published_inspections_only_with_conclusion(
        self, client_en, shuiquan, cherry, make_producer, published_inspection
    ):
        producer = make_producer(shuiquan)
        passed = published_inspection(producer, cherry, value="19")
        failed = published_inspection(producer, cherry, value="17")
        draft = make_inspection(producer=producer, product=cherry, sample_number="SL-DRAFT-1")
        html = html_of(client_en.get(producer.get_absolute_url()))
        assert passed.sample_number in html and failed.sample_number in html
        assert draft.sample_number not in html
        assert '<span class="badge ok">pass</span>' in html
        assert '<span class="badge bad">fail</span>' in html

    def test_lists_its_public_outlets(
        self, client_en, shuiquan, cherry, make_producer, make_outlet
    ):
        producer = make_producer(shuiquan)
        make_outlet("合作社地头直销点", [cherry], kind=OutletKind.FARM_GATE, producer=producer)
        make_outlet(
            "不公开的摊位", [cherry], kind=OutletKind.MARKET, producer=producer, is_public=False
        )
        html = html_of(client_en.get(producer.get_absolute_url()))
        assert "合作社地头直销点" in html
        assert "不公开的摊位" not in html

    def test_query_count_is_constant(
        self,
        client,
        shuiquan,
        cherry,
        jujube,
        make_producer,
        approve,
        suspend,
        published_inspection,
        make_outlet,
        django_assert_num_queries,
    ):
        small = make_producer(shuiquan)
        approve(small, cherry)
        published_inspection(small, cherry)
        make_outlet("小户地头", [cherry], kind=OutletKind.FARM_GATE, producer=small)

        large = make_producer(shuiquan)
        # Six authorisations (two products, three rounds each; the last still open), each
        # with three or four historical rows; four inspections; three outlets.
        for product in (cherry, jujube):
            for year in (2019, 2021, 2024):
                authorisation = suspend(
                    approve(large, product, on=datetime.date(year, 5, 10)),
                    on=datetime.date(year, 9, 1),
                )
                if year != 2024:
                    authorisation_revoke(
                        authorisation=authorisation,
                        by=None,
                        reason="未整改",
                        on=datetime.date(year, 12, 1),
                    )
        for value in ("19", "17", "20", "18"):
            published_inspection(large, cherry, value=value)
        for n in range(3):
            make_outlet(f"大户摊位{n}", [cherry, jujube], kind=OutletKind.MARKET, producer=large)
        assert large.authorisations.count() == 6

        # the producer with its town, its authorisations with products, their historical
        # rows, published inspections with conclusions, public outlets, their products
        with django_assert_num_queries(6):
            client.get(small.get_absolute_url())
        with django_assert_num_queries(6):
            response = client.get(large.get_absolute_url())
        assert len(response.context["authorisations"]) == 6
        assert all(len(a.story) >= 3 for a in response.context["authorisations"])


class TestHistorySentences:
    class Row:
        def __init__(self, status, on, reason="", number="", until=None):
            self.status = status
            self.status_changed_on = on
            self.status_reason = reason
            self.announcement_number = number
            self.valid_until = until
            self.history_date = None

    def test_approval_without_number_or_end_and_rejection(self):
        rows = [
            self.Row("applied", datetime.date(2024, 1, 2)),
            self.Row("applied", datetime.date(2024, 1, 2)),
            self.Row("under_review", datetime.date(2024, 1, 9)),
            self.Row("rejected", datetime.date(2024, 2, 1), reason="不在保护范围内"),
        ]
        with translation.override("en"):
            assert history_in_plain_words(rows) == [
                "Applied on 2024-01-02.",
                "Taken under review on 2024-01-09.",
                "Application rejected on 2024-02-01 because: 不在保护范围内",
            ]
        with translation.override("en"):
            assert history_in_plain_words([self.Row("approved", datetime.date(2024, 3, 4))]) == [
                "Approved on 2024-03-04."
            ]


class TestWhereToBuy:
    @pytest.fixture
    def outlets(self, shuiquan, dianzi, cherry, jujube, make_producer, make_outlet):
        public_producer = make_producer(shuiquan, "水泉镇公开合作社")
        hidden_producer = make_producer(shuiquan, "不公开的生产者", is_public=False)
        return {
            "farm": make_outlet(
                "水泉镇地头直销",
                [cherry],
                kind=OutletKind.FARM_GATE,
                town=shuiquan,
                producer=public_producer,
                opening_hours="5–6 月 每天 7:00–18:00",
            ),
            "counter": make_outlet(
                "山亭银座超市专柜",
                [cherry, jujube],
                kind=OutletKind.SUPERMARKET_COUNTER,
                town=dianzi,
                producer=hidden_producer,
                is_example=True,
            ),
            "market": make_outlet("店子集红枣摊", [jujube], kind=OutletKind.MARKET, town=dianzi),
            "online": make_outlet(
                "山亭特产网店",
                [cherry],
                kind=OutletKind.ONLINE_SHOP,
                url="https://shop.example.com/shanting",
            ),
            "hidden": make_outlet(
                "不公开摊位", [cherry], kind=OutletKind.MARKET, town=shuiquan, is_public=False
            ),
        }

    def test_grouped_by_kind_in_order_public_only(self, client_en, outlets):
        html = html_of(client_en.get("/where-to-buy/"))
        headings = [
            html.index(f'<h2 id="kind-{kind}">')
            for kind in ("supermarket_counter", "market", "online_shop", "farm_gate")
        ]
        assert headings == sorted(headings)
        assert (
            headings[0]
            < html.index("山亭银座超市专柜")
            < headings[1]
            < html.index("店子集红枣摊")
            < headings[2]
            < html.index("山亭特产网店")
            < headings[3]
            < html.index("水泉镇地头直销")
        )
        assert "不公开摊位" not in html
        assert "5–6 月 每天 7:00–18:00" in html
        assert 'class="badge example"' in html
        page = structure(html)
        assert page.headings.count(1) == 1
        assert all(control in page.label_fors for control in page.controls)
        assert page.submit_buttons == 1

    def test_online_shop_link_is_nofollow(self, client, outlets):
        html = html_of(client.get("/where-to-buy/"))
        assert '<a href="https://shop.example.com/shanting" rel="nofollow noopener">' in html

    def test_producer_linked_only_when_public(self, client, outlets):
        html = html_of(client.get("/where-to-buy/"))
        public = outlets["farm"].producer
        assert f'<a href="{public.get_absolute_url()}">水泉镇公开合作社</a>' in html
        hidden = outlets["counter"].producer
        assert hidden.get_absolute_url() not in html
        assert "不公开的生产者" not in html

    def test_filters(self, client, outlets, dianzi, cherry, jujube):
        def found(**params):
            return sorted(names(client.get("/where-to-buy/", params), key="outlets"))

        assert found(kind="online_shop") == ["山亭特产网店"]
        assert found(town=dianzi.code) == sorted(["山亭银座超市专柜", "店子集红枣摊"])
        assert found(product=jujube.slug) == sorted(["山亭银座超市专柜", "店子集红枣摊"])
        assert found(product=cherry.slug, town=dianzi.code) == ["山亭银座超市专柜"]

    def test_invalid_filter_is_ignored_and_named(self, client_en, outlets):
        response = client_en.get("/where-to-buy/", {"kind": "shop", "town": "x", "page": "z"})
        html = html_of(response)
        assert len(response.context["outlets"]) == 4
        assert "There is no kind of outlet “shop”." in html
        assert "There is no town with the code “x”." in html

    def test_nothing_found_says_so(self, client_en, outlets, dianzi):
        html = html_of(
            client_en.get("/where-to-buy/", {"kind": "online_shop", "town": dianzi.code})
        )
        assert "No place matches these filters." in html

    def test_query_count_is_constant(
        self, client, outlets, shuiquan, cherry, jujube, make_outlet, django_assert_num_queries
    ):
        # towns and products for the filter form, the count, the page of outlets with
        # their towns and producers, their products
        with django_assert_num_queries(5):
            client.get("/where-to-buy/")
        for n in range(10):
            make_outlet(f"摊位{n}", [cherry, jujube], kind=OutletKind.MARKET, town=shuiquan)
        with django_assert_num_queries(5):
            response = client.get("/where-to-buy/")
        assert len(response.context["outlets"]) == 14
