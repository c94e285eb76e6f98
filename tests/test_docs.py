"""The documentation cannot drift from the code: every command the README and docs/ show exists
with the options they use, and every cited section of docs/methods.md exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from tradebridge.cli import app

ROOT = Path(__file__).parents[1]
METHODS = ROOT / "docs" / "methods.md"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CITATION = re.compile(r"methods\.md#([a-z0-9-]+)")


def _shown_commands() -> list[tuple[str, int, list[str]]]:
    """``tradebridge …`` lines inside fenced code blocks: (file, line, arguments)."""
    found = []
    for path in DOCS:
        fenced = False
        lines = path.read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
        for number, line in enumerate(lines, 1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            text = line.strip()
            if fenced and text.startswith("tradebridge "):
                words = shlex.split(text.split(" #", 1)[0].replace("[", " ").replace("]", " "))
                found.append((path.name, number, words[1:]))
    return found


SHOWN = _shown_commands()


def test_the_readme_shows_commands() -> None:
    assert sum(1 for name, _, _ in SHOWN if name == "README.md") >= 15


@pytest.mark.parametrize(("doc", "line", "words"), SHOWN, ids=[f"{d}:{n}" for d, n, _ in SHOWN])
def test_every_shown_command_and_option_exists(doc: str, line: int, words: list[str]) -> None:
    command = typer.main.get_command(app)
    rest = list(words)
    while hasattr(command, "commands") and rest:
        found = command.get_command(typer.Context(command), rest[0])
        if found is None:
            break
        command = found
        rest.pop(0)
    assert not hasattr(command, "commands"), f"{doc}:{line}: no such command {words}"
    flags = {flag for param in command.params for flag in (*param.opts, *param.secondary_opts)}
    for word in rest:
        if word.startswith("-") and word != "-":
            flag = word.split("=", 1)[0]
            assert flag in flags, f"{doc}:{line}: {' '.join(words[:1])} has no option {flag}"


def _anchors() -> set[str]:
    return set(re.findall(r'<a id="([a-z0-9-]+)"></a>', METHODS.read_text(encoding="utf-8")))


def _citations() -> list[tuple[str, str]]:
    cited = []
    for path in [*DOCS, *(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        for anchor in CITATION.findall(path.read_text(encoding="utf-8")):
            cited.append((str(path.relative_to(ROOT)), anchor))
    return cited


def test_every_cited_methods_section_exists() -> None:
    anchors = _anchors()
    cited = _citations()
    assert len(cited) >= 20
    missing = sorted({f"{where}: #{anchor}" for where, anchor in cited if anchor not in anchors})
    assert not missing, "cited sections missing from docs/methods.md: " + "; ".join(missing)


def test_methods_anchors_are_unique_and_nobody_cites_section_numbers() -> None:
    text = METHODS.read_text(encoding="utf-8")
    ids = re.findall(r'<a id="([a-z0-9-]+)"></a>', text)
    assert len(ids) == len(set(ids))
    for path in [*(ROOT / "src").rglob("*.py"), *DOCS]:
        assert "METHODS.md section" not in path.read_text(encoding="utf-8"), path
