"""`make bench`: run every bench/bench_*.py module and print one BENCH line per figure.

``python bench/run.py meetings`` runs only the modules whose names contain ``meetings``."""

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import setup_django  # noqa: E402


def main(selected: list[str]) -> int:
    setup_django()
    modules = sorted(path.stem for path in Path(__file__).parent.glob("bench_*.py"))
    for name in modules:
        if selected and not any(word in name for word in selected):
            continue
        module = importlib.import_module(f"bench.{name}")
        for figure in module.run():
            print(figure.line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
