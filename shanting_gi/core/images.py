"""Uploaded photos: proven to be images, bounded in size, re-encoded, metadata stripped.

Anything a consumer or producer uploads passes through clean_uploaded_image() before it is
stored: Pillow must decode it fully, it must stay under byte and pixel limits (decompression
bombs are refused before decoding), and what is stored is a fresh JPEG (or PNG when it has
transparency) made from the pixels alone — EXIF (GPS position, camera serial), ICC profiles
and any trailing payload are gone.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 48-megapixel phone photo is 8000×6000; larger is suspicious
MAX_STORED_SIDE = 2000  # enough to read a label; keeps storage and pages light
PUBLIC_PICTURE_SIDE = 1000  # product pictures shown on public pages: tens of KB, not MB
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


def _refuse(message, code):
    raise ValidationError(message, code=code)


def clean_uploaded_image(upload, *, max_side=MAX_STORED_SIDE):
    """Return a new in-memory file holding the re-encoded image, or raise ValidationError.

    max_side bounds the stored picture; public product pictures use a smaller one so that
    pages stay light on a phone."""
    if upload.size > MAX_UPLOAD_BYTES:
        _refuse(
            _("“%(name)s” is larger than %(mb)d MB; please send a smaller photo.")
            % {"name": upload.name, "mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            "too_large",
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    _refuse(
                        _(
                            "“%(name)s” has too many pixels (%(w)d×%(h)d); please send a normal photo."
                        )
                        % {"name": upload.name, "w": width, "h": height},
                        "too_many_pixels",
                    )
                if fmt not in ALLOWED_FORMATS:
                    raise UnidentifiedImageError(fmt)
                probe.verify()  # structure and checksums, without decoding pixels
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)  # keep the orientation the phone meant
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(
            _("“%(name)s” is not a photo we can read. Please send a JPEG, PNG or WebP image.")
            % {"name": upload.name},
            "not_an_image",
        )
    except (OSError, SyntaxError, ValueError, EOFError):
        _refuse(
            _("“%(name)s” is damaged or incomplete. Please send the photo again.")
            % {"name": upload.name},
            "damaged",
        )

    image.thumbnail((max_side, max_side))
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(out, "PNG", optimize=True)
        extension, content_type = "png", "image/png"
    else:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
        extension, content_type = "jpg", "image/jpeg"
    size = out.tell()
    out.seek(0)
    return InMemoryUploadedFile(
        out, "image", f"photo.{extension}", content_type, size, charset=None
    )
