"""The mutant catalogue (``make mutants``) follows the code: a snippet that no longer occurs
exactly once makes that mutant an error there, and nobody runs it in ``make test``; here its
staleness fails the suite the day the code moves."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _catalogue():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("mutants", ROOT / "scripts" / "mutants.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MUTANTS = _catalogue()


@pytest.mark.parametrize("mutant", MUTANTS.CATALOGUE, ids=lambda mutant: mutant.name)
def test_each_snippet_occurs_once(mutant) -> None:  # type: ignore[no-untyped-def]
    for edit in (MUTANTS.Edit(mutant.path, mutant.old, mutant.new), *mutant.also):
        text = (ROOT / edit.path).read_text()
        assert text.count(edit.old) == 1, f"{edit.path}: {edit.old!r}"


def test_names_are_unique() -> None:
    names = [mutant.name for mutant in MUTANTS.CATALOGUE]
    assert len(names) == len(set(names))
