"""`make bench`: run every bench/bench_*.py module and print one BENCH line per figure.

``python bench/run.py meetings`` runs only the modules whose names contain ``meetings``.
Exits 1 if any figure falls short of its target."""

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import setup_django, teardown_django  # noqa: E402


def main(selected: list[str]) -> int:
    print(f"bench on {setup_django()}", flush=True)
    short = []
    try:
        modules = sorted(path.stem for path in Path(__file__).parent.glob("bench_*.py"))
        for name in modules:
            if selected and not any(word in name for word in selected):
                continue
            module = importlib.import_module(f"bench.{name}")
            for figure in module.run():
                print(figure.line(), flush=True)
                if figure.short:
                    short.append(figure.name)
    finally:
        teardown_django()
    if short:
        print(f"bench: {len(short)} figure(s) short of target: {', '.join(short)}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
