"""The sufficiency analysis' figures: membership maps and XY plots of each configuration.

- ``map_outcome`` and ``map_config_<id>``: choropleths of the outcome membership and of each
  configuration's membership (the minimum over its literals) with the South China Sea inset
  of :func:`indicators.plot_provinces`; for a panel study, of the latest period;
- ``xy_config_<id>``: each configuration against the outcome (:func:`fsqca.xy_plot`).
"""
from __future__ import annotations

from ...figures import XY_RASTER, FigureSpec, are_provinces, draw_map, draw_xy, stem, xy_note
from ...templates.strings import t

__all__ = ["sufficiency_figures"]


def sufficiency_figures(view, lang: str) -> list[FigureSpec]:
    study = view.study
    outcome = study.get("outcome")
    if not view.get("memberships"):
        return []
    specs: list[FigureSpec] = []
    member = t(lang, "membership")
    mapped, period = view.map_view()
    m, configs = mapped.memberships, mapped.configuration_memberships

    def titled(text: str) -> str:
        return text if period is None else t(lang, "fig_in_period", title=text, period=period)

    # report.maps: false in the study file turns the maps off
    if study.get("maps", True) and outcome in m.columns and are_provinces(m.index):
        cap = titled(t(lang, "fig_map_outcome", label=view.label(outcome, lang)))
        specs.append(FigureSpec("map_outcome", "maps", cap,
                                lambda cap=cap: draw_map(m[outcome], cap, lang, member)))
        for cid in configs.columns:
            cap = titled(t(lang, "fig_map_config", id=view.configuration_ident(cid, lang)))
            specs.append(FigureSpec(f"map_config_{stem(cid)}", "maps", cap,
                                    lambda cid=cid, cap=cap: draw_map(configs[cid], cap, lang, member)))
    full, all_configs = view.memberships, view.configuration_memberships
    if outcome in full.columns:
        y_label = view.label(outcome, lang)
        for cid in all_configs.columns:
            cap = t(lang, "fig_xy", id=view.configuration_ident(cid, lang))
            cap += (" " if lang == "en" else "") + xy_note(len(full), lang) if len(full) > XY_RASTER else ""
            x = all_configs[cid].rename(f"{t(lang, 'configuration')} {cid}")
            specs.append(FigureSpec(f"xy_config_{stem(cid)}", "xy", cap,
                                    lambda x=x, cap=cap: draw_xy(x, full[outcome], lang, x.name, y_label, cap)))
    return specs
