"""The calibration checks in words: skewed sets and cases at exactly 0.5 of the main calibration
and of every robustness recalibration (``results.json``'s ``calibration_checks``, written by
:func:`digigov.variants.checks.checks_json`), for the command's summary and the report."""
from __future__ import annotations

from collections.abc import Mapping

from ...templates import esc
from ...templates.strings import t
from . import strings  # noqa: F401  (registers the "calibration." strings)

__all__ = ["warning_texts", "warning_notes", "summary_warnings", "checks_html"]

#: Cases at 0.5 named per set before the rest are counted.
SHOWN = 20


def _step(entry: Mapping, lang: str) -> str:
    text = (t(lang, "calibration.recalibration", label=entry["label"]) if entry.get("label")
            else t(lang, "calibration.main"))
    return text[:1].upper() + text[1:]


def _named(view, cases: list, lang: str) -> str:
    text = view.cases(cases[:SHOWN], lang)
    return text + (" " + t(lang, "calibration.more", n=len(cases)) if len(cases) > SHOWN else "")


def warning_texts(view, lang: str) -> list[str]:
    """One sentence per skewed set and per set with cases at 0.5, each naming its step."""
    checks = view.get("calibration_checks") or {}
    low = float(checks.get("skew_threshold", 0.2))
    out = []
    for entry in checks.get("steps") or []:
        step = _step(entry, lang)
        for s in entry.get("skewed") or []:
            out.append(t(lang, "calibration.skewed", step=step, set=view.label(s["set"], lang), share=s["share_above"],
                         above=s["above"], cases=s["cases"], low=low, high=1 - low))
        by_set: dict = {}
        for h in entry.get("at_half") or []:
            by_set.setdefault(h["set"], []).append(h["case"])
        if by_set:
            sep = "；" if lang == "zh" else "; "
            colon = "：" if lang == "zh" else ": "
            listed = sep.join(f"{view.label(name, lang)}{colon}{_named(view, cases, lang)}"
                              for name, cases in by_set.items())
            out.append(t(lang, "calibration.at_half", step=step, n=sum(map(len, by_set.values())), cases=listed))
    return out


def warning_notes(view, lang: str) -> list[str]:
    """The warnings with the rule they apply (the notes of the published calibration table);
    nothing when there is no warning."""
    lines = warning_texts(view, lang)
    return [*lines, _rule(view, lang)] if lines else []


def _rule(view, lang: str) -> str:
    """The skew rule with the run's threshold."""
    low = float((view.get("calibration_checks") or {}).get("skew_threshold", 0.2))
    return t(lang, "calibration.rule", low=low, high=1 - low)


def summary_warnings(results: Mapping) -> list[str]:
    """The command's summary lines (English, as the rest of the summary)."""
    from ...view import ResultsView

    return [f"  warning: {line}" for line in warning_texts(ResultsView.of(results), "en")]


def checks_html(view, lang: str, *, quiet: bool = False, ident: str = "calibration-checks") -> str:
    """The warnings as HTML with the rule stated; ``quiet``: nothing when there is no warning
    (the summary's block, ``ident`` its HTML id)."""
    checks = view.get("calibration_checks")
    if not checks:
        return ""
    lines = warning_texts(view, lang)
    if quiet and not lines:
        return ""
    body = "".join(f"<p class=\"warning calibration-warning\">{esc(line)}</p>" for line in lines)
    if not lines:
        body = "".join(f"<p>{esc(t(lang, 'calibration.none', step=_step(e, lang)))}</p>"
                       for e in checks.get("steps") or [])
    return (f"<div id=\"{ident}\">{body}"
            f"<p class=\"note\">{esc(_rule(view, lang))}</p></div>")
