"""`make mutants`: put named faults into the code, one at a time, and show the suite catches each.

Each mutant replaces one exact snippet of one file with a faulty one, in a throw-away copy of
the working tree, and runs the tests that guard that rule (on SQLite, in-process). A mutant is
*killed* when those tests fail, and *survives* when they pass — a survivor means a check that
cannot fail, and the script exits non-zero. A snippet that is no longer in the file is an
error too: the catalogue must follow the code.

    python scripts/mutants.py                 # every mutant
    python scripts/mutants.py cross-forum     # the mutants whose names contain a word
    python scripts/mutants.py --list          # names and what each breaks

Adding one: append a ``Mutant`` to ``CATALOGUE`` with a name, the rule it breaks, the file,
the exact text to replace (it must occur exactly once), the faulty text, and the test paths
or ``-k`` words that must catch it. Run it alone; it must say KILLED.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MATRIX = "secretariat/testing/test_permission_matrix.py"


@dataclass(frozen=True)
class Mutant:
    name: str
    breaks: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    keyword: str = ""  # pytest -k expression, to run part of the tests named above
    at_collection: bool = False  # a fault in the test data itself, caught as a collection error


CATALOGUE: list[Mutant] = [
    Mutant(
        name="cross-forum-texts",
        breaks="any member of any forum reads every forum's restricted texts",
        path="secretariat/negotiation/selectors.py",
        old="Q(classification=Classification.PUBLISHED) | Q(forum_id__in=principal.forum_ids)",
        new="Q(classification=Classification.PUBLISHED) | Q(forum__isnull=not principal.is_member)",
        tests=(MATRIX,),
        keyword="negotiation",
    ),
    Mutant(
        name="texts-list-unfiltered",
        breaks="the texts list and page drop their visibility filter",
        path="secretariat/negotiation/selectors.py",
        old="    if principal.is_secretariat:\n        return texts\n    return texts.filter(",
        new="    if True:\n        return texts\n    return texts.filter(",
        tests=(MATRIX,),
        keyword="negotiation",
    ),
    Mutant(
        name="skip-economy-check-notes",
        breaks="an economy's internal notes are readable by any delegation",
        path="secretariat/registry/permissions.py",
        old="    return delegation.economy_id in principal.economy_ids",
        new="    return bool(principal.economy_ids)",
        tests=(MATRIX,),
        keyword="note",
    ),
    Mutant(
        name="write-without-csrf",
        breaks="a session write to the API is accepted without its CSRF token",
        path="secretariat/core/api_auth.py",
        old="                reason = _csrf_failure_reason(request)",
        new="                reason = None",
        tests=(MATRIX,),
        keyword="csrf",
    ),
    Mutant(
        name="registrations-pending-listed",
        breaks="participant lists show pending and rejected registrations to all list readers",
        path="secretariat/registrations/selectors.py",
        old="    if not principal.is_secretariat:\n        registrations = registrations.filter(",
        new="    if False:\n        registrations = registrations.filter(",
        tests=(MATRIX,),
        keyword="participants or registrations",
    ),
    Mutant(
        name="registrations-accredit-other-economy",
        breaks="any head of delegation to the forum accredits people of any economy",
        path="secretariat/registrations/permissions.py",
        old="principal.is_secretariat or delegation.pk in principal.headed_delegation_ids",
        new="principal.is_secretariat or bool(principal.headed_delegation_ids)",
        tests=(MATRIX,),
        keyword="accredit",
    ),
    Mutant(
        name="minutes-cross-forum",
        breaks="circulated minutes of every forum are readable by members of any forum",
        path="secretariat/minutes/selectors.py",
        old="Q(state=MinutesState.CIRCULATED, meeting__forum_id__in=principal.forum_ids)",
        new="Q(state=MinutesState.CIRCULATED)",
        tests=(MATRIX,),
        keyword="minutes or action_item",
    ),
    Mutant(
        name="minutes-uncirculated-revisions",
        breaks="revisions never circulated are shown to every reader of the minutes",
        path="secretariat/minutes/selectors.py",
        old="    return revisions.filter(circulated=True)",
        new="    return revisions",
        tests=(MATRIX,),
        keyword="minutes",
    ),
]


def _copy_tree(destination: Path) -> None:
    """The tracked and untracked-but-not-ignored files, as they are in the working tree."""
    listed = subprocess.run(  # noqa: S603
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for raw in filter(None, listed):
        source = ROOT / os.fsdecode(raw)
        if source.is_file():
            target = destination / os.fsdecode(raw)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _apply(tree: Path, mutant: Mutant) -> None:
    file = tree / mutant.path
    text = file.read_text()
    count = text.count(mutant.old)
    if count != 1:
        raise LookupError(f"{mutant.path}: the snippet occurs {count} times, not once")
    file.write_text(text.replace(mutant.old, mutant.new))


def _run_tests(tree: Path, mutant: Mutant) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:randomly", *mutant.tests]
    if mutant.keyword:
        command += ["-k", mutant.keyword]
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tree}/var/test.sqlite3"
    env["SECRETARIAT_VAR_DIR"] = str(tree / "var")
    env["PYTHONPATH"] = str(tree)
    (tree / "var").mkdir(exist_ok=True)
    return subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)  # noqa: S603


def run_mutant(mutant: Mutant) -> str:
    with tempfile.TemporaryDirectory(prefix="secretariat-mutant-") as directory:
        tree = Path(directory)
        _copy_tree(tree)
        try:
            _apply(tree, mutant)
        except LookupError as error:
            return f"ERROR     {mutant.name}: {error}"
        started = time.monotonic()
        result = _run_tests(tree, mutant)
        seconds = time.monotonic() - started
    lines = result.stdout.strip().splitlines() or ["(no output)"]
    caught_by = next((line for line in lines if line.startswith(("FAILED", "ERROR"))), "")
    summary = lines[-1] + (f"; first: {caught_by[:160]}" if caught_by else "")
    if result.returncode == 0:
        return f"SURVIVED  {mutant.name} ({mutant.breaks}) — {summary} [{seconds:.0f} s]"
    if result.returncode == 1 or (result.returncode == 2 and mutant.at_collection):
        return f"KILLED    {mutant.name} ({mutant.breaks}) — {summary} [{seconds:.0f} s]"
    return f"ERROR     {mutant.name}: pytest exited {result.returncode}: {summary}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("words", nargs="*", help="run only mutants whose names contain these")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    options = parser.parse_args(argv)
    chosen = [
        mutant
        for mutant in CATALOGUE
        if not options.words or any(word in mutant.name for word in options.words)
    ]
    if options.list:
        for mutant in chosen:
            print(f"{mutant.name}: {mutant.breaks} ({mutant.path})")
        return 0
    failures = 0
    for mutant in chosen:
        line = run_mutant(mutant)
        print(line, flush=True)
        failures += not line.startswith("KILLED")
    print(f"{len(chosen) - failures} of {len(chosen)} mutants killed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
