"""The workbench's long steps of the truth table and necessity pages: the solutions at several
consistency cut-offs (a robustness sweep), the opened study's robustness plan and NCA's
permutation test. They run in a worker thread
through :mod:`digigov.app.longtask` (the mechanism of the province comparison): a progress bar,
and Cancel stops them at their next report.
"""
from __future__ import annotations

from html import escape

from shiny import reactive, render, ui

from . import bridge, model, studyio, views
from .longtask import LongStep, run_in_thread
from .strings import t

__all__ = ["register"]


def register(input, output, session, *, wb, analysis, message, fail, current_lang, version, variables) -> None:
    nca_tested = reactive.value(None, name="nca_tested")     # (result, test_rep, seed)

    def cancelled():
        message.set(("info", t("cancelled", current_lang())))

    async def permutation_test(report, stop, cur, mem, reps: int, seed: int):
        return await run_in_thread(
            lambda progress: (model.nca_test(cur, reps, seed, mem,
                                             progress=lambda done, total: progress(done / total, f"{done}/{total}")),
                              reps, seed), report, stop)

    def _nca_done(res):
        nca_tested.set(res)
        _, reps, seed = res
        with reactive.isolate():
            cur = wb()
        if cur is not None:
            # the saved study runs the same test: `digigov run` reproduces the p-values on screen
            wb.set(model.with_nca_test(cur, reps, seed))

    nca_step = LongStep("nca", permutation_test, on_success=_nca_done, on_error=lambda exc: fail("NCA", exc))
    nca_step.wire(input, cancel="nca_cancel", status="nca_status", element_id="dg-nca-step",
                  wait=lambda: t("nca_wait", current_lang()), on_cancel=cancelled)

    @reactive.effect
    @reactive.event(input.nca_test)
    def _nca_test():
        cur, a = wb(), analysis()
        if cur is None or not cur.conditions:
            message.set(("warning", t("load_first", current_lang())))
            return
        try:
            reps, seed = int(input.nca_reps() or 0), int(input.nca_seed() or 0)
            if not 1 <= reps <= 10_000_000 or seed < 0:
                raise model.UserInputError(f"permutations {reps}, seed {seed}: give 1 to 10,000,000 permutations "
                                           "and a seed >= 0")
        except (TypeError, ValueError) as exc:
            fail("NCA", exc)
            return
        nca_tested.set(None)
        nca_step.start(cur, a.memberships, reps, seed, text=t("nca_of", current_lang()).format(n=reps, seed=seed))

    @reactive.effect
    @reactive.event(version)
    def _nca_settings():
        cur = wb()
        if cur is not None:
            st = model.nca_settings(cur)
            ui.update_numeric("nca_reps", value=int(st["test_rep"]) or 1000)
            ui.update_numeric("nca_seed", value=int(st["seed"]))
        nca_tested.set(None)

    @render.ui
    def nca_table():
        res = nca_tested()
        key = variables()
        if res is None or key is None:
            return None
        result, reps, seed = res
        if set(result.conditions) - set(key[2]):
            return None                     # the conditions changed since: the test is out of date
        frame = result.to_frame()[["condition", "ceiling", "effect_size", "p_value", "p_accuracy", "effect"]]
        notes = "".join(f"<p class='dg-note'>{escape(n)}</p>" for n in result.notes if "permutation" in n)
        # the p-values at full precision, in results.json's layout (read by the reproducibility test)
        shown = {e["condition"]: {c: m["p_value"] for c, m in e["ceilings"].items()}
                 for e in result.to_dict()["conditions"]}
        return ui.HTML(f"<div class='dg-nca-test' data-test-rep='{reps}' data-seed='{seed}'>"
                       + frame.to_html(classes="table table-sm dg-table dg-nca-p", index=False,
                                       float_format=lambda v: f"{v:.4f}") + notes
                       + views.numbers_script(shown, "dg-nca-numbers") + "</div>")

    sens_rows = reactive.value(None, name="sens_rows")      # (rows, workbench they were computed on)

    async def sweep(report, stop, cur):
        return await run_in_thread(lambda progress: (model.sensitivity(cur, progress=progress), cur), report, stop)

    sens_step = LongStep("sensitivity", sweep, on_success=sens_rows.set,
                         on_error=lambda exc: fail("sensitivity", exc))
    sens_step.wire(input, cancel="sens_cancel", status="sens_status", element_id="dg-sens-step",
                   wait=lambda: t("sens_wait", current_lang()), on_cancel=cancelled)

    @reactive.effect
    @reactive.event(input.sens_run)      # on demand only: five analyses would slow every slider move
    def _sens_run():
        cur = wb()
        if cur is None:
            return
        sens_rows.set(None)
        sens_step.start(cur)

    @render.ui
    def sens_table():
        done = sens_rows()
        if done is None:
            return None
        rows_in, cur = done
        lang = current_lang()
        rows = []
        for r in rows_in:
            current = " class='dg-current'" if abs(r["incl_cut"] - cur.incl_cut) < 1e-9 else ""
            fit = ["" if r[k] is None else format(r[k], ".3f") for k in ("inclS", "covS")]
            rows.append(f"<tr{current}><td>{r['incl_cut']:.2f}</td><td>{r['n_sufficient']}</td>"
                        f"<td>{escape('; '.join(r['parsimonious']) or '-')}</td>"
                        f"<td>{escape('; '.join(r['intermediate']) or '-')}</td><td>{fit[0]}</td><td>{fit[1]}</td></tr>")
        rows = "".join(rows)
        caption = f"pri_cut {cur.pri_cut:g}, n_cut {cur.n_cut}" + (
            f"; dir_exp {', '.join(f'{k}={v}' for k, v in cur.dir_exp.items())}" if cur.dir_exp else "")
        return ui.HTML(f"<table class='table table-sm dg-table dg-sens'><caption>{escape(caption)}</caption>"
                       "<thead><tr><th>incl_cut</th>"
                       f"<th>{escape(t('n_sufficient', lang))}</th><th>{escape(t('parsimonious', lang))}</th>"
                       f"<th>{escape(t('intermediate', lang))}</th><th>inclS</th><th>covS</th></tr></thead>"
                       f"<tbody>{rows}</tbody></table>")

    rob_result = reactive.value(None, name="rob_result")

    async def plan(report, stop, cur):
        return await run_in_thread(lambda progress: studyio.robustness_plan(cur, progress=progress), report, stop)

    rob_step = LongStep("robustness", plan, on_success=rob_result.set, on_error=lambda exc: fail("robustness", exc))
    rob_step.wire(input, cancel="rob_cancel", status="rob_status", element_id="dg-rob-step",
                  wait=lambda: t("rob_wait", current_lang()), on_cancel=cancelled)

    @reactive.effect
    @reactive.event(input.rob_run)
    def _rob_run():
        cur = wb()
        if cur is None:
            message.set(("warning", t("load_first", current_lang())))
            return
        rob_result.set(None)
        rob_step.start(cur)

    @reactive.effect
    @reactive.event(version)
    def _forget():
        # new data or a new study: results of the old ones are not shown with the new, and steps
        # still running on the old ones stop
        for step in (rob_step, sens_step, nca_step):
            if step.running():
                step.cancel()
        rob_result.set(None)
        sens_rows.set(None)

    @render.ui
    def rob_table():
        res = rob_result()
        if res is None:
            return None
        lang = current_lang()
        verdict, counts = (bridge.verdicts(res.results) or [("untested", {})])[0]
        text = t("rob_verdict", lang).format(
            verdict=t(verdict, lang), counts=", ".join(f"{bridge.report_word(k, lang)} {v}" for k, v in counts.items()))
        tables = ""
        for out in res.outputs().values():
            if getattr(out, "comparison", None) is None:
                continue
            frame = out.comparison.reset_index()
            if "relation" in frame.columns:
                frame["relation"] = [bridge.report_word(str(r), lang) for r in frame["relation"]]
            tables += frame.to_html(classes="table table-sm dg-table dg-rob", index=False,
                                    float_format=lambda v: f"{v:.3f}")
        return ui.HTML(f"<div class='dg-robustness' data-verdict='{verdict}'><p>{escape(text)}</p>{tables}</div>")
