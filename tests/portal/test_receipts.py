"""Receipts of complaints (and questions): a grouped secret without look-alike characters,
typed any way a person types it — and the secrets issued before still open their reports."""

import hashlib
import re
import secrets

import pytest

from inspections.models import Complaint
from inspections.services import complaint_find, complaint_submit
from shanting_gi.core import receipts
from tests.factories import make_product, spam_guard_fields

pytestmark = pytest.mark.django_db

LOOK_ALIKES = set("01IOL")


def test_new_secrets_are_grouped_and_free_of_look_alikes():
    for _ in range(200):
        secret, digest = receipts.new_secret()
        assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", secret), secret
        assert not LOOK_ALIKES & set(secret)
        assert digest == hashlib.sha256(secret.replace("-", "").encode()).hexdigest()


@pytest.mark.parametrize(
    "typed",
    [
        lambda s: s,
        lambda s: s.lower(),
        lambda s: s.replace("-", ""),
        lambda s: " " + s.replace("-", " ") + " ",
        lambda s: "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else "－" for c in s),
    ],
    ids=["as shown", "lower case", "no dashes", "spaces", "full width"],
)
def test_a_complaint_opens_with_its_secret_typed_any_way(typed):
    complaint, secret = complaint_submit(fields={"product": make_product(), "description": "假"})
    assert complaint_find(tracking_number=complaint.tracking_number, secret=typed(secret))


def test_a_secret_issued_before_the_change_still_opens_its_complaint():
    old_secret = "q3n8Vd0x-tZr_2hA"  # token_urlsafe: mixed case, "-" and "_"
    complaint = Complaint.objects.create(
        tracking_number="TS240101ABCDEF",
        secret_hash=hashlib.sha256(old_secret.encode()).hexdigest(),
        description="旧投诉",
    )
    assert complaint_find(tracking_number="TS240101ABCDEF", secret=old_secret) == complaint
    assert complaint_find(tracking_number="ts240101abcdef", secret=f" {old_secret} ") == complaint
    # Case mattered for old secrets, and still does: nothing else opens it.
    assert complaint_find(tracking_number="TS240101ABCDEF", secret=old_secret.upper()) is None
    assert (
        complaint_find(tracking_number="TS240101ABCDEF", secret=secrets.token_urlsafe(12)) is None
    )


def test_the_complaint_page_shows_a_receipt_to_copy_and_print(client, settings):
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT
    make_product(slug="cherry")
    response = client.post(
        "/complaints/new/",
        {"product": "cherry", "description": "标签码查询不到", **spam_guard_fields()},
    )
    assert response.status_code == 302
    html = client.get("/complaints/submitted/").content.decode()
    secret = re.search(r'id="tracking-secret"[^>]*>([^<]+)<', html).group(1)
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", secret)
    assert 'data-copy="' in html and "data-print" in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_complaint_form_refuses_a_bot(client):
    make_product(slug="cherry")
    response = client.post(
        "/complaints/new/",
        {"product": "cherry", "description": "垃圾", **spam_guard_fields(), "website": "x"},
    )
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_the_track_form_shows_the_secret_as_typed(client):
    html = client.get("/complaints/track/").content.decode()
    assert 'type="password"' not in html
    assert re.search(r'<input type="text" name="secret"[^>]*class="code-input"', html)
