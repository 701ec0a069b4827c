"""Necessary Condition Analysis beside fsQCA's necessity test (the study file's ``nca:``)."""
from __future__ import annotations

import pandas as pd

from ...templates.strings import t
from ..base import CsvTable, Method, Section
from .report import nca_figures, nca_section, nca_tables
from .step import nca_json, run_nca

__all__ = ["NCA"]


class NCA(Method):
    name = "nca"

    def enabled(self, study) -> bool:
        return "nca" in study.spec

    def run(self, ctx) -> None:
        ctx.outputs["nca"] = run_nca(ctx.study, ctx.raw, ctx["calibration"].data)

    def results(self, ctx) -> dict:
        return {"nca": nca_json(ctx.study, ctx.get("nca"), ctx["necessity"].to_frame())}

    def csv_tables(self, ctx) -> list[CsvTable]:
        res = ctx.get("nca")
        if res is None:
            return []
        out = [CsvTable("nca_effects.csv", res.to_frame(), index=False)]
        out += [CsvTable(f"nca_bottleneck_{c}.csv", bt.to_frame(), index=False) for c, bt in res.bottlenecks.items()]
        kd = nca_json(ctx.study, res, ctx["necessity"].to_frame())["kind_and_degree"]
        out.append(CsvTable("necessity_kind_degree.csv", pd.DataFrame.from_records(kd), index=False))
        return out

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        if stem == "nca_effects":
            return t(lang, "nca.sheet_effects")
        if stem.startswith("nca_bottleneck_"):
            return t(lang, "nca.sheet_bottleneck", ceiling=stem[15:].upper().replace("_", "-"))
        if stem == "necessity_kind_degree":
            return t(lang, "nca.sheet_kind_degree")
        return None

    def tables(self, view, lang: str) -> list:
        return nca_tables(view, lang)

    def figures(self, view, lang: str) -> list:
        return nca_figures(view, lang)

    def sections(self, view, lang: str, figures) -> list[Section]:
        return [Section("nca", t(lang, "sec_nca"), nca_section(view, lang, figures), 25)]

