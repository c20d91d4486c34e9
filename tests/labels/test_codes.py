"""Label codes on their own: pure functions, no database."""

import itertools
import random

import pytest
from django.test import override_settings

from producers.labels import codes
from producers.labels.codes import ALPHABET, Outcome, decode, encode, group

SAMPLES = [(1, 1, 0), (1, 2, 1), (1, 4711, 123_456), (1, codes.MAX_BATCH_ID, 1_048_575)]


@pytest.mark.parametrize(("version", "batch_id", "serial"), SAMPLES)
def test_round_trip(version, batch_id, serial):
    code = encode(version, batch_id, serial)
    assert len(code) == 16
    assert set(code) <= set(ALPHABET)
    decoded = decode(code)
    assert decoded.outcome == Outcome.GENUINE
    assert (decoded.key_version, decoded.batch_id, decoded.serial) == (version, batch_id, serial)
    assert decoded.grouped == group(code)


def test_grouped_for_reading():
    code = encode(1, 7, 42)
    grouped = group(code)
    assert len(grouped) == 19
    assert grouped.split("-") == [code[0:4], code[4:8], code[8:12], code[12:16]]


def test_decoding_tolerates_how_people_type():
    code = encode(1, 7, 42)
    grouped = group(code)
    for typed in (
        grouped,
        grouped.lower(),
        f"  {code[:4]} {code[4:8]}  {code[8:12]}-{code[12:]} ",
        code.replace("0", "O").replace("1", "l"),
        code.replace("1", "I").lower(),
        "".join(chr(ord(ch) + 0xFEE0) for ch in code),  # full-width, as a Chinese IME types
    ):
        decoded = decode(typed)
        assert decoded.outcome == Outcome.GENUINE, typed
        assert decoded.code == code


@pytest.mark.parametrize(
    "typed",
    ["", "ABC", "0" * 15, "0" * 17, "U" * 16, "ABCD-EFGH-JKMN-PQR*", "火樱桃" * 6],
)
def test_malformed(typed):
    assert decode(typed).outcome == Outcome.MALFORMED


def test_u_is_not_in_the_alphabet():
    code = encode(1, 7, 42)
    assert decode("U" + code[1:]).outcome == Outcome.MALFORMED


def _single_changes(code):
    for position in range(len(code)):
        for replacement in ALPHABET:
            if replacement != code[position]:
                yield code[:position] + replacement + code[position + 1 :]


def _adjacent_swaps(code):
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            yield code[:i] + code[i + 1] + code[i] + code[i + 2 :]


CODES = [encode(1, b, s) for b, s in [(1, 0), (2, 1), (99, 5000), (131_071, 1_048_575)]]


@pytest.mark.parametrize("code", CODES)
def test_check_character_catches_every_single_substitution(code):
    # 16 positions × 31 replacements, the check character's own position included.
    changed = list(_single_changes(code))
    assert len(changed) == 16 * 31
    outcomes = {decode(typo).outcome for typo in changed}
    assert outcomes == {Outcome.MISTYPED}


@pytest.mark.parametrize("code", CODES)
def test_check_character_catches_every_adjacent_swap(code):
    swapped = list(_adjacent_swaps(code))
    assert swapped  # these codes have neighbours that differ
    assert {decode(typo).outcome for typo in swapped} == {Outcome.MISTYPED}


def test_check_is_exhaustive_over_symbol_pairs():
    """Beyond sample codes: for every position and every pair of symbols a substitution
    changes the check sum, and so does every swap of two different neighbours."""
    base = [0] * 15
    for position in range(15):
        for a, b in itertools.permutations(range(32), 2):
            one, other = list(base), list(base)
            one[position], other[position] = a, b
            assert codes.check_value(one) != codes.check_value(other)
        if position < 14:
            for a, b in itertools.permutations(range(32), 2):
                first, swapped = list(base), list(base)
                first[position], first[position + 1] = a, b
                swapped[position], swapped[position + 1] = b, a
                assert codes.check_value(first) != codes.check_value(swapped)


def test_every_single_change_is_never_genuine():
    rng = random.Random(20250501)
    for _ in range(50):
        code = encode(1, rng.randrange(1, codes.MAX_BATCH_ID), rng.randrange(0, 1 << 20))
        for typo in _single_changes(code):
            assert decode(typo).outcome in (Outcome.MISTYPED, Outcome.FORGED)


def _with_valid_check(payload):
    return payload + codes.check_character(payload)


def test_made_up_code_with_a_valid_check_character_is_forged():
    code = encode(1, 7, 42)
    # Change the MAC part, then recompute the check character as a careful forger would.
    tampered = code[:14] + ("0" if code[14] != "0" else "1")
    assert decode(_with_valid_check(tampered)).outcome == Outcome.FORGED
    # Change the serial and keep the old MAC: also forged.
    serial_changed = code[:6] + ("0" if code[6] != "0" else "1") + code[7:15]
    assert decode(_with_valid_check(serial_changed)).outcome == Outcome.FORGED


def test_random_well_formed_codes_are_forged():
    rng = random.Random(7)
    for _ in range(2000):
        payload = "".join(rng.choice(ALPHABET) for _ in range(15))
        assert decode(_with_valid_check(payload)).outcome == Outcome.FORGED


def test_key_rotation():
    old = encode(1, 7, 42)
    with override_settings(LABEL_SIGNING_KEYS={1: b"test-label-key-one", 2: b"second key"}):
        assert codes.current_key_version() == 2
        new = encode(2, 7, 42)
        assert decode(old).outcome == Outcome.GENUINE  # printed labels keep verifying
        assert decode(old).key_version == 1
        assert decode(new).outcome == Outcome.GENUINE
        assert decode(new).key_version == 2
    # A version the server does not know (the key was retired, or never existed): forged.
    assert decode(new).outcome == Outcome.FORGED
    with override_settings(LABEL_SIGNING_KEYS={2: b"second key"}):
        assert decode(old).outcome == Outcome.FORGED


def test_same_numbers_under_another_key_are_forged():
    code = encode(1, 7, 42)
    with override_settings(LABEL_SIGNING_KEYS={1: b"a different secret"}):
        assert decode(code).outcome == Outcome.FORGED


def test_encode_refuses_numbers_outside_the_fields():
    with pytest.raises(ValueError):
        encode(8, 1, 0)
    with pytest.raises(ValueError):
        encode(1, codes.MAX_BATCH_ID + 1, 0)
    with pytest.raises(ValueError):
        encode(1, 1, codes.MAX_BATCH_QUANTITY)


def test_short_url(settings):
    code = encode(1, 7, 42)
    assert codes.short_url(code) == f"https://gi.example.cn/v/{code}"


def test_batch_encoder_agrees_with_encode():
    rng = random.Random(3)
    for batch_id in (1, 2, 1000, codes.MAX_BATCH_ID):
        encode_serial = codes.batch_encoder(1, batch_id)
        serials = [0, 1, 1023, 1024, codes.MAX_BATCH_QUANTITY - 1]
        serials += [rng.randrange(codes.MAX_BATCH_QUANTITY) for _ in range(300)]
        for serial in serials:
            assert encode_serial(serial) == encode(1, batch_id, serial)
