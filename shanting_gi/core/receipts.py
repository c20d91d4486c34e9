"""Tracking numbers and secrets for the public's receipts (complaints, consultations).

A receipt is a tracking number, which opens nothing on its own, plus a secret that is shown
once and stored only as a hash. Both are read aloud over the phone, copied from a screen
or typed on a phone keyboard, so they use an alphabet without look-alikes (no 0/O, 1/I/L)
and the secret is printed in groups of four: 7KQM-3WXH-P9TA-CR4E.

Secrets issued before this scheme (Python's token_urlsafe: mixed case, "-" and "_") stay
valid: they were hashed exactly as issued, so a given secret is compared both as typed
and in the normalised form new secrets are hashed in.
"""

import hashlib
import hmac
import secrets
import unicodedata

from django.utils import timezone

# 31 symbols: digits and capitals without 0, 1, I, L, O — nothing that reads as another.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SECRET_LENGTH = 16  # 16 × log2(31) ≈ 79 random bits
GROUP = 4
SEPARATORS = str.maketrans("", "", " -_\u00a0\u3000")


def _hash(text):
    return hashlib.sha256(text.encode()).hexdigest()


def new_secret():
    """(secret as shown, its hash): the secret grouped for reading, e.g. 7KQM-3WXH-P9TA-CR4E."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))
    return group(raw), _hash(raw)


def group(text, size=GROUP):
    return "-".join(text[i : i + size] for i in range(0, len(text), size))


def normalise(text):
    """What a person typed, as new secrets are hashed: full-width characters from a Chinese
    input method made ASCII, capitals, spaces and dashes dropped."""
    return unicodedata.normalize("NFKC", text or "").upper().translate(SEPARATORS)


def secret_matches(secret_hash, given):
    """True when given is the secret behind secret_hash, in the new form or as an old
    token_urlsafe secret was issued. Both comparisons always run, in constant time."""
    given = (given or "").strip()
    new_form = hmac.compare_digest(secret_hash, _hash(normalise(given)))
    old_form = hmac.compare_digest(secret_hash, _hash(given))
    return new_form or old_form


NO_SUCH_RECEIPT = _hash("no such receipt")  # compared against when the number is unknown


def new_tracking_number(prefix, length=6):
    """PREFIX + yymmdd + random symbols, e.g. TS250520K7M2QX."""
    suffix = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return f"{prefix}{timezone.localdate():%y%m%d}{suffix}"


def normalise_tracking_number(text):
    return normalise(text)
