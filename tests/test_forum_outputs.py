"""`tradebridge schedule` writes its outputs all or nothing: an existing --out survives any
failure while the agendas are written, and impossible outputs are refused before solving."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.errors import BadInput
from tradebridge.forum import agendas as agendas_module
from tradebridge.forum.loading import load_forum
from tradebridge.forum.scheduling import schedule

FORUM = Path(__file__).parent / "data" / "forum" / "small_forum.json"
OLD = '{"meetings": [], "old": true}\n'


def invoke(*args: str):
    return CliRunner().invoke(app, ["schedule", str(FORUM), "--time-limit", "1", *args])


def test_out_survives_when_the_agendas_folder_cannot_hold_them(tmp_path):
    out = tmp_path / "schedule.json"
    out.write_text(OLD)
    agendas = tmp_path / "agendas"
    agendas.mkdir()
    (agendas / "participants").write_text("a file where a folder must go")
    res = invoke("--out", str(out), "--agendas", str(agendas))
    assert res.exit_code == 2, res.output
    assert "participants" in res.output and "Traceback" not in res.output
    assert out.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agendas", "schedule.json"]


def test_out_survives_when_moving_the_agendas_fails(tmp_path, monkeypatch):
    out = tmp_path / "schedule.json"
    out.write_text(OLD)

    def refuse(src, dst):
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(agendas_module.os, "replace", refuse)
    res = invoke("--out", str(out), "--agendas", str(tmp_path / "agendas"))
    assert res.exit_code == 1, res.output
    assert "No space left on device" in res.output
    assert out.read_text() == OLD
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_out_and_agendas_are_written_together(tmp_path):
    out = tmp_path / "schedule.json"
    out.write_text(OLD)
    res = invoke("--out", str(out), "--agendas", str(tmp_path / "agendas"))
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["stats"]["scheduled"] == 8
    assert len(list((tmp_path / "agendas" / "participants").iterdir())) == 12


@pytest.mark.parametrize(
    "case", ["out is a folder", "out is the forum", "agendas is a file", "out's folder is a file"]
)
def test_impossible_outputs_are_refused_before_solving(tmp_path, case):
    forum = tmp_path / "forum.json"
    forum.write_text(FORUM.read_text())
    out, agendas = tmp_path / "schedule.json", tmp_path / "agendas"
    if case == "out is a folder":
        out.mkdir()
    elif case == "out is the forum":
        out = forum
    elif case == "out's folder is a file":
        out = forum / "schedule.json"
    else:
        agendas.write_text("x")
    before = {p.name: (p.read_text() if p.is_file() else None) for p in tmp_path.iterdir()}
    res = CliRunner().invoke(
        app, ["schedule", str(forum), "--out", str(out), "--agendas", str(agendas)]
    )
    assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    after = {p.name: (p.read_text() if p.is_file() else None) for p in tmp_path.iterdir()}
    assert after == before


@pytest.mark.parametrize("limit", ["nan", "inf", "1e9"])
def test_absurd_time_limits_are_refused(tmp_path, limit):
    res = invoke("--out", str(tmp_path / "s.json"), "--time-limit", limit)
    assert res.exit_code == 2 and "time" in res.output and "Traceback" not in res.output
    with pytest.raises(BadInput):
        schedule(load_forum(FORUM), time_limit=float(limit))
    assert not os.path.exists(tmp_path / "s.json")
