"""Forum files that are not what they claim: each is one BadInput (exit 2), never a traceback,
a hang or a silently ignored field."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from forum_builders import doc, person
from tradebridge.cli import app
from tradebridge.errors import BadInput, BadInputs
from tradebridge.forum.loading import MAX_DEPTH, forum_from_dict, load_forum


def good() -> dict:
    return doc(2, 2, [person("A"), person("B")], [("A", "B")])


def error_of(path) -> str:
    with pytest.raises(BadInput) as exc:
        load_forum(path)
    message = str(exc.value)
    assert str(path) in message and "\n" not in message
    return message


def test_utf16_and_cp1251_files_are_refused_with_the_encoding(tmp_path):
    text = json.dumps(good(), ensure_ascii=False)
    utf16 = tmp_path / "utf16.json"
    utf16.write_text(text, encoding="utf-16")
    assert "UTF-16" in error_of(utf16)
    cp1251 = tmp_path / "cp1251.json"
    d = good()
    d["participants"][0]["name"] = "Олег"
    cp1251.write_text("{\n" + json.dumps(d, ensure_ascii=False)[1:], encoding="cp1251")
    message = error_of(cp1251)
    assert "not UTF-8" in message and f"{cp1251}:2:" in message


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(good()).encode())
    assert len(load_forum(path).requests) == 1


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_weights_are_refused(tmp_path, value):
    path = tmp_path / "forum.json"
    text = json.dumps(good()).replace('"to": "B"}', f'"to": "B", "weight": {value}}}')
    assert value in text
    path.write_text(text)
    assert "not valid JSON" in error_of(path)


def test_deeply_nested_json_is_refused(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"name": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "nested" in error_of(deep)
    shallow_but_too_deep = tmp_path / "deep2.json"
    n = MAX_DEPTH + 5
    shallow_but_too_deep.write_text('{"name": ' + "[" * n + "]" * n + "}")
    assert f"deeper than {MAX_DEPTH}" in error_of(shallow_but_too_deep)


def test_a_folder_or_a_pipe_is_not_a_forum_file(tmp_path):
    assert "a folder" in error_of(tmp_path)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert "not a regular file" in error_of(fifo)
    assert "cannot read" in error_of(tmp_path / "missing.json")


def test_absurd_sizes_are_refused_before_anything_is_built():
    d = good()
    d["tables"] = 1_000_000_000
    problems = _problems(d)
    assert any(p.startswith("tables") for p in problems)
    d = good()
    d["slots"] = d["slots"] * 600  # 1,200 slots, more than 1,000
    d["participants"][0]["max_meetings"] = 10**12
    problems = _problems(d)
    assert "slots: 1,200 items, more than the 1,000 allowed" in problems
    assert any(p.startswith("participants[0].max_meetings") for p in problems)


def test_too_many_request_slot_combinations_is_refused():
    people = [person(f"P{i}") for i in range(400)]
    reqs = [(f"P{i}", f"P{j}") for i in range(200) for j in range(200, 400)][:20_000]
    d = doc(300, 10, people, reqs)
    problems = _problems(d)
    assert any("request-slot combinations" in p for p in problems), problems[:3]


def test_unknown_properties_and_roles_are_refused():
    d = good()
    d["participants"][0]["max_meeting"] = 3
    d["participants"][1]["role"] = "byer"
    d["requests"][0]["wieght"] = 5
    d["slot"] = []
    problems = _problems(d)
    assert any("participants[0]" in p and "'max_meeting' was unexpected" in p for p in problems)
    assert any(p.startswith("participants[1].role") for p in problems)
    assert any("requests[0]" in p and "'wieght' was unexpected" in p for p in problems)
    assert any(p.startswith("(top level)") and "'slot' was unexpected" in p for p in problems)


def test_bad_files_exit_2_with_one_line_through_the_cli(tmp_path):
    path = tmp_path / "forum.json"
    path.write_text(json.dumps(good()), encoding="utf-16")
    res = CliRunner().invoke(app, ["schedule", str(path), "--out", str(tmp_path / "s.json")])
    assert res.exit_code == 2 and res.exception is None or isinstance(res.exception, SystemExit)
    assert "UTF-16" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "s.json").exists()


def _problems(d: dict) -> list[str]:
    with pytest.raises(BadInputs) as exc:
        forum_from_dict(d, source="forum.json")
    return exc.value.problems
