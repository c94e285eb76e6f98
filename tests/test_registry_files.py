"""The registry's file format without a database: one row's validation, reading CSV and XLSX
with the lines a person sees, the import's sorting of rows, the export and template, and the
name comparison behind the duplicate warning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tradebridge.errors import BadInput
from tradebridge.registry.duplicates import comparable_name, similar
from tradebridge.registry.export import template_bytes, write_export, write_template
from tradebridge.registry.importing import check_table, rejects_csv, stop_on_problems
from tradebridge.registry.reader import read_table
from tradebridge.registry.record import (
    Contact,
    OrganisationRecord,
    Product,
    parse_cells,
    record_cells,
)
from tradebridge.registry.search import document, fold, terms
from tradebridge.registry.vocabulary import COLUMN_NAMES

GOOD = {"kind": "exporter", "name_en": "Kend Foods", "country": "AZE"}


def _problems(**cells: str) -> list[tuple[str, str]]:
    return parse_cells({**GOOD, **cells})[1]


def test_a_full_row_becomes_a_record():
    record, problems = parse_cells(
        {
            **GOOD,
            "ref": " AZ-001 ",
            "name_az": "Kənd Qida",
            "sectors": "Fresh_Fruit_Vegetables; processed_food_beverages",
            "products_offered": "080810;081310;080810",
            "certifications": "GlobalG.A.P.; ISO 9001",
            "target_markets": "rus;KAZ",
            "size_band": "Small",
            "contact_name": "Aysel Mammadova",
            "contact_email": "aysel@example.az",
            "contact_phone": "+994 12 555-55-55",
            "contact_public": "YES",
            "brand": "Made in Azerbaijan",
            "brand_since": "2021-05-01",
            "status": "verified",
            "synthetic": "yes",
        }
    )
    assert problems == []
    assert record.ref == "AZ-001"
    assert record.sectors == ("fresh_fruit_vegetables", "processed_food_beverages")
    assert record.offered == (Product("080810"), Product("081310"))
    assert record.certifications == ("globalgap", "iso9001")
    assert record.target_markets == ("RUS", "KAZ")
    assert record.size_band == "small" and record.status == "verified" and record.synthetic
    assert record.contacts == (
        Contact("Aysel Mammadova", "", "aysel@example.az", "+994 12 555-55-55", True),
    )
    assert record.brand_since == date(2021, 5, 1)


@pytest.mark.parametrize(
    ("cells", "field", "reason"),
    [
        ({"kind": ""}, "kind", "required"),
        ({"kind": "farmer"}, "kind", "unknown kind 'farmer'"),
        ({"name_en": ""}, "name_en", "at least one name"),
        ({"country": "AZR"}, "country", "unknown country code 'AZR'; nearest: MAR, KAZ, AZE"),
        ({"country": ""}, "country", "required"),
        ({"sectors": "fruit"}, "sectors", "unknown sector 'fruit'"),
        ({"products_offered": "0808"}, "products_offered", "not an HS6 code of 6 digits: '0808'"),
        ({"products_sought": "010100"}, "products_sought", "unknown HS6 code '010100'"),
        ({"certifications": "iso9002"}, "certifications", "unknown certification 'iso9002'"),
        ({"current_markets": "RUS;XXX"}, "current_markets", "unknown country code 'XXX'"),
        ({"size_band": "huge"}, "size_band", "unknown size band 'huge'"),
        ({"status": "deleted"}, "status", "unknown status 'deleted'"),
        ({"contact_email": "aysel.example.az"}, "contact_email", "not an e-mail address"),
        ({"contact_phone": "call me"}, "contact_phone", "not a phone number"),
        ({"contact_public": "maybe"}, "contact_public", "expected yes or no, not 'maybe'"),
        ({"brand": "M", "brand_since": "01.05.2021"}, "brand_since", "not a date YYYY-MM-DD"),
        ({"brand": "M", "brand_since": "2021-02-30"}, "brand_since", "not a date YYYY-MM-DD"),
        ({"brand_since": "2021-05-01"}, "brand_since", "a membership date needs a brand"),
        ({"name_ru": "x" * 301}, "name_ru", "too long (301 characters; at most 300)"),
        ({"description_az": "a\x00b"}, "description_az", "contains a NUL character"),
    ],
)
def test_each_rule_names_its_field_and_reason(cells, field, reason):
    problems = _problems(**cells)
    assert [f for f, _ in problems] == [field]
    assert problems[0][1].startswith(reason)


def test_every_problem_of_a_row_is_listed():
    fields = [f for f, _ in _problems(kind="x", country="y", size_band="z")]
    assert fields == ["kind", "country", "size_band"]


def test_record_cells_is_the_inverse_of_parse_cells():
    record = OrganisationRecord(
        "buyer",
        "RUS",
        name_ru="ООО «Фрукты»",
        sought=(Product("080810"),),
        certifications_required=("haccp",),
        contacts=(Contact("Ivan", "buyer", "ivan@example.ru", "", False),),
        brand="Made in Azerbaijan",
        brand_since=date(2020, 1, 31),
    )
    cells = record_cells(record)
    assert tuple(cells) == COLUMN_NAMES
    assert parse_cells(cells) == (record, [])


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_lines_are_the_lines_an_editor_shows(tmp_path):
    text = (
        "\ufeffkind,name_en,country,description_en\n"
        "exporter,A,AZE,one\n"
        "\n"
        'exporter,B,AZE,"two\nlines"\n'
        "exporter,C,AZE\n"
        "buyer,D,RUS,four\n"
    )
    table = read_table(_write(tmp_path, "orgs.csv", text))
    assert [row.line for row in table.rows] == [2, 4, 6, 7]
    assert table.rows[1].cells["description_en"] == "two\nlines"
    assert table.rows[2].problem == ("", "3 cells where the header has 4")
    assert table.rows[3].cells["name_en"] == "D"


def test_semicolon_csv_from_a_spreadsheet_in_many_locales(tmp_path):
    text = 'kind;name_en;country;sectors\nexporter;A;AZE;"steel;aluminium"\n'
    table = read_table(_write(tmp_path, "orgs.csv", text))
    assert table.rows[0].cells["sectors"] == "steel;aluminium"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "orgs.csv:1: the file is empty"),
        ("kind,name,country\n", "orgs.csv:1: name: unknown column; nearest: name_ru, name_en"),
        ("kind,name_en,name_en,country\n", "orgs.csv:1: name_en: the column appears twice"),
        ("kind,name_en\n", "orgs.csv:1: country: required column missing"),
        ("kind,country,city\n", "orgs.csv:1: no name column"),
        ('kind,name_en,country\nexporter,"A,AZE\n', "orgs.csv:2: malformed CSV"),
    ],
)
def test_a_bad_file_is_one_line(tmp_path, text, message):
    with pytest.raises(BadInput) as caught:
        read_table(_write(tmp_path, "orgs.csv", text), name="orgs.csv")
    assert str(caught.value).startswith(message)


def test_text_not_in_utf8_names_its_line(tmp_path):
    path = _write(
        tmp_path, "orgs.csv", "kind,name_en,country\nexporter,Şirvan Üzüm,AZE\n", "cp1254"
    )
    with pytest.raises(BadInput, match=r"^orgs.csv:2: not UTF-8 text"):
        read_table(path, name="orgs.csv")


def test_unknown_file_type(tmp_path):
    with pytest.raises(BadInput, match="unknown file type '.json'; expected .csv or .xlsx"):
        read_table(_write(tmp_path, "orgs.json", "{}"))


def test_xlsx_numbers_and_dates_read_as_the_text_they_mean(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Kind", "name_az", "country", "products_offered", "brand", "brand_since"])
    sheet.append(["exporter", "Kənd", "AZE", 80810, "Made in Azerbaijan", date(2021, 5, 1)])
    sheet.append([None] * 6)
    sheet.append(["buyer", "Фрукты", "RUS", "080810;081310", None, None])
    book.save(tmp_path / "orgs.xlsx")
    table = read_table(tmp_path / "orgs.xlsx")
    assert [row.line for row in table.rows] == [2, 4]
    first = parse_cells(table.rows[0].cells)[0]
    assert first.offered == (Product("080810"),) and first.brand_since == date(2021, 5, 1)
    assert first.name_az == "Kənd"
    assert parse_cells(table.rows[1].cells)[0].name_az == "Фрукты"


def test_a_damaged_spreadsheet_is_one_line(tmp_path):
    with pytest.raises(BadInput, match="orgs.xlsx: not a readable spreadsheet"):
        read_table(_write(tmp_path, "orgs.xlsx", "not a zip"))


def _checked(tmp_path: Path, text: str, held: set[str] = frozenset()):
    table = read_table(_write(tmp_path, "orgs.csv", text))
    return check_table(table, lambda refs: refs & set(held))


def test_rows_read_are_stored_plus_rejected(tmp_path):
    text = (
        "ref,kind,name_en,country,size_band\n"
        "A1,exporter,One,AZE,small\n"  # 2: good
        "A2,farmer,Two,AZE,huge\n"  # 3: two problems, one row
        "A1,buyer,Three,RUS,\n"  # 4: ref repeats line 2
        "B9,buyer,Four,RUS,\n"  # 5: ref already held
        ",investor,Five,TUR\n"  # 6: short row
        ",service,Six,KAZ,micro\n"  # 7: good
    )
    checked = _checked(tmp_path, text, held={"B9"})
    assert checked.rows_read == 6
    assert [line for line, _ in checked.records] == [2, 7]
    assert [(r.line, r.field) for r in checked.rejects] == [
        (3, "kind"),
        (3, "size_band"),
        (4, "ref"),
        (5, "ref"),
        (6, ""),
    ]
    assert checked.rows_rejected == 4
    assert checked.rows_read == len(checked.records) + checked.rows_rejected
    assert checked.rejects[2].reason == "'A1' repeats line 2"
    assert checked.rejects[3].reason.startswith("'B9' is already in the registry")
    lines = rejects_csv(checked.rejects).splitlines()
    assert lines[0] == "file,line,field,reason,raw"
    assert lines[3].startswith(f"{tmp_path / 'orgs.csv'},4,ref,'A1' repeats line 2,")
    with pytest.raises(BadInput) as caught:
        stop_on_problems(checked, skip_invalid=False)
    assert str(caught.value).startswith(f"{tmp_path / 'orgs.csv'}:3: kind: unknown kind 'farmer'")
    assert "(and 4 more in 4 row(s); nothing was stored;" in str(caught.value)
    stop_on_problems(checked, skip_invalid=True)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(tmp_path, suffix):
    record = OrganisationRecord(
        "exporter",
        "AZE",
        name_en='=HYPERLINK("http://x")',
        name_az="Kənd Qida",
        offered=(Product("080810"), Product("081310", "quru ərik, çəyirdəksiz")),
        contacts=(Contact("A", "", "", "+994 12 555 55 55", True),),
    )
    path = write_export(tmp_path / f"out.{suffix}", [record_cells(record)])
    table = read_table(path)
    assert parse_cells(table.rows[0].cells) == (record, [])


def test_the_template_is_the_header_and_a_guide(tmp_path):
    assert template_bytes("csv").decode().strip() == ",".join(COLUMN_NAMES)
    path = write_template(tmp_path / "template.xlsx", "ru")
    assert read_table(path).header == list(COLUMN_NAMES)
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    assert len(book.sheet_names) == 2
    guide = book.get_sheet_by_index(1).to_python()
    assert [row[0] for row in guide[1:]] == list(COLUMN_NAMES)
    with pytest.raises(BadInput, match="expected .csv or .xlsx"):
        write_template(tmp_path / "template.ods")


def test_names_compare_without_case_accents_punctuation_or_legal_form():
    assert comparable_name("«Kənd Foods» MMC") == "kend foods"
    assert comparable_name("ООО «Агро-Сервис»") == "агро сервис"
    assert comparable_name("Kend Foods LLC") == comparable_name("KEND FOODS, Ltd.")


def test_similar_names_scores_by_hand():
    # token_sort_ratio is the normalised Indel similarity: "kend foods" (10 characters) and
    # "kend food" (9) differ by one deletion: (1 - 1/19) * 100 = 94.74
    found = similar([(1, ["Kend Food"]), (2, ["Baku Steel", "Bakı Polad"])], ["Kend Foods"])
    assert [(i, round(s, 2), n) for i, s, n in found] == [(1, 94.74, "Kend Food")]
    # word order is ignored; the best of an organisation's names counts
    found = similar([(2, ["Baku Steel", "Steel Baku"])], ["steel baku"])
    assert found == [(2, 100.0, "Baku Steel")]
    assert similar([(3, ["Baku Tea"])], ["Baku Steel"]) == []


def test_search_text_is_folded_the_same_for_documents_and_queries():
    assert fold("Quru Ərik, İçərişəhər") == "quru erik icerisehər".replace("ə", "e")
    assert terms("Сушёный урюк") == ["сушеныи", "урюк"]
    assert document(["Kənd Foods", "kend apricots", ""]) == "kend foods apricots"


def test_a_document_folds_word_by_word_as_its_whole_text_would():
    # the definition: the distinct words of the whole text folded at once
    parts = [
        "Kənd\u00a0Foods_LLC ﬁne ¼ e\u0301clair",
        "ООО «Ёлка»\tİçərişəhər, \u0301combining-start",
        "quru-ərik QURU_ƏRIK ΣΊΣΥΦΟΣ straße",
        "",
    ]
    expected = " ".join(dict.fromkeys(fold(" ".join(p for p in parts if p)).split()))
    assert document(parts) == expected


def test_the_template_command_writes_the_file(tmp_path):
    from typer.testing import CliRunner

    from tradebridge.cli import app

    runner = CliRunner()
    done = runner.invoke(app, ["registry", "template", "--out", str(tmp_path / "t.csv")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "t.csv").read_text().strip() == ",".join(COLUMN_NAMES)
    done = runner.invoke(app, ["registry", "template", "--out", str(tmp_path / "t.pdf")])
    assert done.exit_code == 2
    assert "unknown file type 'pdf'; expected .csv or .xlsx" in done.output
