"""Supporting documents: a PDF must start with %PDF- and stay under 10 MB; anything else
must be an image we can read (re-encoded by clean_uploaded_image)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from producers.accounts.forms import AnswerForm, clean_application_document
from producers.accounts.models import PDF_MAX_BYTES
from tests.factories import image_bytes


def test_a_real_pdf_is_accepted_under_a_neutral_name():
    document = clean_application_document(
        SimpleUploadedFile("../../etc/营业执照.pdf", b"%PDF-1.7\n%%EOF", "application/pdf")
    )
    assert document.kind == "pdf"
    assert document.original_name == "营业执照.pdf"
    assert document.file.name == "document.pdf"


def test_a_non_pdf_named_pdf_is_refused():
    upload = SimpleUploadedFile("licence.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as error:
        clean_application_document(upload)
    assert error.value.code == "not_pdf"


def test_html_declared_as_pdf_is_refused():
    upload = SimpleUploadedFile("x.txt", b"<html><script>", "application/pdf")
    with pytest.raises(ValidationError):
        clean_application_document(upload)


def test_an_oversized_pdf_is_refused():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * PDF_MAX_BYTES, "application/pdf")
    with pytest.raises(ValidationError) as error:
        clean_application_document(upload)
    assert error.value.code == "too_large"


def test_a_pdf_of_exactly_the_limit_is_accepted():
    data = b"%PDF-1.4\n"
    upload = SimpleUploadedFile(
        "edge.pdf", data + b"0" * (PDF_MAX_BYTES - len(data)), "application/pdf"
    )
    assert clean_application_document(upload).kind == "pdf"


def test_a_photo_is_re_encoded():
    document = clean_application_document(
        SimpleUploadedFile("plot.jpg", image_bytes("JPEG"), "image/jpeg")
    )
    assert document.kind == "image"
    assert document.original_name == "plot.jpg"
    assert document.file.name == "photo.jpg"


def test_something_that_is_neither_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_application_document(SimpleUploadedFile("a.docx", b"PK\x03\x04", "x/y"))
    assert error.value.code == "not_an_image"


def test_the_form_reports_each_bad_file():
    form = AnswerForm(
        data={"answer": "见附件"},
        files={
            "documents": [
                SimpleUploadedFile("fake.pdf", b"nope", "application/pdf"),
                SimpleUploadedFile("ok.pdf", b"%PDF-1.4", "application/pdf"),
            ]
        },
    )
    assert not form.is_valid()
    assert "fake.pdf" in form.errors["documents"][0]
