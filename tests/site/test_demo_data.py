"""The demo data files: every one is read, and a malformed one fails with a message that
names the file and the entry (shanting_gi/demo/loader.py, datafile.py)."""

import datetime
import re
import shutil

import pytest
from django.core.management import CommandError, call_command

from producers.register.validators import credit_code_problem
from shanting_gi.demo import loader
from shanting_gi.demo.datafile import DemoDataError, read_files

FILE = "shanting_gi/demo/data/"


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the data files to break."""
    return shutil.copytree(loader.DATA_DIR, tmp_path / "data")


def edit(directory, name, old, new):
    path = directory / f"{name}.toml"
    text = path.read_text()
    assert old in text, f"{old!r} is not in {name}.toml"
    path.write_text(text.replace(old, new, 1))


def test_every_data_file_is_read_and_every_subject_has_entries():
    data = loader.load()

    assert sorted(data.files) == sorted(loader.DATA_DIR.glob("*.toml"))
    assert len(data.files) == len(loader.FILES)
    assert (len(data.towns), len(data.products), len(data.producers)) == (10, 2, 40)
    assert sum(len(rows) for rows in data.indicators.values()) == 7
    assert len(data.documents) == 10 and len(data.authorisations) == 40
    assert (len(data.outlets), len(data.inspections), len(data.cases)) == (8, 30, 7)
    assert len(data.statistics) == 14 and len(data.complaints) == 3
    assert [len(s["images"]) for s in data.illustrations] == [4, 4]
    assert data.labels["batches"] == 4 and data.reasons["apply"]
    assert data.testing_body.endswith("（示例）") and data.follow_up


def test_credit_codes_get_their_check_character_from_the_loader():
    producers = loader.load().producers
    coded = [p for p in producers if p["credit_code"]]

    assert len(coded) == len([p for p in producers if p["kind"] != "household"]) == 25
    for producer in coded:
        code = producer["credit_code"]
        assert credit_code_problem(code) is None
        assert code.startswith("9") and code[2:8] == "370406" and code[8:10] == "EX"
    text = (loader.DATA_DIR / "producers.toml").read_text()
    assert not re.search(r"[0-9A-Z]{18}", text), "a whole code, check character included"


def test_facts_keep_their_certainty_and_source():
    data = loader.load()
    cherry = next(p for p in data.products if p["slug"] == "shanting-fire-cherry")

    assert cherry["announcement_date"] == datetime.date(2010, 12, 10)
    assert cherry["announcement_number"] == ""
    for fact in ("approval", "protection_area", "harvest"):
        assert cherry[f"{fact}_verified"] is False
        assert "verified" in cherry[f"{fact}_source"]
    assert cherry["protection_area"] == ["水泉镇", "北庄镇"]
    verified = {d["key"] for d in data.documents if d["verified"]}
    assert verified == {"gi-rules-2005", "gi-rules-2024"}
    assert all(not s["verified"] for s in data.statistics)


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "producers",
            "association_member = true",
            "asociation_member = true",
            "producers.toml, producer #1 (P01): 'association_member' is missing",
        ),
        (
            "documents",
            "repealed_on = 2024-02-01",
            "repeal_on = 2024-02-01",
            "documents.toml, document #5 (gi-rules-2005): unknown key 'repeal_on'",
        ),
        (
            "statistics",
            "year = 2019",
            'year = "2019"',
            "statistics.toml, statistic #1 (shanting-fire-cherry): "
            "'year' must be a whole number, not '2019'",
        ),
        (
            "statistics",
            "output_tonnes = 16000",
            "output_tonnes = true",
            "statistics.toml, statistic #1 (shanting-fire-cherry): "
            "'output_tonnes' must be a number, not True",
        ),
        (
            "cases",
            "opened_on = 2025-05-28",
            "opened_on = 2025-05-28T09:00:00",
            "cases.toml, case #1 (山市监处罚〔2025〕示例1号): 'opened_on' must be a date",
        ),
        (
            "producers",
            'kind = "household"',
            'kind = "farm"',
            "producers.toml, producer #6 (P06): 'kind' must be one of enterprise, cooperative, "
            "individual_business, household; not 'farm'",
        ),
        (
            "authorisations",
            'producer = "P01"',
            'producer = "P99"',
            "authorisations.toml, authorisation #1 (P99): 'producer' names producer 'P99', "
            "which the data files do not define",
        ),
        (
            "producers",
            'credit_code_body = "91370406EX11RXPTU"',
            'credit_code_body = "91370406EX11RXPTUP"',
            "producers.toml, producer #1 (P01): 'credit_code_body' '91370406EX11RXPTUP' must be "
            "17 characters",
        ),
        (
            "producers",
            'credit_code_body = "91370406EX11RXPTU"',
            'credit_code_body = "92370406EX11RXPTU"',
            "producers.toml, producer #1 (P01): 'credit_code_body' '92370406EX11RXPTU' must "
            "begin 91 for kind enterprise",
        ),
        (
            "producers",
            'name = "山亭樱源果业有限公司（示例）"',
            'name = "山亭樱源果业有限公司"',
            "producers.toml, producer #1 (P01): 'name' '山亭樱源果业有限公司' must say 示例",
        ),
        (
            "towns",
            '{ code = "370406101", name = "店子镇"',
            '{ code = "370406001", name = "店子镇"',
            "towns.toml, town #2 (店子镇): code '370406001': already used by town #1",
        ),
        (
            "inspections",
            '"单果重" = 10.8,',
            '"单果重" = 9.8,',
            "inspections.toml, inspection #1 (SL-2024-0001): an inspection that fails a limit "
            "has a 'follow_up_deadline'",
        ),
        (
            "inspections",
            '"可溶性固形物" = 19.4, ',
            "",
            "inspections.toml, inspection #1 (SL-2024-0001): 'values' must give every "
            "indicator of the product",
        ),
        (
            "inspections",
            'status = "published"',
            'status = "sampled"',
            "inspections.toml, inspection #1 (SL-2024-0001): a sampled inspection has "
            "sampled_on; this one has sampled_on, tested_on, report_number, values, "
            "published_on",
        ),
        (
            "authorisations",
            '{ step = "approve", on = 2024-01-15, ',
            '{ step = "approve", on = 2024-01-16, ',
            "authorisations.toml, authorisation #1 (P01), steps #1 (approve): no announcement "
            "is dated 2024-01-16",
        ),
        (
            "products",
            'towns = ["水泉镇", "北庄镇"]',
            'towns = ["水泉镇", "北京"]',
            "products.toml, product #1 (shanting-fire-cherry), protection_area: every item of "
            "'towns' must be one of",
        ),
        (
            "complaints",
            'description = "樱桃个头很小，怀疑不是正宗火樱桃（示例）"',
            'description = "樱桃个头很小"',
            "complaints.toml, complaint #3 (樱桃个头很小): 'description' '樱桃个头很小' does "
            "not match",
        ),
        (
            "products",
            "name_pinyin =",
            "name_pinyin ==",
            "products.toml: not valid TOML: Invalid value (at line",
        ),
    ],
)
def test_a_malformed_file_names_the_file_and_the_entry(data_dir, name, old, new, message):
    edit(data_dir, name, old, new)

    with pytest.raises(DemoDataError) as error:
        loader.load(data_dir)

    assert str(error.value).startswith(str(data_dir / ""))  # outside the project: full path
    assert message in str(error.value)


def test_a_file_nobody_reads_or_a_missing_file_is_an_error(data_dir):
    (data_dir / "sources.toml").write_text("")
    with pytest.raises(DemoDataError, match=r"sources\.toml is read by nothing"):
        loader.load(data_dir)

    (data_dir / "sources.toml").unlink()
    (data_dir / "labels.toml").unlink()
    with pytest.raises(DemoDataError, match=r"labels\.toml: the file is missing"):
        loader.load(data_dir)


def test_seed_demo_reports_malformed_data_without_a_traceback(data_dir, monkeypatch):
    edit(data_dir, "outlets", 'kind = "market"', 'kind = "bazaar"')
    monkeypatch.setattr(loader, "DATA_DIR", data_dir)

    with pytest.raises(CommandError, match=r"^The demo data is malformed: .*outlets\.toml, "):
        call_command("seed_demo")


def test_messages_name_the_file_relative_to_the_project():
    path = loader.DATA_DIR / "towns.toml"
    entry = read_files(loader.DATA_DIR, loader.FILES)["towns"]

    assert entry.where == f"{FILE}towns.toml" and path.exists()
