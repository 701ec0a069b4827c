"""The ``digigov`` command: run a study, write its report, compare provinces."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import StudyError
from .export import add_parser as add_export_parser
from .spatial_cli import add_parser as add_spatial_parser


def _run(args) -> int:
    from .data import study_data_path
    from .output import check_output
    from .pipeline import run_study, write_run
    from .study import EXAMPLE_PANEL, EXAMPLE_STUDY, load_study

    if args.example + args.example_panel + (args.study is not None) != 1:
        raise StudyError("give one of: a study file, --example, --example-panel")
    study = load_study(EXAMPLE_STUDY if args.example else EXAMPLE_PANEL if args.example_panel else Path(args.study))
    check_output(args.out, [p for p in (study.path, study_data_path(study)) if p is not None])
    run = run_study(study, progress=not args.quiet)
    out = write_run(run, args.out, figures=not args.no_figures, report=not args.no_report)
    print(run.summary())
    print(f"\nResults written to {out}" + ("" if args.no_report else f" (report: {out / 'report.html'})"))
    return 0


def _report(args) -> int:
    from .report import write_report

    path = write_report(Path(args.results), Path(args.output) if args.output else None, lang=args.lang,
                        force=args.force)
    print(f"Report written to {path}")
    if args.pdf:
        from .pdf import write_pdf

        print(f"PDF written to {write_pdf(path)}")
    return 0


def _compare(args) -> int:
    from .compare import write_comparison

    out = Path(args.output) if args.output else Path(args.results) / "comparison.html"
    path = write_comparison(Path(args.results), args.provinces, out, lang=args.lang, force=args.force)
    print(f"Comparison written to {path}")
    return 0


def _init(args) -> int:
    from .scaffold import ask_on_terminal, draft_study, write_study_file

    draft = draft_study(Path(args.data), outcome=args.outcome, conditions=args.conditions,
                        language=args.lang, ask=ask_on_terminal)
    print(draft.summary())
    path = write_study_file(draft, Path(args.out), force=args.force)
    print(f"\nStudy file written to {path}; run it with: digigov run {path} --out results")
    return 0


def _app(args) -> int:
    try:
        import shiny  # noqa: F401
    except ImportError:
        raise StudyError("the workbench needs the 'app' extra: pip install \"digigov-qca[app]\"") from None
    from .app import PortInUseError, run_app

    try:
        run_app(port=args.port, open_browser=not args.no_browser, example=args.example, lang=args.lang)
    except PortInUseError as exc:
        raise StudyError(str(exc)) from None
    return 0


def build_parser() -> argparse.ArgumentParser:
    from libdigigov.io import OneLineParser

    ap = OneLineParser(prog="digigov", description="Configurational and spatial analysis of regional "
                                                             "digital government: run a study, report, compare.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="run a study end to end and write its results folder")
    p.add_argument("study", nargs="?", help="the YAML study file")
    p.add_argument("--example", action="store_true", help="run the bundled example study (synthetic data)")
    p.add_argument("--example-panel", action="store_true",
                   help="run the bundled panel example, 31 provinces x 2019-2023 (synthetic data)")
    p.add_argument("--out", default="results", help="results folder (default: results)")
    p.add_argument("--no-figures", action="store_true", help="skip figures (faster)")
    p.add_argument("--no-report", action="store_true", help="skip report.html")
    p.add_argument("--quiet", action="store_true", help="no progress messages")
    p.set_defaults(func=_run)
    p = sub.add_parser("report", help="(re)write report.html of a results folder")
    p.add_argument("results", nargs="?", default="results", help="results folder written by `digigov run`")
    p.add_argument("--output", help="HTML file (default: RESULTS/report.html)")
    p.add_argument("--lang", "--language", dest="lang", choices=["zh", "en"],
                   help="report language (default: the study's)")
    p.add_argument("--pdf", action="store_true", help="also print it to an A4 PDF beside it (needs Chromium)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing file of another results folder (never its results or tables)")
    p.set_defaults(func=_report)
    p = sub.add_parser("compare", help="province comparison report for policy staff")
    p.add_argument("provinces", nargs="+", help="province names in any spelling (浙江, Zhejiang, 330000)")
    p.add_argument("--results", default="results", help="results folder written by `digigov run`")
    p.add_argument("--output", help="HTML file, or a Word file when it ends in .docx (default: "
                                    "RESULTS/comparison.html)")
    p.add_argument("--lang", "--language", dest="lang", choices=["zh", "en"],
                   help="report language (default: the study's)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing file of a results folder, such as its report.html")
    p.set_defaults(func=_compare)
    p = sub.add_parser("init", help="write a study file from one's own CSV (every choice commented)")
    p.add_argument("data", help="the CSV file, one row per case (UTF-8 or GBK)")
    p.add_argument("--outcome", help="the outcome column (asked at a terminal when left out)")
    p.add_argument("--conditions", help="condition columns, comma-separated (asked at a terminal when left out)")
    p.add_argument("--out", default="study.yaml", help="the study file to write (default: study.yaml)")
    p.add_argument("--lang", "--language", dest="lang", choices=["zh", "en"],
                   help="report language (default: zh when the data hold Chinese names)")
    p.add_argument("--force", action="store_true", help="replace an existing study file")
    p.set_defaults(func=_init)
    add_export_parser(sub)
    add_spatial_parser(sub)
    p = sub.add_parser("app", help="interactive workbench in the browser (needs the 'app' extra)")
    p.add_argument("--port", type=int, default=8765, help="local port (default: 8765)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--example", action="store_true", help="open with the bundled example on its truth table")
    p.add_argument("--lang", "--language", dest="lang", choices=["zh", "en"], default="en",
                   help="language of the page (default: en; switchable in the page)")
    p.set_defaults(func=_app)
    return ap


def main(argv=None) -> int:
    from libdigigov.io import parse_args

    args, status = parse_args(build_parser(), argv)
    if args is None:
        return status
    from fsqca import QCAInputError
    from geodetector.errors import GeodetectorError
    from indicators.errors import IndicatorInputError
    from libdigigov.io import InputFileError, run_command
    from spatial.errors import SpatialInputError

    return run_command("digigov", args.func, args,
                       (StudyError, QCAInputError, GeodetectorError, IndicatorInputError, InputFileError,
                        SpatialInputError))[0]


if __name__ == "__main__":
    sys.exit(main())
