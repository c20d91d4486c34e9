"""Label batches as a printable A4 PDF, written page by page.

A whole batch — 10,000 labels or a million — downloads as one PDF: iter_label_pdf() is a
generator that yields the file in pieces, one page (24 labels) at a time, so the server
holds one page in memory whatever the batch size, and the clerk's browser starts receiving
at once. The layout is the label sheet's (3 × 8 labels of 66 × 35 mm on A4): on each label
the QR code of its short URL, the grouped code, the product, the producer and its credit
code (printed beside the special mark, GB 32100), the season and where to check it. Crop
marks in the margins show where to cut.

ReportLab draws PDFs by keeping the whole document in memory until it is saved, so the
file structure is written here (a few dozen lines: objects, a cross-reference table, a
trailer), with ReportLab supplying what it is good for: the metrics and the definition of
the Adobe CJK font STSong-Light, which every PDF reader has built in, so Chinese prints
without shipping a font file. Codes print in Courier-Bold, one of the 14 standard fonts.

Ranges fill whole pages: page_range() snaps a requested start and count to page
boundaries, so printing a batch in parts never leaves a half-empty sheet in the middle.
"""

import datetime
import zlib

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import codes

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
COLUMNS, ROWS = 3, 8
LABELS_PER_PAGE = COLUMNS * ROWS
LABEL_WIDTH, LABEL_HEIGHT = 66 * MM, 35 * MM
MARGIN_X = (PAGE_WIDTH - COLUMNS * LABEL_WIDTH) / 2  # 6 mm
MARGIN_Y = (PAGE_HEIGHT - ROWS * LABEL_HEIGHT) / 2  # 8.5 mm
PADDING = 2 * MM
QR_BOX = 25 * MM  # the QR code and its quiet zone
QR_SIDE = 23 * MM  # the modules themselves
TEXT_X = PADDING + QR_BOX + 1.5 * MM
TEXT_WIDTH = LABEL_WIDTH - TEXT_X - PADDING
CROP_MARK_GAP, CROP_MARK_LENGTH = 1 * MM, 4 * MM

CJK_FONT = "STSong-Light"
CJK_ENCODING = "UniGB-UCS2-H"
CODE_FONT = "Courier-Bold"

# Object numbers fixed in advance; pages follow from FIRST_PAGE_OBJECT on, two objects each
# (content stream, page). The page tree is written last, when its kids are known.
CATALOG, PAGES, CJK, CODE, INFO, RESOURCES = 1, 2, 3, 4, 5, 6
FIRST_PAGE_OBJECT = 7


def page_range(quantity, start=0, count=None):
    """(start, count) widened to whole pages within a batch of `quantity` labels."""
    start = max(0, min(int(start), max(quantity - 1, 0)))
    start -= start % LABELS_PER_PAGE
    if count is None:
        end = quantity
    else:
        wanted = max(1, int(count))
        end = min(quantity, int(start) + wanted)
        end += -end % LABELS_PER_PAGE
        end = min(end, quantity)
    return start, max(0, end - start)


def _register_cjk_font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return pdfmetrics


def _pdf_object(value):
    """ReportLab's font data (names "/X", strings "(x)", numbers, lists, dicts) as PDF."""
    if isinstance(value, dict):
        inner = " ".join(f"/{key} {_pdf_object(item)}" for key, item in value.items())
        return f"<< {inner} >>"
    if isinstance(value, list | tuple):
        return "[ " + " ".join(_pdf_object(item) for item in value) + " ]"
    return str(value)


def _cjk_font_objects():
    """The Type0 font and its CIDFont, from ReportLab's definition of STSong-Light."""
    from reportlab.pdfbase._cidfontdata import CIDFontInfo

    info = dict(CIDFontInfo[CJK_FONT])
    descendant = dict(info["DescendantFonts"][0])
    descendant.pop("Name", None)
    return (
        f"<< /Type /Font /Subtype /Type0 /BaseFont /{CJK_FONT}-{CJK_ENCODING} "
        f"/Encoding /{CJK_ENCODING} /DescendantFonts [ {_pdf_object(descendant)} ] >>"
    )


def _cjk(text):
    """A string for the CJK font: UCS-2 big-endian, as hexadecimal (outside the BMP: ?)."""
    return "<" + "".join(f"{ord(ch) if ord(ch) < 0x10000 else 0x3F:04X}" for ch in text) + ">"


def _latin(text):
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _info_text(text):
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _fit(pdfmetrics, text, size, width, lines=1):
    """Split text into at most `lines` lines of at most `width` points, with … if cut."""
    result, current = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(current + ch, CJK_FONT, size) <= width:
            current += ch
            continue
        result.append(current)
        current = ch
        if len(result) == lines:
            break
    else:
        result.append(current)
        return result
    last = result[-1]
    while last and pdfmetrics.stringWidth(last + "…", CJK_FONT, size) > width:
        last = last[:-1]
    result[-1] = last + "…"
    return result


def _number(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _qr_path(url, x, y):
    """Fill operators for the QR code of url, its modules inside a QR_SIDE square at x, y.

    Each row's runs of dark modules become one rectangle, which keeps a page small.
    """
    import segno

    matrix = segno.make(url, error="m", micro=False).matrix
    size = len(matrix)
    module = QR_SIDE / size
    parts = []
    for row_number, row in enumerate(matrix):
        top = y + QR_SIDE - (row_number + 1) * module
        column = 0
        while column < size:
            if row[column]:
                run = column
                while run < size and row[run]:
                    run += 1
                parts.append(
                    f"{_number(x + column * module)} {_number(top)} "
                    f"{_number((run - column) * module)} {_number(module)} re"
                )
                column = run
            else:
                column += 1
    return "\n".join(parts) + "\nf"


def _crop_marks():
    """Short lines in the margins where the columns and rows meet the edge of the grid."""
    lines = []
    top, bottom = PAGE_HEIGHT - MARGIN_Y, MARGIN_Y
    left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
    for column in range(COLUMNS + 1):
        x = _number(left + column * LABEL_WIDTH)
        lines.append(
            f"{x} {_number(top + CROP_MARK_GAP)} m {x} {_number(top + CROP_MARK_GAP + CROP_MARK_LENGTH)} l"
        )
        lines.append(
            f"{x} {_number(bottom - CROP_MARK_GAP)} m {x} {_number(bottom - CROP_MARK_GAP - CROP_MARK_LENGTH)} l"
        )
    for row in range(ROWS + 1):
        y = _number(bottom + row * LABEL_HEIGHT)
        lines.append(
            f"{_number(left - CROP_MARK_GAP)} {y} m {_number(left - CROP_MARK_GAP - CROP_MARK_LENGTH)} {y} l"
        )
        lines.append(
            f"{_number(right + CROP_MARK_GAP)} {y} m {_number(right + CROP_MARK_GAP + CROP_MARK_LENGTH)} {y} l"
        )
    return "q 0.25 w 0 G\n" + "\n".join(lines) + "\nS Q"


class _LabelText:
    """The words every label of a batch shares, measured once."""

    def __init__(self, batch, pdfmetrics):
        authorisation = batch.authorisation
        producer = authorisation.producer
        self.product = _fit(pdfmetrics, authorisation.product.name, 9, TEXT_WIDTH)[0]
        self.producer = _fit(pdfmetrics, producer.name, 7, TEXT_WIDTH, lines=2)
        self.credit_code = producer.credit_code
        self.credit_label = _("unified social credit code")
        self.season = _("Season %(season)s") % {"season": batch.season}
        address = f"{settings.PUBLIC_BASE_URL}/verify/"
        self.check = _fit(
            pdfmetrics,
            _("Scan or check at %(address)s") % {"address": address},
            5.5,
            TEXT_WIDTH,
            lines=2,
        )

    def operators(self, x, y):
        """Text operators for one label whose lower-left corner is x, y."""
        lines = []
        top = y + LABEL_HEIGHT - PADDING
        text_x = x + TEXT_X

        def text(font, size, position_y, value, encode=_cjk, position_x=text_x):
            lines.append(
                f"BT /{font} {size} Tf {_number(position_x)} {_number(position_y)} Td "
                f"{encode(value)} Tj ET"
            )

        line_y = top - 9
        text("F1", 9, line_y, self.product)
        for producer_line in self.producer:
            line_y -= 8.5
            text("F1", 7, line_y, producer_line)
        if self.credit_code:
            line_y -= 8
            text("F1", 5.5, line_y, self.credit_label)
            line_y -= 7.5
            text("F2", 7, line_y, self.credit_code, _latin)
        line_y -= 8.5
        text("F1", 7, line_y, self.season)
        for check_line in self.check:
            line_y -= 7
            text("F1", 5.5, line_y, check_line)
        return lines


def _page_content(labels, text):
    """The content stream of one page: crop marks, then each label's QR code and words."""
    parts = [_crop_marks(), "0 g"]
    for index, (_serial, grouped, url) in enumerate(labels):
        row, column = divmod(index, COLUMNS)
        x = MARGIN_X + column * LABEL_WIDTH
        y = PAGE_HEIGHT - MARGIN_Y - (row + 1) * LABEL_HEIGHT
        qr_x = x + PADDING + (QR_BOX - QR_SIDE) / 2
        qr_y = y + LABEL_HEIGHT - PADDING - QR_BOX + (QR_BOX - QR_SIDE) / 2
        parts.append(_qr_path(url, qr_x, qr_y))
        parts.extend(text.operators(x, y))
        # The code, centred along the bottom of the label. Courier is 0.6 em wide.
        size = 10
        code_x = x + (LABEL_WIDTH - 0.6 * size * len(grouped)) / 2
        parts.append(
            f"BT /F2 {size} Tf {_number(code_x)} {_number(y + PADDING + 1)} Td "
            f"{_latin(grouped)} Tj ET"
        )
    return "\n".join(parts).encode("ascii")


class _Writer:
    """Numbers the bytes written, so the cross-reference table can point at each object."""

    def __init__(self):
        self.position = 0
        self.offsets = {}

    def raw(self, data):
        self.position += len(data)
        return data

    def obj(self, number, body):
        self.offsets[number] = self.position
        if isinstance(body, str):
            body = body.encode("latin-1")
        return self.raw(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def stream(self, number, data):
        compressed = zlib.compress(data, 6)
        head = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed)
        return self.obj(number, head + compressed + b"\nendstream")


def pdf_filename(batch, start, count):
    last = start + count - 1
    return f"labels-batch-{batch.pk}-{start}-{last}.pdf"


def iter_label_pdf(batch, start=0, count=None, language=None):
    """Yield the PDF of the batch's labels start … start+count−1 (widened to whole pages).

    Reads the batch's authorisation, product and producer once (select_related them);
    then no query at all, whatever the number of labels.
    """
    pdfmetrics = _register_cjk_font()
    start, count = page_range(batch.quantity, start, count)
    with translation.override(language or settings.LANGUAGE_CODE):
        text = _LabelText(batch, pdfmetrics)
        title = _("Labels of batch %(id)s, serials %(first)s–%(last)s") % {
            "id": batch.pk,
            "first": start,
            "last": start + count - 1,
        }
    writer = _Writer()
    yield writer.raw(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    yield writer.obj(CATALOG, f"<< /Type /Catalog /Pages {PAGES} 0 R >>")
    yield writer.obj(CJK, _cjk_font_objects())
    yield writer.obj(
        CODE, f"<< /Type /Font /Subtype /Type1 /BaseFont /{CODE_FONT} /Encoding /WinAnsiEncoding >>"
    )
    now = datetime.datetime.now(datetime.UTC).strftime("D:%Y%m%d%H%M%SZ")
    yield writer.obj(
        INFO,
        f"<< /Title {_info_text(title)} /Producer {_info_text(str(settings.SITE_NAME))} "
        f"/CreationDate ({now}) >>",
    )
    yield writer.obj(
        RESOURCES, f"<< /Font << /F1 {CJK} 0 R /F2 {CODE} 0 R >> /ProcSet [ /PDF /Text ] >>"
    )
    kids = []
    number = FIRST_PAGE_OBJECT
    rows = codes.iter_label_rows(batch, start, count)
    while True:
        labels = [row for _i, row in zip(range(LABELS_PER_PAGE), rows, strict=False)]
        if not labels:
            break
        yield writer.stream(number, _page_content(labels, text))
        yield writer.obj(
            number + 1,
            f"<< /Type /Page /Parent {PAGES} 0 R /MediaBox [ 0 0 {_number(PAGE_WIDTH)} "
            f"{_number(PAGE_HEIGHT)} ] /Resources {RESOURCES} 0 R /Contents {number} 0 R >>",
        )
        kids.append(number + 1)
        number += 2
    yield writer.obj(
        PAGES,
        f"<< /Type /Pages /Count {len(kids)} /Kids [ "
        + " ".join(f"{kid} 0 R" for kid in kids)
        + " ] >>",
    )
    xref_at = writer.position
    size = number
    table = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for object_number in range(1, size):
        table.append(b"%010d 00000 n \n" % writer.offsets[object_number])
    yield writer.raw(b"".join(table))
    yield writer.raw(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (size, CATALOG, INFO, xref_at)
    )
