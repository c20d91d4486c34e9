"""统一社会信用代码 (GB 32100-2015): the check character, the alphabet, normalisation."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from producers.register.models import Producer, ProducerKind
from producers.register.services import producer_save
from producers.register.validators import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_character,
    credit_code_problem,
    normalise_credit_code,
    validate_credit_code,
)
from tests.factories import credit_code, make_town

VALID = ["91310110666007217T", "91310115591693856A"]
# A real early code that fails the check (FACTS.md): importers warn, new entries refuse.
HISTORICAL_BAD_CHECK = "91350100M0001TGQXM"


def problem_code(value):
    problem = credit_code_problem(value)
    return problem[0] if problem else None


@pytest.mark.parametrize("code", VALID)
def test_valid_examples_pass(code):
    assert credit_code_problem(code) is None
    validate_credit_code(code)  # does not raise
    assert credit_code_check_character(code[:17]) == code[17]


def test_generated_codes_pass():
    for n in (0, 1, 370406, 999_999_999):
        assert credit_code_problem(credit_code(n)) is None


def test_wrong_check_character_is_a_check_problem():
    assert problem_code(HISTORICAL_BAD_CHECK) == "check"
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(HISTORICAL_BAD_CHECK)

    assert excinfo.value.code == "credit_code_check"


def test_check_character_zero_when_the_sum_is_a_multiple_of_31():
    # 31 - 0 is 31, which wraps to 0: the first 17 characters all zero give check "0".
    assert credit_code_check_character("0" * 17) == "0"
    assert credit_code_problem("0" * 18) is None


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_forbidden_letters_are_refused_with_the_alphabet_message(letter):
    code = VALID[0][:10] + letter + VALID[0][11:]

    with translation.override("en"):
        problem = credit_code_problem(code)
        with pytest.raises(ValidationError) as excinfo:
            validate_credit_code(code)

    assert problem[0] == "alphabet"
    assert excinfo.value.code == "credit_code_alphabet"
    message = excinfo.value.messages[0]
    assert message.startswith(f"A unified social credit code never contains {letter} ")
    assert "I, O, S, V and Z are not used" in message


def test_every_forbidden_letter_is_named_once():
    with translation.override("en"):
        _, message = credit_code_problem("9131011066600ZZI1T")

    assert "never contains I、Z " in message


@pytest.mark.parametrize("length", [0, 17, 19])
def test_wrong_length_is_refused(length):
    code = (VALID[0] * 2)[:length]

    with translation.override("en"):
        problem = credit_code_problem(code)
        with pytest.raises(ValidationError) as excinfo:
            validate_credit_code(code)

    assert problem[0] == "length"
    assert excinfo.value.code == "credit_code_length"
    assert f"this one has {length}." in excinfo.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("91310110666007217t", "91310110666007217T"),
        (" 9131 0110 6660 0721 7T ", "91310110666007217T"),
        ("9131-0110-6660-0721-7t", "91310110666007217T"),
        ("91310110\u3000666007217T", "91310110666007217T"),  # ideographic space
    ],
)
def test_lowercase_spaces_and_dashes_are_normalised(typed, normalised):
    assert normalise_credit_code(typed) == normalised
    assert credit_code_problem(typed) is None
    validate_credit_code(typed)  # does not raise


def test_lowercase_forbidden_letter_is_still_forbidden():
    assert problem_code("9131011066600o217T") == "alphabet"


@pytest.mark.parametrize("code", VALID)
def test_every_single_character_substitution_is_detected(code):
    """31 is prime and no weight is a multiple of it, so one wrong character always shows."""
    checked = 0
    for position in range(17):
        for replacement in CREDIT_CODE_ALPHABET:
            if replacement == code[position]:
                continue
            typo = code[:position] + replacement + code[position + 1 :]
            assert problem_code(typo) == "check", f"{typo} (position {position}) not detected"
            checked += 1
    assert checked == 17 * 30


@pytest.mark.parametrize("code", VALID)
def test_a_wrong_check_character_itself_is_detected(code):
    for replacement in CREDIT_CODE_ALPHABET.replace(code[17], ""):
        assert problem_code(code[:17] + replacement) == "check"


@pytest.mark.django_db
def test_producer_full_clean_stores_the_code_in_upper_case():
    producer = Producer(
        kind=ProducerKind.ENTERPRISE,
        name="山亭果品有限公司",
        credit_code="91310110666007217t",
        town=make_town(),
    )

    producer_save(producer=producer)

    assert Producer.objects.get(pk=producer.pk).credit_code == "91310110666007217T"


@pytest.mark.django_db
def test_producer_full_clean_accepts_a_code_typed_with_spaces_and_dashes():
    producer = Producer(
        kind=ProducerKind.ENTERPRISE,
        name="山亭果品有限公司",
        credit_code="9131-0110 6660-0721 7t",
        town=make_town(),
    )

    producer_save(producer=producer)

    assert Producer.objects.get(pk=producer.pk).credit_code == "91310110666007217T"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "fragment"),
    [(HISTORICAL_BAD_CHECK, "check character"), ("91310110666007217", "18 characters")],
)
def test_producer_full_clean_refuses_a_bad_code(code, fragment):
    producer = Producer(
        kind=ProducerKind.ENTERPRISE, name="某公司", credit_code=code, town=make_town()
    )

    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            producer.full_clean()
        # Messages are lazy: read them while English is still active.
        assert fragment in " ".join(excinfo.value.message_dict["credit_code"])
