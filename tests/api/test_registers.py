"""The read-only registers under /api/v1/: every list and detail, every filter, ordering,
pagination, updated_since, and the constant number of queries per page."""

import datetime

import pytest
from django.utils import timezone

from inspections.models import Inspection
from producers.register.filters import ProducerFilter
from producers.register.models import Authorisation, Producer
from products.models import Document, Product

from .conftest import HIDDEN_NAME

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


def get(client, path, **params):
    response = client.get(f"{V1}{path}", params)
    assert response["Content-Type"] == "application/json", response.content[:300]
    return response


def results(client, path, **params):
    response = get(client, path, **params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def names(client, path, key="name", **params):
    return [item[key] for item in results(client, path, **params)]


# --- Every list and detail ---------------------------------------------------------------------


class TestProducts:
    def test_list_shows_towns_indicators_and_documents(self, client, register):
        cherry, jujube = results(client, "/products/")
        assert [cherry["slug"], jujube["slug"]] == [
            "shanting-fire-cherry",
            "dianzi-long-red-jujube",
        ]
        assert [t["code"] for t in cherry["protection_area"]] == ["370406104", "370406107"]
        assert [(i["name"], i["min_value"], i["max_value"]) for i in cherry["indicators"]] == [
            ("可溶性固形物", "18.000", None),
            ("单果重", "8.000", "15.000"),
        ]
        assert cherry["harvest_months"] == [4, 5, 6]
        documents = {d["number"]: d["in_force"] for d in cherry["documents"]}
        assert documents == {"DB3704/T 0035—2023": True, "DB3704/T 0001—2015": False}
        assert cherry["url"] == "http://testserver/products/shanting-fire-cherry/"

    def test_detail_by_id(self, client, register):
        data = get(client, f"/products/{register.jujube.pk}/").json()
        assert data["name"] == "店子长红枣"
        assert data["indicators"][0]["name"] == "总糖"

    def test_unknown_and_malformed_ids_answer_json_404(self, client, register):
        for bad in ("999999", "abc", "1.5", "99999999999999999999999"):
            response = get(client, f"/products/{bad}/")
            assert response.status_code == 404
            assert "detail" in response.json()


def test_towns_list_by_code(client, register):
    assert names(client, "/towns/", key="code") == ["370406101", "370406104", "370406107"]
    assert get(client, f"/towns/{register.dianzi.pk}/").json()["name_en"] == "Dianzi Town"


class TestProducers:
    def test_public_producers_with_their_authorisations(self, client, register):
        producers = {p["name"]: p for p in results(client, "/producers/")}
        assert set(producers) == {"水泉镇樱桃专业合作社", "北庄镇农户周某", "店子红枣有限公司"}
        household = producers["北庄镇农户周某"]
        assert household["kind"] == "household"
        assert household["credit_code"] == ""
        assert household["town"]["code"] == "370406104"
        (authorisation,) = household["authorisations"]
        assert authorisation["product"]["slug"] == "shanting-fire-cherry"
        assert authorisation["status"] == "suspended"
        assert authorisation["live"] is False
        assert authorisation["status_reason"] == "抽检不合格，限期整改"
        coop = producers["水泉镇樱桃专业合作社"]
        assert coop["authorisations"][0]["live"] is True
        assert coop["url"] == f"http://testserver/producers/{register.coop.pk}/"

    def test_private_fields_are_not_in_the_response(self, client, register):
        producer = get(client, f"/producers/{register.household.pk}/").json()
        assert not {"private_phone", "notes", "user", "legal_representative"} & set(producer)

    def test_a_producer_not_shown_publicly_is_404(self, client, register):
        assert get(client, f"/producers/{register.hidden.pk}/").status_code == 404

    def test_filter_by_town_and_product(self, client, register):
        assert names(client, "/producers/", town="370406107") == ["水泉镇樱桃专业合作社"]
        assert names(client, "/producers/", product="dianzi-long-red-jujube") == [
            "店子红枣有限公司"
        ]
        both = names(client, "/producers/", town="370406104", product="shanting-fire-cherry")
        assert both == ["北庄镇农户周某"]

    def test_filter_by_status_and_search(self, client, register):
        live = names(client, "/producers/", product="shanting-fire-cherry", status="live")
        assert live == ["水泉镇樱桃专业合作社"]
        assert names(client, "/producers/", status="suspended") == ["北庄镇农户周某"]
        assert names(client, "/producers/", q="红枣") == ["店子红枣有限公司"]
        assert names(client, "/producers/", q=register.coop.credit_code) == ["水泉镇樱桃专业合作社"]

    def test_invalid_filter_values_answer_400_with_the_filtersets_messages(self, client, register):
        # Not of the form the schema gives (a 370406xxx code, a slug).
        params = {"town": "37040610x", "product": "山亭火樱桃"}
        response = get(client, "/producers/", **params)
        assert response.status_code == 400
        page_filter = ProducerFilter(params, queryset=Producer.objects.all())
        expected = {name: list(messages) for name, messages in page_filter.errors.items()}
        assert response.json() == expected
        assert set(expected) == {"town", "product"}
        assert get(client, "/producers/", q="x" * 51).status_code == 400
        assert get(client, "/producers/", status="approved-ish").status_code == 400
        assert get(client, "/producers/", product="x" * 61).status_code == 400

    def test_a_town_is_given_by_its_code_as_the_schema_says(self, client, register):
        # The page also takes a town's id; the API holds to its schema.
        response = get(client, "/producers/", town=str(register.shuiquan.pk))
        assert response.status_code == 400
        [message] = response.json()["town"]
        assert f"“{register.shuiquan.pk}”" in message

    @pytest.mark.parametrize(
        "params",
        [{"town": "370406999"}, {"product": "apple"}, {"town": "370406999", "product": "apple"}],
    )
    def test_a_value_of_the_right_form_naming_nothing_gives_an_empty_list(
        self, client, register, params
    ):
        response = get(client, "/producers/", **params)
        assert response.status_code == 200
        assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}

    def test_naming_nothing_still_reports_the_other_filters_errors(self, client, register):
        response = get(client, "/producers/", product="apple", q="x" * 51)
        assert response.status_code == 400
        assert list(response.json()) == ["q"]

    def test_empty_values_are_refused(self, client, register):
        response = get(client, "/producers/", town="")
        assert response.status_code == 400
        assert list(response.json()) == ["town"]


def test_authorisations_of_public_producers_only(client, register):
    listed = results(client, "/authorisations/")
    assert {a["producer_name"] for a in listed} == {
        "水泉镇樱桃专业合作社",
        "北庄镇农户周某",
        "店子红枣有限公司",
    }
    assert get(client, f"/authorisations/{register.hidden_cherry.pk}/").status_code == 404
    live = results(client, "/authorisations/", status="live", product="shanting-fire-cherry")
    assert [a["producer_id"] for a in live] == [register.coop.pk]
    suspended = results(client, "/authorisations/", status="suspended")
    assert [a["id"] for a in suspended] == [register.household_cherry.pk]


class TestInspections:
    def test_published_results_with_their_judged_limits(self, client, register):
        data = get(client, f"/inspections/{register.failed.pk}/").json()
        assert data["conclusion"] == "fail"
        assert data["producer_id"] == register.household.pk
        assert data["producer_name"] == "北庄镇农户周某"
        (result,) = data["results"]
        assert result == {
            "id": result["id"],
            "indicator": {
                "id": register.solids.pk,
                "name": "可溶性固形物",
                "name_en": "",
                "unit": "%",
            },
            "measured_value": "16.000",
            "limit_min": "18.000",
            "limit_max": None,
            "passed": False,
        }

    def test_limits_shown_are_those_judged_against_not_todays(self, client, register):
        register.solids.min_value = 17
        register.solids.save()
        data = get(client, f"/inspections/{register.failed.pk}/").json()
        assert data["results"][0]["limit_min"] == "18.000"

    def test_non_public_producer_has_no_name_and_no_id(self, client, register):
        data = get(client, f"/inspections/{register.hidden_inspection.pk}/").json()
        assert data["producer_id"] is None
        assert data["producer_name"] == str(register.hidden_inspection.public_producer_name)
        assert HIDDEN_NAME not in str(data)

    def test_unpublished_is_neither_listed_nor_found(self, client, register):
        listed = names(client, "/inspections/", key="sample_number", page_size=100)
        assert len(listed) == 4
        assert register.unpublished.sample_number not in listed
        assert get(client, f"/inspections/{register.unpublished.pk}/").status_code == 404

    def test_filters(self, client, register):
        def ids(**params):
            return {i["id"] for i in results(client, "/inspections/", **params)}

        assert ids(conclusion="fail") == {register.failed.pk}
        assert ids(conclusion="pass") == {
            register.passed.pk,
            register.hidden_inspection.pk,
            register.jujube_inspection.pk,
        }
        assert ids(product="dianzi-long-red-jujube") == {register.jujube_inspection.pk}
        assert ids(year="2024") == {register.jujube_inspection.pk}
        assert ids(year="1999") == set()  # a year, without inspections
        for year in ("0", "10000", "02024", "2024.0", "MMXXIV"):
            assert get(client, "/inspections/", year=year).status_code == 400, year
        assert get(client, "/inspections/", conclusion="maybe").status_code == 400


class TestEnforcementCases:
    def test_published_cases(self, client, register):
        cases = {c["case_number"]: c for c in results(client, "/enforcement-cases/")}
        assert set(cases) == {"山市监罚〔2025〕1号", "山市监罚〔2025〕2号"}
        named = cases["山市监罚〔2025〕1号"]
        assert (named["subject"], named["producer_id"]) == ("某商户", None)
        producer_case = cases["山市监罚〔2025〕2号"]
        assert producer_case["producer_id"] == register.household.pk
        assert producer_case["fine_yuan"] == "500.00"
        assert get(client, f"/enforcement-cases/{register.unpublished_case.pk}/").status_code == 404

    def test_filters(self, client, register):
        def numbers(**params):
            return names(client, "/enforcement-cases/", key="case_number", **params)

        assert numbers(violation_type="beyond_scope") == ["山市监罚〔2025〕2号"]
        assert numbers(product="dianzi-long-red-jujube") == []
        assert len(numbers(year="2025")) == 2
        assert get(client, "/enforcement-cases/", violation_type="theft").status_code == 400


class TestDocuments:
    def test_version_chain_and_in_force(self, client, register):
        old = get(client, f"/documents/{register.old_regulation.pk}/").json()
        new = get(client, f"/documents/{register.new_regulation.pk}/").json()
        assert (old["superseded_by"], old["supersedes"]) == (register.new_regulation.pk, None)
        assert (new["supersedes"], new["superseded_by"]) == (register.old_regulation.pk, None)
        assert (old["in_force"], old["status"]) == (False, "superseded")
        assert (new["in_force"], new["status"]) == (True, "in_force")
        assert new["product"]["slug"] == "shanting-fire-cherry"
        assert get(client, f"/documents/{register.law.pk}/").json()["product"] is None

    def test_filters_as_on_the_library_page(self, client, register):
        # A product keeps the documents that apply to every product, as the page does.
        titles = set(names(client, "/documents/", key="title", product="dianzi-long-red-jujube"))
        assert titles == {"店子长红枣", "地理标志产品保护办法"}
        kinds = names(client, "/documents/", key="kind", kind="technical_regulation")
        assert kinds == ["technical_regulation", "technical_regulation"]
        assert get(client, "/documents/", kind="poem").status_code == 400


def test_outlets_public_only_and_producer_only_when_public(client, register):
    outlets = {o["name"]: o for o in results(client, "/outlets/")}
    assert set(outlets) == {"水泉镇樱桃市场", "店子红枣网店", "隐藏摊位"}
    shop = outlets["店子红枣网店"]
    assert shop["web_address"] == "https://shop.example.cn/"
    assert (shop["producer_id"], shop["producer_name"]) == (
        register.jujube_firm.pk,
        "店子红枣有限公司",
    )
    stall = outlets["隐藏摊位"]
    assert (stall["producer_id"], stall["producer_name"]) == (None, "")
    assert names(client, "/outlets/", town="370406107") == ["水泉镇樱桃市场"]
    assert names(client, "/outlets/", kind="online_shop") == ["店子红枣网店"]
    assert set(names(client, "/outlets/", product="shanting-fire-cherry")) == {
        "水泉镇樱桃市场",
        "隐藏摊位",
    }
    assert get(client, f"/outlets/{register.hidden_outlet.pk}/").status_code == 404


def test_statistics(client, register):
    rows = results(client, "/statistics/", product="shanting-fire-cherry")
    assert [(r["year"], r["output_tonnes"], r["users_output_share"]) for r in rows] == [
        (2024, "18000.0", 0.7)
    ]
    assert (
        results(client, "/statistics/", product="dianzi-long-red-jujube")[0]["users_output_share"]
        is None
    )


# --- Pagination, ordering, updated_since ------------------------------------------------------


class TestPagination:
    def test_page_size_is_bounded_and_pages_link(self, client, register):
        data = get(client, "/producers/", page_size=2).json()
        assert data["count"] == 3
        assert len(data["results"]) == 2
        assert data["next"] == "http://testserver/api/v1/producers/?page=2&page_size=2"
        second = get(client, "/producers/", page_size=2, page=2).json()
        assert len(second["results"]) == 1
        assert second["next"] is None

    @pytest.mark.parametrize("size", ["0", "101", "abc", "1.0", "-1", " 5"])
    def test_page_size_outside_1_to_100_is_400(self, client, register, size):
        response = get(client, "/producers/", page_size=size)
        assert response.status_code == 400
        assert list(response.json()) == ["page_size"]

    @pytest.mark.parametrize("page", ["0", "9", "abc", "last"])
    def test_a_page_that_does_not_exist_is_404(self, client, register, page):
        assert get(client, "/producers/", page=page).status_code == 404


class TestOrdering:
    def test_allowed_fields_in_both_directions(self, client, register):
        ascending = names(client, "/producers/", ordering="name")
        assert ascending == sorted(ascending)
        assert names(client, "/producers/", ordering="-name") == ascending[::-1]
        ids = names(client, "/producers/", key="id", ordering="-id")
        assert ids == sorted(ids, reverse=True)

    @pytest.mark.parametrize("ordering", ["private_phone", "name,notes", "-", "name,"])
    def test_anything_else_is_400(self, client, register, ordering):
        response = get(client, "/producers/", ordering=ordering)
        assert response.status_code == 400
        assert list(response.json()) == ["ordering"]

    def test_the_id_breaks_ties(self, client, register):
        # Every statistic has the same year: the order must still be stable.
        ids = names(client, "/statistics/", key="id", ordering="year")
        assert ids == sorted(ids)


class TestUpdatedSince:
    def test_every_list_takes_it(self, client, register):
        future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
        past = "2000-01-01T00:00:00+08:00"
        for path in (
            "/products/",
            "/towns/",
            "/producers/",
            "/authorisations/",
            "/outlets/",
            "/inspections/",
            "/enforcement-cases/",
            "/documents/",
            "/statistics/",
        ):
            assert results(client, path, updated_since=future) == [], path
            assert results(client, path, updated_since=past), path

    def test_a_changed_authorisation_brings_its_producer(self, client, register):
        since = timezone.now() + datetime.timedelta(seconds=1)
        Producer.objects.update(updated_at=since - datetime.timedelta(days=1))
        Authorisation.objects.update(updated_at=since - datetime.timedelta(days=1))
        Authorisation.objects.filter(pk=register.firm_jujube.pk).update(
            updated_at=since + datetime.timedelta(seconds=5)
        )
        assert names(client, "/producers/", updated_since=since.isoformat()) == ["店子红枣有限公司"]

    def test_a_changed_result_or_indicator_brings_its_record(self, client, register):
        since = timezone.now() + datetime.timedelta(seconds=1)
        Inspection.objects.update(updated_at=since - datetime.timedelta(days=1))
        register.failed.results.update(updated_at=since + datetime.timedelta(seconds=5))
        ids = [i["id"] for i in results(client, "/inspections/", updated_since=since.isoformat())]
        assert ids == [register.failed.pk]
        Product.objects.update(updated_at=since - datetime.timedelta(days=1))
        Document.objects.filter(pk=register.jujube_standard.pk).update(
            updated_at=since + datetime.timedelta(seconds=5)
        )
        assert names(client, "/products/", key="slug", updated_since=since.isoformat()) == [
            "dianzi-long-red-jujube"
        ]

    @pytest.mark.parametrize("value", ["yesterday", "2025-13-01T00:00:00Z", ""])
    def test_not_a_time_is_400(self, client, register, value):
        response = get(client, "/producers/", updated_since=value)
        assert response.status_code == 400
        assert list(response.json()) == ["updated_since"]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [("0001-01-01T00:00:00+14:00", 3), ("9999-12-31T23:59:59-12:00", 0)],
    )
    def test_extreme_times_do_not_fail(self, client, register, value, expected):
        assert len(results(client, "/producers/", updated_since=value)) == expected


# --- A constant number of queries --------------------------------------------------------------


@pytest.fixture
def many(register, make_producer, approve, inspect):
    """Enough rows that a page of 2 and a page of 50 differ."""
    for n in range(12):
        producer = make_producer(register.shuiquan, name=f"批量合作社{n:02d}")
        approve(producer, register.cherry)
        inspect(producer, register.cherry, register.solids, "20")
    return register


# list path: queries, whatever the page size (no filter values given)
QUERY_COUNTS = {
    # count; page of products; towns; indicators; documents with newer versions; images
    "/products/": 6,
    # count; page of towns
    "/towns/": 2,
    # count; page of producers with towns; their authorisations with products
    "/producers/": 3,
    # count; page with producer and product
    "/authorisations/": 2,
    # count; page with towns and producers; their products
    "/outlets/": 3,
    # count; page with producer, product and conclusion; results with indicators
    "/inspections/": 3,
    # count; page with producer and product
    "/enforcement-cases/": 2,
    # count; page with product and the versions replaced and replacing
    "/documents/": 2,
    # count; page with products
    "/statistics/": 2,
}


@pytest.mark.parametrize("path", QUERY_COUNTS)
def test_a_page_costs_the_same_queries_whatever_its_size(
    client, many, django_assert_num_queries, path
):
    for size in (2, 50):
        with django_assert_num_queries(QUERY_COUNTS[path]):
            response = client.get(f"{V1}{path}", {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, response.json()["count"])
