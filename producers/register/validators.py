"""统一社会信用代码 (unified social credit code), GB 32100-2015."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols: no I, O, S, V, Z
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_LENGTH = 18


def normalise_credit_code(value):
    """Upper-case and drop spaces and dashes, as people type them."""
    return "".join(ch for ch in str(value) if ch not in " -\u3000").upper()


def credit_code_check_character(first17):
    total = sum(
        CREDIT_CODE_ALPHABET.index(ch) * weight
        for ch, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(value):
    """None when the code is well formed with a correct check character, else a message.

    Returns the kind of problem as (code, message) so that an importer can treat a bad
    check character on historical data as a warning and everything else as an error.
    """
    code = normalise_credit_code(value)
    if len(code) != CREDIT_CODE_LENGTH:
        return "length", _(
            "A unified social credit code has 18 characters; this one has %(n)d."
        ) % {"n": len(code)}
    bad = sorted({ch for ch in code if ch not in CREDIT_CODE_ALPHABET})
    if bad:
        return "alphabet", _(
            "A unified social credit code never contains %(chars)s (the letters I, O, S, V and Z "
            "are not used)."
        ) % {"chars": "、".join(bad)}
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        return "check", _(
            "The last character (check character) does not match the first 17; please check the "
            "code for a typing error."
        )
    return None


def validate_credit_code(value):
    problem = credit_code_problem(value)
    if problem:
        raise ValidationError(problem[1], code=f"credit_code_{problem[0]}")
