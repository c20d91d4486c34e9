"""Public pages of published spot-check results and enforcement notices."""

import datetime
import re
from decimal import Decimal

import pytest

from inspections.models import ViolationType
from producers.register.models import ProducerKind
from products.models import limit_text

from .conftest import FAILING_CHERRY

pytestmark = pytest.mark.django_db

JUJUBE_VALUES = {"总糖": "65"}


@pytest.fixture
def english(client):
    client.cookies["lang"] = "en"
    return client


def sample_numbers(response):
    return [inspection.sample_number for inspection in response.context["inspection_list"]]


def page_text(response):
    """The HTML as a reader sees its spaces: no-break spaces read as spaces."""
    return response.content.decode().replace("\xa0", " ").replace("&nbsp;", " ")


def case_numbers(response):
    return [case.case_number for case in response.context["enforcementcase_list"]]


class TestInspectionList:
    def test_shows_only_published_newest_first(self, client, make_inspection):
        older = make_inspection(published_on=datetime.date(2025, 6, 1))
        newer = make_inspection(published_on=datetime.date(2025, 7, 1))
        tested = make_inspection(publish=False)
        planned = make_inspection(values={}, publish=False)
        response = client.get("/inspections/")
        assert response.status_code == 200
        assert sample_numbers(response) == [newer.sample_number, older.sample_number]
        html = response.content.decode()
        assert newer.sample_number in html and older.sample_number in html
        assert tested.sample_number not in html
        assert planned.sample_number not in html

    def test_row_shows_what_a_reader_needs(self, english, make_inspection, make_producer):
        producer = make_producer("东庄樱桃专业合作社")
        inspection = make_inspection(producer=producer, values=FAILING_CHERRY, is_example=True)
        html = english.get("/inspections/").content.decode()
        row = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S).group(0)
        assert f'href="{inspection.get_absolute_url()}"' in row
        assert inspection.sample_number in row
        assert "Shanting Fire Cherry" in row
        assert f'<a href="{producer.get_absolute_url()}">东庄樱桃专业合作社</a>' in row
        assert "2025-05-20" in row
        assert "枣庄市检验检测中心" in row
        assert '<span class="badge bad">fail</span>' in row
        assert "badge example" in row

    def test_filter_by_product(self, client, make_inspection, jujube):
        cherry_check = make_inspection()
        jujube_check = make_inspection(product=jujube, values=JUJUBE_VALUES)
        response = client.get("/inspections/", {"product": "dianzi-long-red-jujube"})
        assert sample_numbers(response) == [jujube_check.sample_number]
        response = client.get("/inspections/", {"product": "shanting-fire-cherry"})
        assert sample_numbers(response) == [cherry_check.sample_number]

    def test_filter_by_year_of_sampling(self, client, make_inspection):
        in_2024 = make_inspection(sampled_on=datetime.date(2024, 6, 2))
        in_2025 = make_inspection(sampled_on=datetime.date(2025, 5, 20))
        response = client.get("/inspections/", {"year": "2024"})
        assert sample_numbers(response) == [in_2024.sample_number]
        response = client.get("/inspections/", {"year": "2025"})
        assert sample_numbers(response) == [in_2025.sample_number]
        # The year list offers the years that have published results, newest first.
        html = response.content.decode()
        assert re.findall(r'<option value="(\d{4})"', html) == ["2025", "2024"]

    def test_year_without_published_results_is_not_offered(self, client, make_inspection):
        make_inspection(sampled_on=datetime.date(2023, 5, 1), publish=False)
        make_inspection(sampled_on=datetime.date(2025, 5, 20))
        html = client.get("/inspections/").content.decode()
        assert re.findall(r'<option value="(\d{4})"', html) == ["2025"]

    def test_filter_by_conclusion(self, client, make_inspection):
        passed = make_inspection()
        failed = make_inspection(values=FAILING_CHERRY)
        response = client.get("/inspections/", {"conclusion": "pass"})
        assert sample_numbers(response) == [passed.sample_number]
        response = client.get("/inspections/", {"conclusion": "fail"})
        assert sample_numbers(response) == [failed.sample_number]

    def test_filters_combine(self, client, make_inspection):
        make_inspection(values=FAILING_CHERRY, sampled_on=datetime.date(2024, 5, 1))
        make_inspection(sampled_on=datetime.date(2025, 5, 1))
        wanted = make_inspection(values=FAILING_CHERRY, sampled_on=datetime.date(2025, 5, 2))
        response = client.get(
            "/inspections/",
            {"product": "shanting-fire-cherry", "year": "2025", "conclusion": "fail"},
        )
        assert sample_numbers(response) == [wanted.sample_number]

    def test_paginates_by_25_and_keeps_the_filters(self, client, make_inspection):
        start = datetime.date(2025, 6, 1)
        made = [make_inspection(published_on=start + datetime.timedelta(days=n)) for n in range(27)]
        newest_first = [inspection.sample_number for inspection in reversed(made)]
        first = client.get("/inspections/", {"conclusion": "pass"})
        assert sample_numbers(first) == newest_first[:25]
        assert 'href="?conclusion=pass&amp;page=2"' in first.content.decode()
        second = client.get("/inspections/", {"conclusion": "pass", "page": "2"})
        assert sample_numbers(second) == newest_first[25:]
        assert 'href="?conclusion=pass&amp;page=1"' in second.content.decode()

    def test_invalid_input_is_reported_and_ignored(self, english, make_inspection):
        passed = make_inspection()
        failed = make_inspection(values=FAILING_CHERRY)
        response = english.get(
            "/inspections/",
            {"year": "abc", "conclusion": "maybe", "page": "x", "product": "no-such-product"},
        )
        assert response.status_code == 200
        assert set(response.context["filter"].form.errors) == {"year", "conclusion", "product"}
        # Every filter was invalid, so the whole list shows, from the first page.
        assert sorted(sample_numbers(response)) == sorted(
            [passed.sample_number, failed.sample_number]
        )
        html = response.content.decode()
        assert 'role="alert"' in html
        assert "could not be used and was ignored" in html
        assert "abc is not one of the available choices" in html
        assert "There is no page “x”; showing page 1." in html
        assert 'aria-invalid="true"' in html

    def test_valid_filters_still_apply_beside_an_invalid_one(self, client, make_inspection):
        make_inspection()
        failed = make_inspection(values=FAILING_CHERRY)
        response = client.get("/inspections/", {"conclusion": "fail", "year": "1999"})
        assert response.status_code == 200
        assert set(response.context["filter"].form.errors) == {"year"}
        assert sample_numbers(response) == [failed.sample_number]

    def test_page_beyond_the_last_shows_the_last(self, client, make_inspection):
        only = make_inspection()
        response = client.get("/inspections/", {"page": "9"})
        assert response.status_code == 200
        assert sample_numbers(response) == [only.sample_number]
        assert response.context["page_error"]

    def test_non_public_producer_is_never_named_or_linked(
        self, english, make_inspection, make_producer
    ):
        hidden = make_producer(
            "不公开农户甲", kind=ProducerKind.HOUSEHOLD, credit_code="", is_public=False
        )
        make_inspection(producer=hidden)
        html = english.get("/inspections/").content.decode()
        assert "不公开农户甲" not in html
        assert f'href="{hidden.get_absolute_url()}"' not in html
        assert "a producer not listed publicly" in html

    def test_empty_list_says_so(self, english):
        response = english.get("/inspections/")
        assert response.status_code == 200
        assert "No results have been published yet." in response.content.decode()

    def test_form_is_labelled_and_table_has_headers(self, client, make_inspection):
        make_inspection()
        html = client.get("/inspections/").content.decode()
        for name in ["product", "year", "conclusion"]:
            assert f'<label for="id_{name}">' in html
            assert f'id="id_{name}"' in html
        assert '<button type="submit">' in html
        assert html.count("<h1>") == 1
        assert "<caption>" in html
        assert html.count('<th scope="col">') == 6

    def test_query_count_is_constant(
        self, client, make_inspection, make_producer, django_assert_num_queries
    ):
        hidden = make_producer("不公开农户乙", is_public=False)
        make_inspection(producer=hidden)
        make_inspection(values=FAILING_CHERRY)
        # count, page of inspections (producer, product, conclusion subqueries joined in),
        # products for the filter form, years for the filter form
        with django_assert_num_queries(4):
            client.get("/inspections/")
        # + the chosen product looked up by its slug
        with django_assert_num_queries(5):
            client.get("/inspections/", {"product": "shanting-fire-cherry", "conclusion": "fail"})
        for n in range(18):
            make_inspection(
                producer=hidden if n % 3 else None,
                values=FAILING_CHERRY if n % 2 else None,
                sampled_on=datetime.date(2020 + n % 6, 5, 1),
            )
        with django_assert_num_queries(4):
            client.get("/inspections/")
        with django_assert_num_queries(5):
            client.get("/inspections/", {"product": "shanting-fire-cherry", "conclusion": "fail"})


class TestInspectionDetail:
    def test_shows_every_result_with_judged_limit_and_verdict(self, english, make_inspection):
        inspection = make_inspection(values=FAILING_CHERRY)
        response = english.get(inspection.get_absolute_url())
        assert response.status_code == 200
        html = page_text(response)
        rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html, re.S)
        cells = [re.sub(r"<[^>]+>", "|", row) for row in rows]
        flat = [re.sub(r"\s*\|[\s|]*", "|", cell).strip("|") for cell in cells]
        assert flat == [
            "Soluble solids|17.2 %|≥ 18 %|fail",
            "Single fruit weight|9.2 g|≥ 8 g|pass",
            "Total acid|0.6 %|≤ 0.8 %|pass",
            "Fruit diameter|25 mm|20–30 mm|pass",
        ]
        assert inspection.report_number in html
        assert "枣庄市检验检测中心" in html
        assert "水泉镇果园" in html
        assert "2025-05-20" in html

    def test_keeps_the_limit_it_was_judged_against(self, english, make_inspection, cherry):
        inspection = make_inspection(values=FAILING_CHERRY)
        solids = cherry.indicators.get(name="可溶性固形物")
        solids.min_value = Decimal("17")
        solids.save()
        html = page_text(english.get(inspection.get_absolute_url()))
        assert "Soluble solids" in html
        assert "≥ 18 %" in html
        assert "≥ 17 %" not in html
        row = re.search(r"Soluble solids.*?</tr>", html, re.S).group(0)
        assert '<span class="badge bad">fail</span>' in row

    def test_failure_shows_follow_up_and_deadline(self, english, make_inspection):
        inspection = make_inspection(
            values=FAILING_CHERRY,
            follow_up="责令整改，暂停使用专用标志。",
            follow_up_deadline=datetime.date(2025, 8, 1),
            follow_up_done_on=datetime.date(2025, 7, 28),
        )
        html = english.get(inspection.get_absolute_url()).content.decode()
        assert "<h2>Follow-up</h2>" in html
        assert "责令整改，暂停使用专用标志。" in html
        assert "2025-08-01" in html
        assert "2025-07-28" in html

    def test_failure_without_follow_up_says_it_is_pending(self, english, make_inspection):
        inspection = make_inspection(values=FAILING_CHERRY)
        html = english.get(inspection.get_absolute_url()).content.decode()
        assert "has not yet published what was done" in html
        assert "not yet completed" in html

    def test_pass_has_no_follow_up_section(self, english, make_inspection):
        html = english.get(make_inspection().get_absolute_url()).content.decode()
        assert "Follow-up" not in html

    @pytest.mark.parametrize("status", ["planned", "sampled", "tested"])
    def test_unpublished_is_not_found(self, client, make_inspection, status):
        if status == "tested":
            inspection = make_inspection(publish=False)
        else:
            inspection = make_inspection(values={}, publish=False, status=status)
        assert inspection.status == status
        assert client.get(inspection.get_absolute_url()).status_code == 404

    def test_unknown_is_not_found(self, client):
        assert client.get("/inspections/999999/").status_code == 404

    def test_non_public_producer_is_never_named_or_linked(
        self, english, make_inspection, make_producer
    ):
        hidden = make_producer("不公开农户丙", is_public=False)
        inspection = make_inspection(producer=hidden)
        html = english.get(inspection.get_absolute_url()).content.decode()
        assert "不公开农户丙" not in html
        assert f'href="{hidden.get_absolute_url()}"' not in html
        assert "a producer not listed publicly" in html

    def test_public_producer_is_linked(self, client, make_inspection, make_producer):
        producer = make_producer("东庄樱桃专业合作社")
        html = client.get(make_inspection(producer=producer).get_absolute_url()).content.decode()
        assert f'<a href="{producer.get_absolute_url()}">东庄樱桃专业合作社</a>' in html

    def test_query_count_is_constant(self, client, make_inspection, django_assert_num_queries):
        # the inspection with producer and product, its results with their indicators, its
        # corrections, the published cases opened from it
        small = make_inspection()
        with django_assert_num_queries(4):
            client.get(small.get_absolute_url())
        for _ in range(20):
            make_inspection(values=FAILING_CHERRY)
        with django_assert_num_queries(4):
            client.get(small.get_absolute_url())


class TestEnforcementList:
    def test_shows_only_published_newest_first(self, client, make_case):
        older = make_case(published_on=datetime.date(2025, 7, 1))
        newer = make_case(published_on=datetime.date(2025, 8, 1))
        draft = make_case(publish=False)
        response = client.get("/enforcement/")
        assert response.status_code == 200
        assert case_numbers(response) == [newer.case_number, older.case_number]
        html = response.content.decode()
        assert draft.case_number not in html
        assert draft.subject_name not in html

    def test_row_shows_subject_product_violation_and_dates(self, english, make_case):
        case = make_case(is_example=True)
        html = english.get("/enforcement/").content.decode()
        row = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S).group(0)
        assert f'href="{case.get_absolute_url()}"' in row
        assert case.subject_name in row
        assert "Shanting Fire Cherry" in row
        assert "use of the special mark without authorisation" in row
        assert "2025-07-01" in row  # decided
        assert "2025-07-11" in row  # published
        assert "badge example" in row

    def test_filter_by_product(self, client, make_case, jujube):
        cherry_case = make_case()
        jujube_case = make_case(product=jujube)
        response = client.get("/enforcement/", {"product": "dianzi-long-red-jujube"})
        assert case_numbers(response) == [jujube_case.case_number]
        response = client.get("/enforcement/", {"product": "shanting-fire-cherry"})
        assert case_numbers(response) == [cherry_case.case_number]

    def test_filter_by_violation_type(self, client, make_case):
        make_case()
        fake = make_case(violation_type=ViolationType.FAKE_ORIGIN)
        response = client.get("/enforcement/", {"violation_type": "fake_origin"})
        assert case_numbers(response) == [fake.case_number]

    def test_filter_by_year_opened(self, client, make_case):
        in_2024 = make_case(opened_on=datetime.date(2024, 3, 1))
        in_2025 = make_case(opened_on=datetime.date(2025, 3, 1))
        assert case_numbers(client.get("/enforcement/", {"year": "2024"})) == [in_2024.case_number]
        response = client.get("/enforcement/", {"year": "2025"})
        assert case_numbers(response) == [in_2025.case_number]
        html = response.content.decode()
        assert re.findall(r'<option value="(\d{4})"', html) == ["2025", "2024"]

    def test_invalid_input_is_reported_and_ignored(self, english, make_case):
        case = make_case()
        response = english.get(
            "/enforcement/", {"year": "abc", "violation_type": "arson", "page": "x"}
        )
        assert response.status_code == 200
        assert set(response.context["filter"].form.errors) == {"year", "violation_type"}
        assert case_numbers(response) == [case.case_number]
        html = response.content.decode()
        assert "could not be used and was ignored" in html
        assert "There is no page “x”; showing page 1." in html

    def test_paginates(self, client, make_case):
        start = datetime.date(2025, 7, 1)
        made = [make_case(published_on=start + datetime.timedelta(days=n)) for n in range(26)]
        second = client.get("/enforcement/", {"page": "2"})
        assert case_numbers(second) == [made[0].case_number]
        assert len(case_numbers(client.get("/enforcement/"))) == 25

    def test_query_count_is_constant(
        self, client, make_case, make_producer, django_assert_num_queries
    ):
        make_case(producer=make_producer(), subject_name="")
        make_case()
        # count, page of cases with producer and product, products and years for the form
        with django_assert_num_queries(4):
            client.get("/enforcement/")
        for n in range(20):
            make_case(
                producer=make_producer(is_public=bool(n % 2)),
                subject_name="",
                opened_on=datetime.date(2019 + n % 6, 3, 1),
            )
        with django_assert_num_queries(4):
            client.get("/enforcement/")


class TestEnforcementDetail:
    def test_shows_the_decision(self, english, make_case):
        case = make_case(fine_yuan=Decimal("5000.00"))
        response = english.get(case.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<h1>") == 1
        for text in [
            case.case_number,
            case.subject_name,
            "Shanting Fire Cherry",
            "use of the special mark without authorisation",
            "2025-06-01",
            "2025-07-01",
            case.decision_number,
            "责令停止使用专用标志",
            "5,000 yuan",
            "<p>The party used the special mark on its packaging without approval.</p>",
        ]:
            assert text in html, text

    def test_summary_is_chinese_by_default(self, client, make_case):
        html = client.get(make_case().get_absolute_url()).content.decode()
        assert "当事人未经核准在包装上使用地理标志专用标志。" in html
        assert "without approval" not in html

    def test_unpublished_and_unknown_are_not_found(self, client, make_case):
        draft = make_case(publish=False)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get("/enforcement/999999/").status_code == 404

    def test_registered_subject_is_named_and_linked_only_when_public(
        self, client, make_case, make_producer
    ):
        public = make_producer("东庄果品店")
        hidden = make_producer("不公开农户丁", is_public=False)
        public_case = make_case(producer=public, subject_name="")
        hidden_case = make_case(producer=hidden, subject_name="")
        html = client.get(public_case.get_absolute_url()).content.decode()
        assert f'<a href="{public.get_absolute_url()}">东庄果品店</a>' in html
        # A published decision names its party by law, but the register page stays hidden.
        html = client.get(hidden_case.get_absolute_url()).content.decode()
        assert "不公开农户丁" in html
        assert f'href="{hidden.get_absolute_url()}"' not in html

    def test_query_count(self, client, make_case, django_assert_num_queries):
        case = make_case(producer=None)
        # the case with producer, product and the spot-check it came from
        with django_assert_num_queries(1):
            response = client.get(case.get_absolute_url())
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("low", "high", "unit", "expected"),
    [
        ("18.000", None, "%", "≥ 18 %"),
        (None, "100.000", "g", "≤ 100 g"),
        ("20.500", "30", "mm", "20.5–30 mm"),
        ("0.050", None, "", "≥ 0.05"),
    ],
)
def test_limit_text_drops_trailing_zeros_and_keeps_unit(low, high, unit, expected):
    text = limit_text(low and Decimal(low), high and Decimal(high), unit)
    assert text.replace("\xa0", " ") == expected
