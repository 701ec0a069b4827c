"""Start-up time of the commands, on top of the Python interpreter itself.

Every ``fsqca``, ``geodetector`` and ``digigov`` call pays the import of what it needs; the
target is at most 0.3 s on top of ``python -c pass``. Each command is run ``--repeat`` times
in a fresh interpreter and the best time is kept (the least disturbed by other load).

    python benchmarks/bench_startup.py [--repeat 7]

Prints one line per command: best wall time, the overhead over bare Python, and the
verdict against the target.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.3

CSV = "case,A,B,C,Y\n" + "\n".join(
    f"c{i},{(i * 37 % 100) / 100:.2f},{(i * 53 % 100) / 100:.2f},{(i * 71 % 100) / 100:.2f},{(i * 29 % 100) / 100:.2f}"
    for i in range(31)) + "\n"


def best_of(argv: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "d.csv"
        data.write_text(CSV, encoding="utf-8")
        cases = {
            "python -c pass": [py, "-c", "pass"],
            "import fsqca": [py, "-c", "import fsqca"],
            "fsqca --help": [py, "-m", "fsqca", "--help"],
            "fsqca nca --json (31 x 3)": [py, "-m", "fsqca", "nca", str(data), "--outcome", "Y", "--json"],
            "fsqca necessity --json (31 x 3)": [py, "-m", "fsqca", "necessity", str(data), "--outcome", "Y",
                                                "--json"],
            "geodetector --help": [py, "-m", "geodetector", "--help"],
            "digigov --help": [py, "-m", "digigov", "--help"],
        }
        base = best_of(cases["python -c pass"], args.repeat)
        print(f"{'command':<36} {'best':>8} {'over Python':>12}  target {TARGET:.1f} s")
        for name, argv in cases.items():
            t = best_of(argv, args.repeat)
            over = t - base
            verdict = "" if name == "python -c pass" else ("ok" if over <= TARGET else "over")
            print(f"{name:<36} {t:8.3f} {over:12.3f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
