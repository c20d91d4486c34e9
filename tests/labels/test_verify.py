"""Verification by label code and by credit code: outcomes, scans, warnings, rate limit,
and the pages in both languages."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from producers.labels import codes
from producers.labels.models import LabelScan
from producers.labels.services import label_batch_issue, label_batch_void
from producers.labels.verification import verify
from producers.register.models import ProducerKind
from producers.register.services import (
    authorisation_expire,
    authorisation_revoke,
    authorisation_suspend,
)
from shanting_gi.core.ratelimit import RateLimited, client_address
from tests.factories import credit_code

pytestmark = pytest.mark.django_db


def code_of(batch, serial=0):
    return codes.encode(batch.key_version, batch.pk, serial)


def mistype(code):
    return code[:5] + ("X" if code[5] != "X" else "Y") + code[6:]


def forge(code):
    payload = code[:14] + ("0" if code[14] != "0" else "1")
    return payload + codes.check_character(payload)


def outcome(text):
    return verify(text, client_ip="203.0.113.5").outcome


def warning_codes(text):
    return [w.code for w in verify(text, client_ip=None).warnings]


# --- Without the database -------------------------------------------------------------------


def test_forged_mistyped_and_malformed_cost_no_query(batch, django_assert_num_queries):
    code = code_of(batch)
    with django_assert_num_queries(0):
        assert outcome(forge(code)) == "forged"
        assert outcome(mistype(code)) == "mistyped"
        assert outcome("not a code") == "malformed"
        assert outcome("x" * 5000) == "malformed"


def test_pages_for_bad_codes_cost_no_query(batch, client, django_assert_num_queries):
    code = code_of(batch)
    # Queries: none — decoding, the rate limit (cache) and the page need no database.
    with django_assert_num_queries(0):
        assert client.get("/verify/", {"code": forge(code)}).status_code == 200
        assert client.get(f"/v/{mistype(code)}").status_code == 200
        assert client.get("/verify/", {"code": "12345"}).status_code == 200


def test_forged_result_explains_and_links_to_a_complaint(batch, client):
    client.cookies["lang"] = "en"
    forged = codes.group(forge(code_of(batch)))
    response = client.get("/verify/", {"code": forged})
    html = response.content.decode()
    assert "Not a label issued by the bureau" in html
    assert f'href="/complaints/new/?code={forged}"' in html
    assert "12315" in html
    assert "callout verify-result bad" in html
    assert LabelScan.objects.count() == 0


# --- Genuine codes and their scans ----------------------------------------------------------


def test_genuine_scan_counts_and_keeps_the_first_time(batch):
    code = code_of(batch, serial=42)
    first = verify(code, client_ip="198.51.100.1")
    assert first.outcome == "genuine"
    assert first.times_checked == 1
    assert first.product.name == "山亭火樱桃"
    assert first.producer == batch.authorisation.producer
    assert first.producer_name == batch.authorisation.producer.display_name
    assert first.season == batch.season
    assert first.warnings == []
    second = verify(codes.group(code).lower(), client_ip="198.51.100.1")
    assert second.times_checked == 2
    assert second.first_checked_at == first.first_checked_at
    scan = LabelScan.objects.get()
    assert (scan.batch_id, scan.serial, scan.count) == (batch.pk, 42, 2)
    assert scan.last_scanned_at >= scan.first_scanned_at


def test_a_repeated_genuine_scan_costs_three_queries(batch, django_assert_num_queries):
    code = code_of(batch, serial=8)
    verify(code, client_ip=None)
    # Queries: the batch with its authorisation, producer, town and product (1); the
    # UPDATE … SET count = count + 1 (1); reading the scan row back (1).
    with django_assert_num_queries(3):
        assert verify(code, client_ip=None).times_checked == 2


def test_head_requests_do_not_count(batch, client):
    code = code_of(batch, serial=13)
    assert client.head(f"/v/{code}").status_code == 200
    assert not LabelScan.objects.exists()


def test_only_scanned_codes_get_a_row(batch):
    for serial in (3, 7, 3):
        verify(code_of(batch, serial), client_ip=None)
    assert sorted(LabelScan.objects.values_list("serial", "count")) == [(3, 2), (7, 1)]


def test_a_non_public_producer_is_described_neutrally(town, cherry, make_producer, approve, season):
    hidden = make_producer(town, kind=ProducerKind.HOUSEHOLD, name="王某某", is_public=False)
    authorisation = approve(hidden, cherry)
    batch = label_batch_issue(authorisation=authorisation, quantity=10, season=season, by=None)
    result = verify(code_of(batch), client_ip=None)
    assert result.outcome == "genuine"
    assert result.producer is None
    assert "王某某" not in result.producer_name
    assert result.producer_name == "a registered producer that is not listed publicly"


def test_a_signed_code_beyond_the_batch_is_forged(batch):
    # Only someone holding the key could sign it; the page must not call it genuine.
    assert outcome(codes.encode(1, batch.pk, batch.quantity)) == "forged"
    assert outcome(codes.encode(1, batch.pk + 1000, 0)) == "forged"


def test_key_rotation_old_batches_still_verify(batch, authorisation, season, settings):
    old_code = code_of(batch)
    settings.LABEL_SIGNING_KEYS = {1: settings.LABEL_SIGNING_KEYS[1], 2: b"rotated"}
    new_batch = label_batch_issue(authorisation=authorisation, quantity=5, season=season, by=None)
    assert new_batch.key_version == 2
    assert outcome(old_code) == "genuine"
    assert outcome(code_of(new_batch)) == "genuine"
    settings.LABEL_SIGNING_KEYS = {2: b"rotated"}  # version 1 retired
    assert outcome(old_code) == "forged"


# --- Warnings -------------------------------------------------------------------------------


def test_warns_when_checked_more_often_than_the_threshold(batch, settings):
    settings.LABEL_SCAN_WARNING_THRESHOLD = 3
    code = code_of(batch)
    for _ in range(3):
        assert warning_codes(code) == []
    result = verify(code, client_ip=None)
    assert [w.code for w in result.warnings] == ["copied"]
    assert "checked 4 times" in result.warnings[0].text
    assert result.level == "warn"
    assert result.report_url.startswith("/complaints/new/?code=")


def test_warns_on_a_void_batch(batch):
    label_batch_void(batch=batch, by=None, reason="标签被盗")
    assert warning_codes(code_of(batch)) == ["void"]


def test_warns_on_an_old_season(authorisation, season):
    old = label_batch_issue(authorisation=authorisation, quantity=5, season=season - 1, by=None)
    result = verify(code_of(old), client_ip=None)
    assert [w.code for w in result.warnings] == ["old_season"]
    assert str(season - 1) in result.warnings[0].text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (authorisation_suspend, "suspended"),
        (authorisation_revoke, "revoked"),
        (authorisation_expire, "expired"),
    ],
)
def test_warns_when_the_authorisation_is_no_longer_live(batch, authorisation, change, expected):
    change(authorisation=authorisation, by=None, reason="示例原因")
    result = verify(code_of(batch), client_ip=None)
    assert [w.code for w in result.warnings] == [expected]
    assert result.outcome == "genuine"
    assert result.title == "Genuine label code — with warnings"


def test_warns_when_the_validity_ran_out_unmarked(batch, authorisation):
    authorisation.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    authorisation.save()
    assert warning_codes(code_of(batch)) == ["expired"]


# --- Concurrent scans -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_lose_no_count(batch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite runs one writer at a time")
    code = code_of(batch, serial=9)
    threads_n, scans_n = 8, 10
    barrier = threading.Barrier(threads_n)
    errors = []

    def scan():
        try:
            barrier.wait()  # all threads race for the first INSERT
            for _ in range(scans_n):
                assert verify(code, client_ip=None).outcome == "genuine"
        except Exception as exc:  # reported below; an assertion in a thread is lost otherwise
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert LabelScan.objects.get(batch=batch, serial=9).count == threads_n * scans_n


# --- Rate limit -----------------------------------------------------------------------------


def test_rate_limit_returns_429_with_retry_after(batch, client, settings):
    settings.VERIFY_RATE_LIMIT = 3
    client.cookies["lang"] = "en"
    forged = forge(code_of(batch))
    for _ in range(3):
        assert client.get("/verify/", {"code": forged}).status_code == 200
    assert client.get("/verify/").status_code == 200  # the empty form is not an attempt
    response = client.get(f"/v/{forged}")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many checks" in response.content.decode()
    assert client.get("/verify/", {"code": forged}).status_code == 429
    # Another address has its own count.
    assert client.get("/verify/", {"code": forged}, REMOTE_ADDR="192.0.2.9").status_code == 200


def test_rate_limit_in_chinese_mode(batch, client, settings):
    settings.VERIFY_RATE_LIMIT = 1
    client.cookies["lang"] = "zh-hans"
    client.get("/verify/", {"code": "x"})
    response = client.get("/verify/", {"code": "x"})
    assert response.status_code == 429
    assert 'lang="zh-Hans"' in response.content.decode()


def test_rate_limit_behind_a_proxy_counts_the_forwarded_client(settings, rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7", REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "198.51.100.7"  # the entry our proxy added
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "6.6.6.6"


def test_verify_raises_rate_limited(settings):
    settings.VERIFY_RATE_LIMIT = 2
    verify("x", client_ip="2001:db8::1")
    verify("x", client_ip="2001:db8::2")  # same /64: same household
    with pytest.raises(RateLimited) as limited:
        verify("x", client_ip="2001:db8::3")
    assert limited.value.retry_after >= 1
    verify("x", client_ip="2001:db8:0:1::1")  # another /64


# --- Credit codes ---------------------------------------------------------------------------


def test_credit_code_of_an_authorised_firm(authorisation):
    producer = authorisation.producer
    spaced = " ".join([producer.credit_code[:6], producer.credit_code[6:].lower()])
    result = verify(spaced, client_ip="203.0.113.5")
    assert result.kind == "credit_code"
    assert result.outcome == "authorised"
    assert [a.pk for a in result.authorisations] == [authorisation.pk]
    assert result.authorisations[0].approved_on == authorisation.approved_on
    assert "proves nothing about the product" in result.reminder


def test_credit_code_of_no_authorised_firm(town, make_producer):
    unknown = verify(credit_code(), client_ip=None)
    assert (unknown.outcome, unknown.producer) == ("not_authorised", None)
    assert "proves nothing" in unknown.reminder
    registered = make_producer(town)  # in the register, never authorised
    result = verify(registered.credit_code, client_ip=None)
    assert (result.outcome, result.producer) == ("not_authorised", registered)
    hidden = make_producer(town, is_public=False)
    assert verify(hidden.credit_code, client_ip=None).producer is None


def test_suspended_firm_is_not_authorised(authorisation):
    authorisation_suspend(authorisation=authorisation, by=None, reason="整改")
    assert outcome(authorisation.producer.credit_code) == "not_authorised"


def test_credit_code_with_a_wrong_check_character(authorisation, django_assert_num_queries):
    good = authorisation.producer.credit_code
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with django_assert_num_queries(0):
        result = verify(bad, client_ip=None)
    assert (result.kind, result.outcome) == ("credit_code", "mistyped")
    assert "check the code" in result.message


def test_eighteen_characters_outside_the_credit_alphabet():
    result = verify("91370406MA3CXXXXXO", client_ip=None)
    assert (result.kind, result.outcome) == ("credit_code", "malformed")


# --- Pages in both languages ----------------------------------------------------------------


@pytest.fixture
def page_cases(batch, authorisation, settings):
    """Each outcome with the English words the page must show for it."""
    settings.LABEL_SCAN_WARNING_THRESHOLD = 1
    code = code_of(batch, 5)
    copied = code_of(batch, 6)
    verify(copied, client_ip=None)
    good = authorisation.producer.credit_code
    return {
        "genuine": (codes.group(code), "Genuine label code"),
        "warned": (copied, "checked unusually often"),
        "mistyped": (mistype(code), "Please check the code"),
        "forged": (forge(code), "Not a label issued by the bureau"),
        "malformed": ("hello", "This is not a label code"),
        "authorised": (good, "authorised since"),
        "not_authorised": (credit_code(), "Not authorised to use the special mark"),
        "credit_mistyped": (good[:17] + ("0" if good[17] != "0" else "1"), "check the code"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "genuine",
        "warned",
        "mistyped",
        "forged",
        "malformed",
        "authorised",
        "not_authorised",
        "credit_mistyped",
    ],
)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_outcome_renders(client, page_cases, case, language):
    text, english = page_cases[case]
    client.cookies["lang"] = language
    response = client.get("/verify/", {"code": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "noindex" in html
    if language == "en":
        assert english in html
    else:
        assert 'lang="zh-Hans"' in html


def test_short_url_accepts_any_case_and_dashes(batch, client):
    client.cookies["lang"] = "en"
    grouped = codes.group(code_of(batch, 11)).lower()
    response = client.get(f"/v/{grouped}")
    assert response.status_code == 200
    assert "Genuine label code" in response.content.decode()
    assert LabelScan.objects.get().serial == 11


def test_a_pasted_short_url_is_understood(batch):
    url = codes.short_url(code_of(batch, 12))
    assert outcome(url) == "genuine"


def test_form_page_names_the_official_address(client):
    client.cookies["lang"] = "en"
    response = client.get("/verify/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "https://gi.example.cn/verify/" in html
    assert "may be fake" in html
    assert 'name="code"' in html
    assert "noindex" not in html


def test_genuine_page_shows_the_facts(batch, client):
    client.cookies["lang"] = "en"
    code = code_of(batch, 1)
    client.get(f"/v/{code}")
    html = client.get("/verify/", {"code": code}).content.decode()
    assert "callout verify-result ok" in html
    assert "Shanting Fire Cherry" in html
    assert "Shuiquan Cherry Cooperative" in html  # the producer's English name
    assert "Shuiquan Town" in html
    assert "2 times, including this one" in html
    assert codes.group(code) in html


def test_header_has_the_verify_form(client):
    # Not on /verify/ itself, nor the home page: they have a verify form of their own.
    html = client.get("/privacy/").content.decode()
    assert 'action="/verify/"' in html
    assert 'id="header-verify"' in html
