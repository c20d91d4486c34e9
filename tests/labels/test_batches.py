"""Issuing, voiding and exporting label batches."""

import csv
import datetime
import io
import itertools
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from producers.labels import codes
from producers.labels.models import LabelBatch, LabelScan
from producers.labels.services import label_batch_issue, label_batch_void
from producers.register.services import authorisation_revoke, authorisation_suspend

pytestmark = pytest.mark.django_db


def test_issuing_writes_one_row_whatever_the_quantity(authorisation, season):
    authorisation.annual_quantity_cap = None
    authorisation.save()
    with CaptureQueriesContext(connection) as small:
        label_batch_issue(authorisation=authorisation, quantity=1, season=season, by=None)
    with CaptureQueriesContext(connection) as large:
        batch = label_batch_issue(
            authorisation=authorisation, quantity=1_000_000, season=season, by=None
        )
    assert len(large) == len(small)
    assert LabelBatch.objects.count() == 2
    assert LabelScan.objects.count() == 0
    assert batch.quantity == 1_000_000
    assert batch.history.count() == 1


def test_new_batches_use_the_highest_key_version(authorisation, season, settings):
    settings.LABEL_SIGNING_KEYS = {1: b"old", 2: b"new"}
    batch = label_batch_issue(authorisation=authorisation, quantity=5, season=season, by=None)
    assert batch.key_version == 2
    serial, code, _url = next(codes.iter_label_rows(batch))
    decoded = codes.decode(code)
    assert (decoded.outcome, decoded.key_version, decoded.batch_id) == ("genuine", 2, batch.pk)


def test_cap_counts_non_void_batches_of_the_season(authorisation, season):
    authorisation.annual_quantity_cap = 1000
    authorisation.save()
    first = label_batch_issue(authorisation=authorisation, quantity=600, season=season, by=None)
    with pytest.raises(ValidationError) as refused:
        label_batch_issue(authorisation=authorisation, quantity=500, season=season, by=None)
    assert refused.value.messages == [
        f"The annual cap of 1,000 labels for season {season} leaves 400; 500 were requested."
    ]
    assert LabelBatch.objects.count() == 1
    # Another season has its own cap; the remainder of this one can still be issued.
    label_batch_issue(authorisation=authorisation, quantity=1000, season=season + 1, by=None)
    label_batch_issue(authorisation=authorisation, quantity=400, season=season, by=None)
    # A void batch no longer counts.
    label_batch_void(batch=first, by=None, reason="标签被盗")
    label_batch_issue(authorisation=authorisation, quantity=600, season=season, by=None)
    with pytest.raises(ValidationError, match="leaves 0"):
        label_batch_issue(authorisation=authorisation, quantity=1, season=season, by=None)


def test_no_cap_means_no_limit(authorisation, season):
    authorisation.annual_quantity_cap = None
    authorisation.save()
    for _ in range(3):
        label_batch_issue(
            authorisation=authorisation,
            quantity=codes.MAX_BATCH_QUANTITY,
            season=season,
            by=None,
        )
    assert LabelBatch.objects.count() == 3


@pytest.mark.parametrize("quantity", [0, -5, codes.MAX_BATCH_QUANTITY + 1])
def test_quantity_must_fit_the_serial_space(authorisation, season, quantity):
    with pytest.raises(ValidationError, match="from 1 to 1,048,576 labels"):
        label_batch_issue(authorisation=authorisation, quantity=quantity, season=season, by=None)


def test_refused_to_a_suspended_authorisation(authorisation, season):
    authorisation_suspend(authorisation=authorisation, by=None, reason="抽检不合格")
    with pytest.raises(ValidationError) as refused:
        label_batch_issue(authorisation=authorisation, quantity=10, season=season, by=None)
    assert refused.value.messages == [
        "Labels can only be issued to a live authorisation; this one is suspended."
    ]
    assert not LabelBatch.objects.exists()


def test_refused_to_a_revoked_authorisation(authorisation, season):
    authorisation_revoke(authorisation=authorisation, by=None, reason="冒用")
    with pytest.raises(ValidationError, match="this one is revoked"):
        label_batch_issue(authorisation=authorisation, quantity=10, season=season, by=None)


def test_refused_when_the_validity_has_ended(producer, cherry, approve, season):
    today = timezone.localdate()
    lapsed = approve(
        producer,
        cherry,
        on=today - datetime.timedelta(days=800),
        valid_until=today - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="validity ended on"):
        label_batch_issue(authorisation=lapsed, quantity=10, season=season, by=None)


def test_refused_when_batch_ids_no_longer_fit_the_code(authorisation, season, monkeypatch):
    monkeypatch.setattr(codes, "MAX_BATCH_ID", 0)
    with pytest.raises(ValidationError, match="batch numbers have reached"):
        label_batch_issue(authorisation=authorisation, quantity=10, season=season, by=None)
    assert not LabelBatch.objects.exists()  # rolled back


def test_void_needs_a_reason_and_happens_once(batch):
    with pytest.raises(ValidationError, match="Give a reason"):
        label_batch_void(batch=batch, by=None, reason="  ")
    label_batch_void(batch=batch, by=None, reason="印刷错误")
    assert batch.voided_at is not None
    assert batch.void_reason == "印刷错误"
    assert batch.history.first().history_change_reason == "印刷错误"
    with pytest.raises(ValidationError, match="already void"):
        label_batch_void(batch=batch, by=None, reason="again")


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_cannot_exceed_the_cap(authorisation, season):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    authorisation.annual_quantity_cap = 1000
    authorisation.save()
    barrier = threading.Barrier(4)
    outcomes = []

    def issue():
        try:
            barrier.wait()
            label_batch_issue(authorisation=authorisation, quantity=600, season=season, by=None)
            outcomes.append("issued")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["issued", "refused", "refused", "refused"]
    assert LabelBatch.objects.count() == 1


# --- Exports --------------------------------------------------------------------------------


def test_rows_stream_from_an_iterator(batch):
    rows = codes.iter_label_rows(batch)
    assert iter(rows) is rows  # a generator, not a list
    first = list(itertools.islice(rows, 3))
    assert [serial for serial, _code, _url in first] == [0, 1, 2]
    for serial, code, url in first:
        decoded = codes.decode(code)
        assert (decoded.outcome, decoded.batch_id, decoded.serial) == ("genuine", batch.pk, serial)
        assert code == codes.group(decoded.code)
        assert url == f"https://gi.example.cn/v/{decoded.code}"


def test_a_million_rows_start_streaming_at_once(authorisation, season):
    authorisation.annual_quantity_cap = None
    authorisation.save()
    batch = label_batch_issue(
        authorisation=authorisation, quantity=1_000_000, season=season, by=None
    )
    lines = codes.iter_label_csv(batch)
    assert next(lines) == "serial,code,url\n"
    assert next(lines).startswith("0,")
    # The last rows are reachable without building the rest.
    tail = list(codes.iter_label_rows(batch, start=999_998))
    assert [row[0] for row in tail] == [999_998, 999_999]


def test_csv_command(batch, tmp_path):
    out = tmp_path / "labels.csv"
    call_command("export_labels", str(batch.pk), "--format", "csv", "-o", str(out))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["serial", "code", "url"]
    assert len(rows) == 1 + batch.quantity
    serial, code, url = rows[1]
    assert serial == "0"
    assert len(code) == 19 and code.count("-") == 3
    assert url == "https://gi.example.cn/v/" + code.replace("-", "")
    assert codes.decode(code).outcome == "genuine"
    assert codes.decode(url.rsplit("/", 1)[1]).serial == 0
    assert rows[-1][0] == str(batch.quantity - 1)


def test_sheet_has_a_qr_code_per_label(batch):
    html = codes.render_label_sheet(batch, start=10, count=30)
    assert html.count("<svg") == 30
    assert "@page" in html and "A4" in html
    assert "山亭火樱桃" in html
    assert batch.authorisation.producer.name in html
    assert str(batch.season) in html
    for _serial, code, _url in codes.iter_label_rows(batch, start=10, count=30):
        assert code in html
    assert html.count('class="sheet"') == 2  # 24 labels a page


def test_sheet_command_defaults_to_the_first_hundred(batch, tmp_path):
    out = tmp_path / "sheet.html"
    call_command("export_labels", str(batch.pk), "--format", "sheet", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 100
    first_code = next(codes.iter_label_rows(batch))[1]
    assert first_code in html


def test_export_refuses_a_void_batch(batch, tmp_path):
    label_batch_void(batch=batch, by=None, reason="丢失")
    with pytest.raises(CommandError, match="is void"):
        call_command("export_labels", str(batch.pk), "-o", str(tmp_path / "x.csv"))


def test_issue_command(authorisation, season):
    out = io.StringIO()
    call_command(
        "issue_labels", "--authorisation", str(authorisation.pk), "--quantity", "250", stdout=out
    )
    batch = LabelBatch.objects.get()
    assert (batch.quantity, batch.season) == (250, season)
    assert f"Issued batch {batch.pk}" in out.getvalue()
    assert "leaves 9,750 more labels" in out.getvalue()


def test_issue_command_dry_run_writes_nothing(authorisation, season):
    out = io.StringIO()
    call_command(
        "issue_labels",
        "--authorisation",
        str(authorisation.pk),
        "--quantity",
        "250",
        "--season",
        str(season + 1),
        "--dry-run",
        stdout=out,
    )
    assert "Nothing was written" in out.getvalue()
    assert not LabelBatch.objects.exists()


def test_issue_command_explains_refusals(authorisation, season):
    with pytest.raises(CommandError, match="leaves 10,000; 20,000 were requested"):
        call_command(
            "issue_labels", "--authorisation", str(authorisation.pk), "--quantity", "20000"
        )
    authorisation_suspend(authorisation=authorisation, by=None, reason="整改")
    with pytest.raises(CommandError, match="only be issued to a live authorisation"):
        call_command("issue_labels", "--authorisation", str(authorisation.pk), "--quantity", "1")
