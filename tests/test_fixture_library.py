"""The tests build their objects with tests/factories.py, and this test keeps it so.

No test or conftest may write its own credit-code helper, build a product, town or producer
with `.objects.create`, or rebuild one of the real products by hand: a second copy of a
fixture drifts from the first (the cherry product was once built in fourteen files).
"""

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
LIBRARY = TESTS / "factories.py"

RULES = {
    "a credit-code helper of its own (use factories.credit_code)": re.compile(
        r"\bcredit_code_check_character\(|\bdef (?!test_)\w*credit_code\w*\("
    ),
    "a product, town or producer made by hand (use the factories)": re.compile(
        r"\b(?:Product|Town|Producer)\.objects\.(?:create|get_or_create|bulk_create)\("
        r"|get_model\(\s*\"(?:products|producers)\",\s*\"(?:Product|Town|Producer)\"\s*\)"
        r"\.objects\.create\("
    ),
    "a real product rebuilt by hand (use factories.cherry / factories.jujube)": re.compile(
        r"make_product\([^)]*\b(?:name|slug)=\"(?:山亭火樱桃|店子长红枣|shanting-fire-cherry"
        r"|dianzi-long-red-jujube)\""
    ),
}

# Files that may break a rule, and why. Each entry must still need its exemption.
ALLOWED = {
    "producers/test_validators.py": {
        # The validator's own tests compute check characters to test the algorithm.
        "a credit-code helper of its own (use factories.credit_code)",
    },
    "accounts/test_repair_migration.py": {
        # A migration test: rows are written through the historical models of the state
        # before the migration, which the factories (current models) cannot build.
        "a product, town or producer made by hand (use the factories)",
    },
}


def violations(text):
    """The rules this source text breaks."""
    return {rule for rule, pattern in RULES.items() if pattern.search(text)}


def tree_files():
    return [
        path
        for path in sorted(TESTS.rglob("*.py"))
        if path not in (LIBRARY, Path(__file__).resolve())
    ]


def test_every_test_uses_the_fixture_library():
    files = tree_files()
    assert len(files) > 60  # the whole tests tree, not an empty glob
    broken = {}
    for path in files:
        name = path.relative_to(TESTS).as_posix()
        found = violations(path.read_text(encoding="utf-8")) - ALLOWED.get(name, set())
        if found:
            broken[name] = sorted(found)
    assert broken == {}


@pytest.mark.parametrize(("name", "rules"), sorted(ALLOWED.items()))
def test_each_exemption_is_still_needed(name, rules):
    assert violations((TESTS / name).read_text(encoding="utf-8")) == rules


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("def credit_code(n):\n    ...", 0),
        ("def bad_credit_code(n):\n    ...", 0),
        ("code = body + credit_code_check_character(body)", 0),
        ('cherry = Product.objects.create(name="山亭火樱桃")', 1),
        ('Town.objects.get_or_create(code="370406107")', 1),
        ("producer = Producer.objects.create(**values)", 1),
        ('apps.get_model("products", "Town").objects.create(code="370406107")', 1),
        ('make_product(name="山亭火樱桃", slug="shanting-fire-cherry")', 2),
        ('make_product(slug="dianzi-long-red-jujube")', 2),
    ],
)
def test_the_rules_catch_what_they_name(source, rule):
    assert violations(source) == {list(RULES)[rule]}


@pytest.mark.parametrize(
    "source",
    [
        "code = credit_code()",
        "def test_credit_code_of_an_authorised_firm(authorisation):",
        "producer = make_producer(town, credit_code=credit_code())",
        "cherry = factories.cherry(protection_area=[town])",
        'make_product(name="测试产品")',
        'Producer(kind="household", name="张三", town=town).full_clean()',
    ],
)
def test_the_rules_let_the_library_through(source):
    assert violations(source) == set()
