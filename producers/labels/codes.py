"""Label codes: signed, not stored.

A label code is 16 Crockford base32 characters, shown as XXXX-XXXX-XXXX-XXXX::

    15 payload characters = 75 bits, most significant first
        key version   3 bits   which LABEL_SIGNING_KEYS entry signed it (0–7)
        batch id     17 bits   LabelBatch primary key (1–131,071)
        serial       20 bits   0-based number of the label in its batch (0–1,048,575)
        MAC          35 bits   HMAC-SHA256(key, tag ‖ version ‖ batch ‖ serial), first 35 bits
    1 check character          linear check over GF(32), for typing errors

The check character c makes Σ α^(i+1)·d_i (i = 0…14) + c = 0 in GF(2^5) with the primitive
polynomial x^5 + x^2 + 1. Every one of the 16 positions has a distinct non-zero weight
(α^0 for the check character, α^1…α^15 for the payload; α has order 31), so a single
substitution anywhere changes the sum by w·(d − d') ≠ 0, and swapping two different
neighbours changes it by (w_i + w_j)·(d_i + d_j) ≠ 0. Both are always caught — proven by brute
force in tests/labels/test_codes.py.

Decoding needs no database: a typo fails the check character, a made-up code fails the MAC,
so only a genuine code ever costs a query. Everything in the first part of this module is a
pure function of its arguments and settings.LABEL_SIGNING_KEYS.

The second part turns a batch into rows and printable sheets for the export command and the
admin downloads:

- iter_label_rows(batch, start=0, count=None) → (serial, grouped code, short URL) tuples,
- iter_label_csv(batch, start=0, count=None) → CSV text line by line, header first
  (hand it to StreamingHttpResponse or write it to a file),
- render_label_sheet(batch, start=0, count=100) → one printable A4 HTML page set with an
  inline SVG QR code per label.

All three are generators or bounded, so a batch of a million labels streams in flat memory.
"""

import hmac
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings

from shanting_gi.core.streaming import csv_line_writer

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# What people type for the characters Crockford leaves out.
_ALIASES = {"O": "0", "I": "1", "L": "1"}
# Separators people type or paste between groups (after NFKC, which folds full-width forms).
_SEPARATORS = frozenset(" -\t\n\r\u2010\u2011\u2012\u2013\u2014\u2212")

CODE_LENGTH = 16
PAYLOAD_LENGTH = 15
VERSION_BITS, BATCH_BITS, SERIAL_BITS, MAC_BITS = 3, 17, 20, 35
MAX_KEY_VERSION = (1 << VERSION_BITS) - 1  # 7
MAX_BATCH_ID = (1 << BATCH_BITS) - 1  # 131,071
MAX_BATCH_QUANTITY = 1 << SERIAL_BITS  # 1,048,576 serials: 0 … 1,048,575
_MAC_MASK = (1 << MAC_BITS) - 1
_MAC_TAG = b"shanting-gi/label/v1\x00"  # domain separation: these keys sign nothing else

# GF(2^5) with x^5 + x^2 + 1: exponent and log tables, then per-position multiplication rows.
_POLY = 0b100101
_EXP = []
_x = 1
for _ in range(31):
    _EXP.append(_x)
    _x <<= 1
    if _x & 0b100000:
        _x ^= _POLY
assert len(set(_EXP)) == 31, "x^5 + x^2 + 1 must be primitive"
_LOG = {value: power for power, value in enumerate(_EXP)}


def gf_mul(a, b):
    """Product of two elements of GF(32) given as integers 0–31."""
    if a == 0 or b == 0:
        return 0
    return _EXP[(_LOG[a] + _LOG[b]) % 31]


# _WEIGHTED[i][d] = α^(i+1)·d, so the check is 15 table look-ups XORed together.
_WEIGHTED = [[gf_mul(_EXP[(i + 1) % 31], d) for d in range(32)] for i in range(PAYLOAD_LENGTH)]


def check_value(payload_values):
    """Σ α^(i+1)·d_i over the 15 payload symbols (addition in GF(2^5) is XOR)."""
    total = 0
    for row, d in zip(_WEIGHTED, payload_values, strict=True):
        total ^= row[d]
    return total


def check_character(payload):
    return ALPHABET[check_value([_VALUE[ch] for ch in payload])]


class Outcome(StrEnum):
    MALFORMED = "malformed"  # wrong length or a character that cannot be in a code
    MISTYPED = "mistyped"  # the check character does not match: a typing error
    FORGED = "forged"  # well typed but not signed by us (unknown key version or bad MAC)
    GENUINE = "genuine"


@dataclass(frozen=True)
class Decoded:
    outcome: Outcome
    code: str = ""  # the normalised 16 characters, when the length and alphabet were right
    key_version: int | None = None
    batch_id: int | None = None
    serial: int | None = None

    @property
    def is_genuine(self):
        return self.outcome == Outcome.GENUINE

    @property
    def grouped(self):
        return group(self.code) if self.code else ""


def signing_keys():
    return settings.LABEL_SIGNING_KEYS


def current_key_version():
    """The version that signs new batches: the highest one configured."""
    version = max(signing_keys())
    if not 0 <= version <= MAX_KEY_VERSION:
        raise ValueError(
            f"Label key versions must be 0–{MAX_KEY_VERSION}; LABEL_SIGNING_KEYS has {version}."
        )
    return version


def _mac(key, key_version, batch_id, serial):
    message = _MAC_TAG + bytes([key_version]) + batch_id.to_bytes(4, "big")
    message += serial.to_bytes(4, "big")
    digest = hmac.digest(key, message, "sha256")
    return int.from_bytes(digest[:5], "big") >> (40 - MAC_BITS)


def _to_symbols(number, length):
    symbols = [0] * length
    for i in range(length - 1, -1, -1):
        symbols[i] = number & 31
        number >>= 5
    return symbols


def encode(key_version, batch_id, serial):
    """The 16-character code (no dashes) of one label."""
    if not 0 <= key_version <= MAX_KEY_VERSION:
        raise ValueError(f"key version {key_version} outside 0–{MAX_KEY_VERSION}")
    if not 0 <= batch_id <= MAX_BATCH_ID:
        raise ValueError(f"batch id {batch_id} outside 0–{MAX_BATCH_ID}")
    if not 0 <= serial < MAX_BATCH_QUANTITY:
        raise ValueError(f"serial {serial} outside 0–{MAX_BATCH_QUANTITY - 1}")
    key = signing_keys()[key_version]
    mac = _mac(key, key_version, batch_id, serial)
    number = (
        (key_version << (BATCH_BITS + SERIAL_BITS + MAC_BITS))
        | (batch_id << (SERIAL_BITS + MAC_BITS))
        | (serial << MAC_BITS)
        | mac
    )
    symbols = _to_symbols(number, PAYLOAD_LENGTH)
    symbols.append(check_value(symbols))
    return "".join(ALPHABET[s] for s in symbols)


def group(code):
    """XXXX-XXXX-XXXX-XXXX for reading and printing."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def short_url(code):
    """The address inside the QR code: the one official site, the code without dashes."""
    return f"{settings.PUBLIC_BASE_URL}/v/{code}"


def normalise(text):
    """Fold what people type into code characters: full-width forms, case, separators and
    the Crockford aliases O → 0, I/L → 1. Characters that cannot occur are left in place,
    so the caller can tell a wrong character from a wrong length."""
    text = unicodedata.normalize("NFKC", str(text)).upper()
    return "".join(_ALIASES.get(ch, ch) for ch in text if ch not in _SEPARATORS)


def decode(text):
    """Classify a typed or scanned code without touching the database."""
    code = normalise(text)
    if len(code) != CODE_LENGTH or any(ch not in _VALUE for ch in code):
        return Decoded(Outcome.MALFORMED)
    symbols = [_VALUE[ch] for ch in code]
    if check_value(symbols[:PAYLOAD_LENGTH]) != symbols[PAYLOAD_LENGTH]:
        return Decoded(Outcome.MISTYPED, code)
    number = 0
    for s in symbols[:PAYLOAD_LENGTH]:
        number = (number << 5) | s
    mac = number & _MAC_MASK
    serial = (number >> MAC_BITS) & (MAX_BATCH_QUANTITY - 1)
    batch_id = (number >> (SERIAL_BITS + MAC_BITS)) & MAX_BATCH_ID
    key_version = number >> (BATCH_BITS + SERIAL_BITS + MAC_BITS)
    key = signing_keys().get(key_version)
    if key is None:
        return Decoded(Outcome.FORGED, code)
    expected = _mac(key, key_version, batch_id, serial)
    if not hmac.compare_digest(mac.to_bytes(5, "big"), expected.to_bytes(5, "big")):
        return Decoded(Outcome.FORGED, code)
    return Decoded(Outcome.GENUINE, code, key_version, batch_id, serial)


# --- Exports: rows, CSV and printable sheets of one batch --------------------------------


def _serial_range(batch, start, count):
    start = max(0, int(start))
    end = batch.quantity if count is None else min(batch.quantity, start + max(0, int(count)))
    return range(start, max(start, end))


# Each field fills whole characters: version + batch = characters 0–3, serial = 4–7, MAC =
# 8–14. A batch's export therefore fixes the first four characters and their share of the
# check once, and builds the rest from tables of character pairs (10 bits each) — several
# times faster than encode(), which stays the plain reference (the tests compare the two).
_PAIRS = [ALPHABET[i >> 5] + ALPHABET[i & 31] for i in range(1024)]
_PAIR_CHECK = {
    position: [_WEIGHTED[position][i >> 5] ^ _WEIGHTED[position + 1][i & 31] for i in range(1024)]
    for position in (4, 6, 8, 10, 12)
}


def batch_encoder(key_version, batch_id):
    """A function serial → code for one batch, equal to encode(key_version, batch_id, serial)."""
    encode(key_version, batch_id, 0)  # validates the numbers and that the key exists
    key = signing_keys()[key_version]
    prefix = _MAC_TAG + bytes([key_version]) + batch_id.to_bytes(4, "big")
    head_symbols = _to_symbols((key_version << BATCH_BITS) | batch_id, 4)
    head = "".join(ALPHABET[s] for s in head_symbols)
    head_check = 0
    for position, d in enumerate(head_symbols):
        head_check ^= _WEIGHTED[position][d]
    c4, c6, c8, c10, c12 = (_PAIR_CHECK[p] for p in (4, 6, 8, 10, 12))
    c14, pairs, alphabet, digest = _WEIGHTED[14], _PAIRS, ALPHABET, hmac.digest
    shift = 40 - MAC_BITS

    def encode_serial(serial):
        mac = int.from_bytes(digest(key, prefix + serial.to_bytes(4, "big"), "sha256")[:5]) >> shift
        s1, s2 = serial >> 10, serial & 1023
        m1, m2, m3, m4 = mac >> 25, (mac >> 15) & 1023, (mac >> 5) & 1023, mac & 31
        check = head_check ^ c4[s1] ^ c6[s2] ^ c8[m1] ^ c10[m2] ^ c12[m3] ^ c14[m4]
        return (
            head + pairs[s1] + pairs[s2] + pairs[m1] + pairs[m2] + pairs[m3]
            + alphabet[m4] + alphabet[check]
        )  # fmt: skip

    return encode_serial


def iter_label_rows(batch, start=0, count=None):
    """Yield (serial, grouped code, short URL) for the batch's labels, one at a time.

    Reads only batch.pk, batch.key_version and batch.quantity: no query per row.
    """
    encode_serial = batch_encoder(batch.key_version, batch.pk)
    base = f"{settings.PUBLIC_BASE_URL}/v/"
    for serial in _serial_range(batch, start, count):
        code = encode_serial(serial)
        yield serial, f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}", base + code


CSV_HEADER = ("serial", "code", "url")


def iter_label_csv(batch, start=0, count=None):
    """Yield the CSV text line by line (header first), for a file; a response streams it
    through shanting_gi.core.streaming.chunked, in large chunks."""
    writer = csv_line_writer(lineterminator="\n")
    yield writer.writerow(CSV_HEADER)
    for row in iter_label_rows(batch, start, count):
        yield writer.writerow(row)


def write_label_csv(batch, file, start=0, count=None):
    """Write the CSV to an open text file row by row; returns the number of labels."""
    lines = iter_label_csv(batch, start, count)
    file.write(next(lines))
    written = 0
    for line in lines:
        file.write(line)
        written += 1
    return written


SHEET_DEFAULT_COUNT = 100
# Building a QR code takes segno about 20 ms (most of it choosing the best mask, which we keep
# for scanning reliability), so a sheet of 480 labels (20 pages) takes ~10 s. Larger runs go
# range by range, or as CSV to a label printer.
SHEET_MAX_COUNT = 480
LABELS_PER_PAGE = 24  # 3 × 8 on A4


def qr_svg(url, title=""):
    """An inline SVG QR code (error correction M) sized by CSS through its viewBox."""
    import segno

    return segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=2, omitsize=True, title=title or None, svgclass="qr", lineclass="qr-line"
    )


def render_label_sheet(batch, start=0, count=SHEET_DEFAULT_COUNT, language=None):
    """Printable HTML (A4, 3 × 8 labels a page) for serials start … start+count−1.

    Each label shows the product, producer, season, grouped code and a QR code of its short
    URL. count is capped at SHEET_MAX_COUNT: print a large batch as several sheets, or give
    the CSV to a label printer. Reads the batch's authorisation, producer and product (one
    query unless they are already loaded); language defaults to the site's (Chinese).
    """
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.safestring import mark_safe

    count = min(int(count), SHEET_MAX_COUNT)
    authorisation = batch.authorisation
    with translation.override(language or settings.LANGUAGE_CODE):
        labels = [
            {"serial": serial, "code": code, "url": url, "qr": mark_safe(qr_svg(url))}
            for serial, code, url in iter_label_rows(batch, start, count)
        ]
        pages = [labels[i : i + LABELS_PER_PAGE] for i in range(0, len(labels), LABELS_PER_PAGE)]
        return render_to_string(
            "producers/label_sheet.html",
            {
                "batch": batch,
                "product": authorisation.product,
                "producer": authorisation.producer,
                "pages": pages,
                "first": labels[0]["serial"] if labels else None,
                "last": labels[-1]["serial"] if labels else None,
                "verify_address": f"{settings.PUBLIC_BASE_URL}/verify/",
            },
        )
