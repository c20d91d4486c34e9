"""Product pictures uploaded in the back-office are made light for phones."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from products.models import ProductImage
from shanting_gi.core.images import PUBLIC_PICTURE_SIDE
from tests.factories import image_bytes

from .conftest import admin_url

pytestmark = pytest.mark.django_db


def upload(name, data, content_type):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_big_photo_is_stored_small_and_without_metadata(bureau_client, cherry):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    photo = image_bytes("JPEG", size=(4000, 3000), exif=exif)
    response = bureau_client.post(
        admin_url(ProductImage, "add"),
        {
            "product": cherry.pk,
            "kind": "genuine_product",
            "image": upload("cherries.jpg", photo, "image/jpeg"),
            "alt_text": "樱桃",
            "order": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = ProductImage.objects.get()
    with Image.open(stored.image.path) as image:
        assert max(image.size) == PUBLIC_PICTURE_SIDE
        assert 0x010F not in image.getexif()
    assert stored.image.name.endswith(".jpg")


def test_a_file_that_is_not_an_image_is_refused(bureau_client, cherry):
    response = bureau_client.post(
        admin_url(ProductImage, "add"),
        {
            "product": cherry.pk,
            "kind": "known_fake",
            "image": upload("fake.jpg", b"not an image at all", "image/jpeg"),
            "alt_text": "假冒",
            "order": 0,
        },
    )
    assert response.status_code == 200
    assert ProductImage.objects.count() == 0
