"""What each geographical-detector model costs a study run (``geodetector.models``).

On the bundled example (31 provinces x 9 conditions, queen weights for SPADE and IDSA), each
model is run alone through the study's step (the model, its strategy rankings where it has
them) and its figures are drawn and saved as the report saves them (PNG and SVG).  Times are
CPU seconds of this process (``time.process_time``), best of ``--repeat`` after one warm-up
run (which pays the compiled kernels' load), so that other jobs on a shared machine disturb
them less than wall time.  The example turns on one model only if it adds under about 2 s.

    python benchmarks/bench_study_models.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import io
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    from libdigigov.fonts import use_cjk_font

    from digigov.data import build_composites, load_data
    from digigov.methods.geodetector.models import run_models
    from digigov.methods.geodetector.models_report import models_figures
    from digigov.pipeline import run_study
    from digigov.study import EXAMPLE_STUDY, Study, load_study
    from digigov.view import ResultsView

    use_cjk_font()
    base = load_study(EXAMPLE_STUDY)
    raw, _ = load_data(base)
    frame = build_composites(raw, base).data
    run = run_study(EXAMPLE_STUDY, progress=False)
    geo = run.geodetector
    y = frame[base.outcome].astype(float)
    weights = {"weights": {"kind": "queen", "island_links": "none"}}
    print(f"{'model':<12}{'step (s)':>10}{'figures (s)':>13}")
    for model in ("gozh", "lesh", "rgd", "rid", "spade", "idsa", "ecological"):
        spec = {**base.spec, "geodetector": {**base.spec["geodetector"], "models": [model],
                                             **({model: weights} if model in ("spade", "idsa") else {})}}
        if model != "lesh":                  # the example's own LESH options belong to LESH only
            spec["geodetector"].pop("lesh", None)
        study = Study(spec, base.path, base.lines)
        step = fig = float("inf")
        for i in range(args.repeat + 1):
            t0 = time.process_time()
            res = run_models(study, frame, y, "raw", list(geo.strata.columns), geo.strata,
                             run.configurations)
            t1 = time.process_time()
            view = ResultsView({**run.results, "geodetector_models": res.to_dict()})
            for figure_spec in models_figures(view, "zh"):
                f = figure_spec.draw()
                for fmt in ("png", "svg"):
                    f.savefig(io.BytesIO(), format=fmt, dpi=150)
                matplotlib.pyplot.close(f)
            t2 = time.process_time()
            if i:                                    # the first run is the warm-up
                step, fig = min(step, t1 - t0), min(fig, t2 - t1)
        print(f"{model:<12}{step:>10.2f}{fig:>13.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
