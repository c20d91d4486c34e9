"""Verification of a label code or a 统一社会信用代码: the one implementation behind the
/verify/ page, the /v/<code> short URL and the API.

verify(text, client_ip=…) returns a Result that says what was checked (kind), what came out
(outcome), a heading and a plain-words explanation in the active language, and the facts
behind them. A malformed, mistyped or forged label code is answered without a single database
query (codes.decode needs none, the rate limit lives in the cache); a genuine one reads its
batch and records the scan.
"""

import logging
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.register.models import Authorisation, AuthorisationStatus, Producer
from producers.register.validators import CREDIT_CODE_LENGTH, credit_code_problem
from shanting_gi.core import ratelimit

from . import codes
from .models import LabelBatch, LabelScan

logger = logging.getLogger(__name__)

MAX_INPUT_LENGTH = 200  # anything longer is not a code; do not spend time normalising it


class Kind(StrEnum):
    LABEL = "label"
    CREDIT_CODE = "credit_code"


class Outcome(StrEnum):
    GENUINE = "genuine"  # a label the bureau issued (possibly with warnings)
    MISTYPED = "mistyped"  # the check character does not match: a typing error
    FORGED = "forged"  # not a label the bureau issued
    MALFORMED = "malformed"  # neither a label code nor a credit code
    AUTHORISED = "authorised"  # credit code of a firm with a live authorisation
    NOT_AUTHORISED = "not_authorised"  # credit code of no authorised (public) firm


@dataclass(frozen=True)
class LabelWarning:
    """Something a buyer should know about a genuine code."""

    code: str  # copied | void | old_season | suspended | revoked | expired | not_live
    title: str
    text: str


@dataclass
class Result:
    kind: Kind
    outcome: Outcome
    code: str = ""  # normalised, grouped for reading; "" when nothing usable was typed
    title: str = ""
    message: str = ""
    # A genuine label
    batch: LabelBatch | None = None
    product: object = None
    producer: Producer | None = None
    producer_name: str = ""  # public name, or a neutral description
    town: object = None
    season: int | None = None
    first_checked_at: object = None
    times_checked: int | None = None
    warnings: list = field(default_factory=list)
    # A credit code
    authorisations: list = field(default_factory=list)
    reminder: str = ""  # credit codes: a valid one proves nothing about the product
    report_url: str = ""

    @property
    def level(self):
        """ok / warn / bad / info — the callout style; the heading says the same in words."""
        if self.outcome in (Outcome.GENUINE, Outcome.AUTHORISED):
            return "warn" if self.warnings else "ok"
        if self.outcome == Outcome.FORGED:
            return "bad"
        if self.outcome == Outcome.NOT_AUTHORISED:
            return "warn"
        return "info"

    @property
    def is_genuine(self):
        return self.outcome == Outcome.GENUINE


def complaint_url(code):
    """The complaint form (of the inspections app, above this one: reversed by name), with
    the code filled in."""
    return f"{reverse('complaints:new')}?{urlencode({'code': code})}"


def _plain(text):
    """NFKC (full-width → ASCII), upper-case, without spaces and dashes — no alias mapping,
    since L is a letter of credit codes while in label codes it stands for 1."""
    text = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u2010\u2011\u2013\u2014")


def _strip_short_url(text):
    """Accept a whole short URL pasted into the box: keep what follows /v/."""
    if "/v/" in text.lower():
        text = text[text.lower().rindex("/v/") + 3 :]
        text = text.split("?", 1)[0].split("#", 1)[0]
    return text


def verify(text, *, client_ip):
    """Check a label code or a credit code. client_ip counts against the rate limit (raises
    ratelimit.RateLimited); None skips the limit, for trusted internal callers."""
    if client_ip is not None:
        ratelimit.check(client_ip)
    text = str(text or "").strip()
    if len(text) > MAX_INPUT_LENGTH:
        return _malformed("")
    text = _strip_short_url(text)
    plain = _plain(text)
    if len(plain) == CREDIT_CODE_LENGTH:
        return _verify_credit_code(plain)
    return _verify_label(text, client_ip)


# --- Label codes ----------------------------------------------------------------------------


def _malformed(code):
    return Result(
        kind=Kind.LABEL,
        outcome=Outcome.MALFORMED,
        code=code,
        title=_("This is not a label code"),
        message=_(
            "A label code has 16 characters, letters and digits, printed in four groups "
            "(XXXX-XXXX-XXXX-XXXX) under the QR code; a unified social credit code has 18. "
            "Spaces, dashes and small letters do not matter. Please type the code again."
        ),
    )


def _verify_label(text, client_ip):
    decoded = codes.decode(text)
    if decoded.outcome == codes.Outcome.MALFORMED:
        return _malformed("")
    if decoded.outcome == codes.Outcome.MISTYPED:
        return Result(
            kind=Kind.LABEL,
            outcome=Outcome.MISTYPED,
            code=decoded.grouped,
            title=_("Please check the code"),
            message=_(
                "The code does not add up, which almost always means a character was typed "
                "wrongly or two were swapped. Compare it with the label character by character "
                "and try again, or scan the QR code instead."
            ),
        )
    if decoded.outcome == codes.Outcome.FORGED:
        logger.info("Forged label code %s from %s", decoded.code, client_ip)
        return _forged(decoded.grouped)
    return _genuine(decoded, client_ip)


def _forged(code):
    return Result(
        kind=Kind.LABEL,
        outcome=Outcome.FORGED,
        code=code,
        title=_("Not a label issued by the bureau"),
        message=_(
            "This code is correctly formed but was not issued by the Shanting District "
            "Administration for Market Regulation. The label is very likely counterfeit, and "
            "the product may not be a genuine geographical-indication product."
        ),
        report_url=complaint_url(code),
    )


def _genuine(decoded, client_ip):
    batch = (
        LabelBatch.objects.with_public_producer()
        .select_related("authorisation__product")
        .filter(pk=decoded.batch_id)
        .first()
    )
    if (
        batch is None
        or decoded.serial >= batch.quantity
        or batch.key_version != decoded.key_version
    ):
        # Correctly signed, yet no such label was issued: someone holds a signing key.
        logger.warning(
            "Signed label code %s matches no issued label (batch %s, serial %s) from %s; "
            "a signing key may have leaked",
            decoded.code,
            decoded.batch_id,
            decoded.serial,
            client_ip,
        )
        return _forged(decoded.grouped)
    scan = record_scan(batch, decoded.serial)
    authorisation = batch.authorisation
    producer = authorisation.producer
    result = Result(
        kind=Kind.LABEL,
        outcome=Outcome.GENUINE,
        code=decoded.grouped,
        batch=batch,
        product=authorisation.product,
        producer=producer if producer.is_public else None,
        producer_name=producer.display_name
        if producer.is_public
        else _("a registered producer that is not listed publicly"),
        town=producer.town,
        season=batch.season,
        first_checked_at=scan.first_scanned_at,
        times_checked=scan.count,
        warnings=label_warnings(batch, scan),
    )
    if result.warnings:
        result.title = _("Genuine label code — with warnings")
        result.message = _(
            "The bureau issued this code, but read the warnings below before you buy or eat "
            "the product."
        )
        result.report_url = complaint_url(result.code)
    else:
        result.title = _("Genuine label code")
        result.message = _(
            "The bureau issued this code to the producer below for this product. Check that "
            "the product and producer match what is printed on the package."
        )
    return result


def record_scan(batch, serial):
    """Count one check of a genuine code; returns its LabelScan row as stored afterwards.

    The increment is one UPDATE … SET count = count + 1, so concurrent checks never lose a
    count; the row is created on the first check, and when two first checks race, the loser's
    INSERT fails on the unique constraint (inside a savepoint) and it updates instead.
    """
    now = timezone.now()
    rows = LabelScan.objects.filter(batch=batch, serial=serial)
    if not rows.update(count=F("count") + 1, last_scanned_at=now):
        try:
            with transaction.atomic():
                LabelScan.objects.create(
                    batch=batch, serial=serial, first_scanned_at=now, last_scanned_at=now, count=1
                )
        except IntegrityError:
            rows.update(count=F("count") + 1, last_scanned_at=now)
    return rows.get()


def label_warnings(batch, scan, today=None):
    """What a buyer should know about a genuine code, most serious first."""
    today = today or timezone.localdate()
    warnings = []
    authorisation = batch.authorisation
    status = authorisation.status
    if status == AuthorisationStatus.REVOKED:
        warnings.append(
            LabelWarning(
                "revoked",
                _("The producer's authorisation has been revoked"),
                _(
                    "Since %(date)s this producer may no longer use the special mark on this "
                    "product. A product sold with this label now is not a recognised "
                    "geographical-indication product."
                )
                % {"date": authorisation.status_changed_on},
            )
        )
    elif status == AuthorisationStatus.SUSPENDED:
        warnings.append(
            LabelWarning(
                "suspended",
                _("The producer's authorisation is suspended"),
                _(
                    "Since %(date)s this producer may not use the special mark on this product "
                    "until the bureau reinstates it, usually after a failed spot-check. Labels "
                    "already on sale may be old stock; ask the seller, and see the producer's "
                    "page for the reason."
                )
                % {"date": authorisation.status_changed_on},
            )
        )
    elif status == AuthorisationStatus.EXPIRED or (
        status == AuthorisationStatus.APPROVED and not authorisation.is_live(on=today)
    ):
        warnings.append(
            LabelWarning(
                "expired",
                _("The producer's authorisation has expired"),
                _(
                    "The producer's authorisation ended on %(date)s and has not been renewed. "
                    "Labels printed before then may still be on sale, but new products must "
                    "not carry the mark."
                )
                % {"date": authorisation.valid_until or authorisation.status_changed_on},
            )
        )
    elif not authorisation.is_live(on=today):
        warnings.append(
            LabelWarning(
                "not_live",
                _("The producer is no longer authorised"),
                _(
                    "The authorisation this label was issued under is no longer in force. Ask "
                    "the seller, and check the producer register."
                ),
            )
        )
    if batch.voided_at is not None:
        warnings.append(
            LabelWarning(
                "void",
                _("This label batch has been withdrawn"),
                _(
                    "The bureau withdrew the batch this label belongs to on %(date)s, for "
                    "example because the labels were lost or stolen. A product carrying it may "
                    "not come from the producer. Please report where you bought it."
                )
                % {"date": timezone.localdate(batch.voided_at)},
            )
        )
    if scan.count > settings.LABEL_SCAN_WARNING_THRESHOLD:
        warnings.append(
            LabelWarning(
                "copied",
                _("This code has been checked unusually often"),
                _(
                    "It has been checked %(count)s times. A label is normally checked only a "
                    "few times, so its code may have been copied onto fake packaging. If you "
                    "did not check it yourself several times, be careful and report where you "
                    "bought it."
                )
                % {"count": scan.count},
            )
        )
    if batch.season < today.year:
        warnings.append(
            LabelWarning(
                "old_season",
                _("A label from an earlier season"),
                _(
                    "This label was issued for the %(season)s season. Fresh fruit sold now "
                    "should carry a label of this year's season; for dried products an older "
                    "season can be normal."
                )
                % {"season": batch.season},
            )
        )
    return warnings


# --- Credit codes -----------------------------------------------------------------------------


def credit_code_reminder():
    return _(
        "A valid credit code alone proves nothing about the product: anyone can copy a "
        "firm's code onto a package. Check the label code too, and buy from the outlets listed "
        "on this platform."
    )


def _verify_credit_code(code):
    problem = credit_code_problem(code)
    if problem and problem[0] == "check":
        return Result(
            kind=Kind.CREDIT_CODE,
            outcome=Outcome.MISTYPED,
            code=code,
            title=_("Please check the credit code"),
            message=str(problem[1]),
            reminder=credit_code_reminder(),
        )
    if problem:
        return Result(
            kind=Kind.CREDIT_CODE,
            outcome=Outcome.MALFORMED,
            code="",
            title=_("This is not a valid credit code"),
            message=str(problem[1]),
        )
    # Queries: the public producer with this code, then its live authorisations (2).
    producer = (
        Producer.objects.public()
        .without_private_fields()
        .select_related("town")
        .filter(credit_code=code)
        .first()
    )
    authorisations = []
    if producer is not None:
        authorisations = list(
            Authorisation.objects.live()
            .filter(producer=producer)
            .select_related("product")
            .order_by("product__order", "product__name")
        )
    if authorisations:
        return Result(
            kind=Kind.CREDIT_CODE,
            outcome=Outcome.AUTHORISED,
            code=code,
            title=_("Authorised to use the special mark"),
            message=_("%(name)s is authorised to use the geographical-indication special mark on:")
            % {"name": producer.display_name},
            producer=producer,
            producer_name=producer.display_name,
            town=producer.town,
            authorisations=authorisations,
            reminder=credit_code_reminder(),
        )
    if producer is not None:
        message = _(
            "%(name)s is in the register but holds no authorisation in force: it may not use "
            "the special mark. Its page shows the history."
        ) % {"name": producer.display_name}
    else:
        message = _(
            "No producer with this credit code is authorised to use the special mark of "
            "Shanting's geographical-indication products. A product that names this firm and "
            "carries the mark is suspect."
        )
    return Result(
        kind=Kind.CREDIT_CODE,
        outcome=Outcome.NOT_AUTHORISED,
        code=code,
        title=_("Not authorised to use the special mark"),
        message=message,
        producer=producer,
        producer_name=producer.display_name if producer else "",
        reminder=credit_code_reminder(),
        report_url=complaint_url(code),
    )
