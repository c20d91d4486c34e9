"""GET /api/v1/verify/{code}: the same outcomes, warnings, scans and rate limit as the
/verify/ page, which uses the same producers.verification.verify."""

from html import escape

import pytest

from producers.labels import codes
from producers.labels.models import LabelScan
from producers.labels.services import label_batch_void
from tests.factories import credit_code, make_label_batch

pytestmark = pytest.mark.django_db


def mistype(code):
    code = codes.normalise(code)
    return code[:5] + ("X" if code[5] != "X" else "Y") + code[6:]


def forge(code):
    code = codes.normalise(code)
    payload = code[:14] + ("0" if code[14] != "0" else "1")
    return payload + codes.check_character(payload)


@pytest.fixture
def batch(register):
    return make_label_batch(register.coop_cherry, quantity=50)


@pytest.fixture
def hidden_batch(register):
    return make_label_batch(register.hidden_cherry, quantity=5)


def printed_codes(batch, count):
    """The batch's first codes, as printed (grouped with dashes)."""
    return [code for _serial, code, _url in codes.iter_label_rows(batch, 0, count)]


def plain(code):
    return codes.normalise(code)


def api(client, code):
    response = client.get(f"/api/v1/verify/{code}")
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    return response.json()


def page(client, code):
    response = client.get("/verify/", {"code": code})
    assert response.status_code == 200
    return response.content.decode()


def assert_same_outcome(client, code):
    html = page(client, code)
    result = api(client, code)
    assert f"callout verify-result {result['level']}" in html
    assert escape(result["title"]) in html
    assert escape(result["message"]) in html
    for warning in result["warnings"]:
        assert escape(warning["title"]) in html
    if result["producer_name"]:
        assert escape(result["producer_name"]) in html
    return result


def test_genuine_code_same_as_the_page_and_both_count_the_scan(client, batch, register):
    code = printed_codes(batch, 1)[0]
    result = assert_same_outcome(client, code)
    assert (result["kind"], result["outcome"], result["level"]) == ("label", "genuine", "ok")
    assert result["code"] == code
    assert result["product"]["slug"] == "shanting-fire-cherry"
    assert result["producer_id"] == register.coop.pk
    assert result["producer_name"] == "水泉镇樱桃专业合作社"
    assert result["town"]["code"] == "370406107"
    assert result["season"] == batch.season
    # The page checked it once, the API once more: one row, counted twice.
    assert result["times_checked"] == 2
    assert LabelScan.objects.get(batch=batch, serial=0).count == 2


@pytest.mark.parametrize(
    ("change", "outcome", "level"),
    [
        (mistype, "mistyped", "info"),
        (forge, "forged", "bad"),
        (lambda c: "hello", "malformed", "info"),
    ],
)
def test_bad_codes_same_as_the_page(client, batch, change, outcome, level):
    result = assert_same_outcome(client, change(printed_codes(batch, 1)[0]))
    assert (result["outcome"], result["level"]) == (outcome, level)
    assert result["times_checked"] is None
    assert LabelScan.objects.count() == 0


def test_forged_report_url_is_absolute(client, batch):
    forged = codes.group(forge(printed_codes(batch, 1)[0]))
    result = api(client, forged)
    assert result["report_url"] == f"http://testserver/complaints/new/?code={forged}"


def test_forged_and_mistyped_codes_cost_no_query(client, batch, django_assert_num_queries):
    code = printed_codes(batch, 1)[0]
    with django_assert_num_queries(0):
        assert api(client, forge(code))["outcome"] == "forged"
        assert api(client, mistype(code))["outcome"] == "mistyped"


def test_warnings_same_as_the_page(client, batch):
    label_batch_void(batch=batch, by=None, reason="标签遗失")
    result = assert_same_outcome(client, printed_codes(batch, 1)[0])
    assert result["level"] == "warn"
    assert [w["code"] for w in result["warnings"]] == ["void"]


def test_non_public_producer_is_described_not_named(client, hidden_batch):
    result = assert_same_outcome(client, printed_codes(hidden_batch, 1)[0])
    assert result["outcome"] == "genuine"
    assert result["producer_id"] is None
    assert "不公开的生产者" not in str(result)


def test_credit_codes_same_as_the_page(client, register):
    authorised = assert_same_outcome(client, register.coop.credit_code)
    assert (authorised["kind"], authorised["outcome"]) == ("credit_code", "authorised")
    assert [a["product"]["slug"] for a in authorised["authorisations"]] == ["shanting-fire-cherry"]
    assert authorised["authorisations"][0]["approved_on"] == "2024-05-10"
    unknown = assert_same_outcome(client, credit_code())
    assert (unknown["outcome"], unknown["producer_name"]) == ("not_authorised", "")
    not_authorised = assert_same_outcome(client, register.hidden.credit_code)
    assert not_authorised["outcome"] == "not_authorised"
    assert not_authorised["producer_id"] is None
    wrong_check = register.coop.credit_code[:-1] + (
        "0" if register.coop.credit_code[-1] != "0" else "1"
    )
    assert assert_same_outcome(client, wrong_check)["outcome"] == "mistyped"


def test_a_whole_short_url_is_accepted(client, batch):
    result = api(client, f"https://gi.example.cn/v/{plain(printed_codes(batch, 1)[0])}")
    assert result["outcome"] == "genuine"


def test_an_empty_code_is_a_json_404(client, register):
    response = client.get("/api/v1/verify/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_head_neither_counts_nor_checks(client, batch, settings):
    settings.VERIFY_RATE_LIMIT = 1
    code = printed_codes(batch, 1)[0]
    for _ in range(3):
        assert client.head(f"/api/v1/verify/{code}").status_code == 200
    assert LabelScan.objects.count() == 0
    assert api(client, code)["outcome"] == "genuine"


def test_the_page_and_the_api_share_the_rate_limit(client, batch, settings):
    settings.VERIFY_RATE_LIMIT = 2
    code = printed_codes(batch, 1)[0]
    page(client, code)
    api(client, code)
    response = client.get(f"/api/v1/verify/{code}")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "detail" in response.json()
    assert client.get("/verify/", {"code": code}).status_code == 429
    # Another address is not affected.
    other = client.get(f"/api/v1/verify/{code}", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200
