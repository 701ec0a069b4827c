"""Strategy ranking, heatmaps and CJK rendering."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from libdigigov.fonts import cjk_font_path, has_cjk, register_cjk_font, use_cjk_font  # noqa: E402
from geodetector import interaction_detector  # noqa: E402
from geodetector.plotting import (  # noqa: E402
    plot_interaction_matrix,
    plot_strategy_heatmap,
    plot_strategy_heatmaps,
    save_figure,
)
from geodetector.strategy import strategy_ranking  # noqa: E402

CONDITIONS = ["G", "Cs", "R", "B", "I", "T", "Sl"]
NAMES = {"G": "政府推动", "Cs": "公民需求", "R": "资源禀赋", "B": "营商环境", "I": "信息基础",
         "T": "透明度", "Sl": "服务供给"}


@pytest.fixture
def df():
    rng = np.random.default_rng(7)
    n = 62
    data = {c: rng.integers(1, 4, n) for c in CONDITIONS}
    y = data["G"] * 0.6 + data["Cs"] * data["B"] * 0.3 + rng.normal(0, 0.4, n)
    return pd.DataFrame({"y": y, **data},
                        index=[f"省{i}" for i in range(n)])


def naive_q(y, keys):
    y = np.asarray(y, float)
    groups = pd.Series(y).groupby([pd.Series(np.asarray(k)) for k in keys])
    ssw = groups.apply(lambda g: ((g - g.mean()) ** 2).sum()).sum()
    return 1 - ssw / ((y - y.mean()) ** 2).sum()


def test_ranking_by_q_of_core_cross_auxiliary(df):
    res = strategy_ranking(df, "y", core=["G", "Cs"], auxiliary=["B", "I", "T", "Sl"],
                           conditions=CONDITIONS, name="1")
    expected = {a: naive_q(df["y"], [df["G"], df["Cs"], df[a]]) for a in ["B", "I", "T", "Sl"]}
    order = sorted(expected, key=expected.get, reverse=True)
    assert res.order == order
    for r in res.table.itertuples():
        assert r.q_core_aux == pytest.approx(expected[r.auxiliary], abs=1e-12)
    assert res.q_core == pytest.approx(naive_q(df["y"], [df["G"], df["Cs"]]), abs=1e-12)
    assert (res.table["gain"] >= -1e-12).all()  # crossing more conditions never lowers q
    assert list(res.table["rank"]) == [1, 2, 3, 4]
    assert res.pairs.loc["Cs", "B"] == pytest.approx(naive_q(df["y"], [df["Cs"], df["B"]]))


def test_rank_by_pairwise_scores(df):
    core, aux = ["G", "Cs"], ["B", "I", "T", "Sl"]
    pair = {a: [naive_q(df["y"], [df[c], df[a]]) for c in core] for a in aux}
    for rank_by, score in (("max", max), ("mean", lambda v: sum(v) / len(v))):
        res = strategy_ranking(df, "y", core, aux, rank_by=rank_by)
        assert res.order == sorted(aux, key=lambda a: score(pair[a]), reverse=True)
    with pytest.raises(ValueError, match="rank_by"):
        strategy_ranking(df, "y", core, aux, rank_by="sum")


def test_q_max_searches_all_conditions(df):
    res = strategy_ranking(df, "y", core=["Cs"], auxiliary=["I", "T"], conditions=CONDITIONS)
    row = res.q_max.iloc[0]
    qs = {c: naive_q(df["y"], [df["Cs"], df[c]]) for c in CONDITIONS if c != "Cs"}
    best = max(qs, key=qs.get)
    assert row["partner"] == best and row["q_max"] == pytest.approx(qs[best], abs=1e-12)
    assert row["role"] == ("auxiliary" if best in ("I", "T") else "other")
    assert "strongest interaction" in res.summary()


def test_bad_configuration():
    df = pd.DataFrame({"y": [1.0, 2, 3, 4], "a": [1, 1, 2, 2], "b": [1, 2, 1, 2]})
    with pytest.raises(ValueError, match="both core and auxiliary"):
        strategy_ranking(df, "y", ["a"], ["a", "b"])


def test_bundled_cjk_font_has_the_glyphs():
    from matplotlib.ft2font import FT2Font

    path = cjk_font_path()
    assert path is not None and path.is_file()
    font = FT2Font(str(path))
    for ch in "政府推动营商环境组态北京广东":
        assert font.get_char_index(ord(ch)) != 0, ch
    assert "CJK" in register_cjk_font()
    assert has_cjk("广东") and not has_cjk("Guangdong")


def _render_without_missing_glyphs(fig):
    import io

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=60)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)
               or "Glyph" in str(w.message)]
    plt.close(fig)
    return missing


def test_chinese_heatmaps_render_without_missing_glyphs(df):
    inter = interaction_detector(df, "y", CONDITIONS)
    assert _render_without_missing_glyphs(
        plot_interaction_matrix(inter, labels=NAMES, lang="zh")) == []
    strat = strategy_ranking(df, "y", ["G", "Cs"], ["B", "I", "T", "Sl"], name="组态 1")
    assert _render_without_missing_glyphs(
        plot_strategy_heatmap(strat, labels=NAMES, lang="zh")) == []
    assert _render_without_missing_glyphs(plot_strategy_heatmap(strat, lang="en")) == []


def test_default_font_without_cjk_would_miss_glyphs():
    # guards the test above: the check does see missing glyphs when no CJK font is used
    fig, ax = plt.subplots()
    ax.set_title("政府推动", family="DejaVu Sans")
    assert _render_without_missing_glyphs(fig) != []


def test_use_cjk_font_sets_default_family():
    before = list(matplotlib.rcParams["font.sans-serif"])
    with matplotlib.rc_context():  # leave the global defaults as other tests expect them
        fam = use_cjk_font()
        assert matplotlib.rcParams["font.sans-serif"][0] == fam
        fig, ax = plt.subplots()
        ax.set_title("北京 −1.5")
        assert _render_without_missing_glyphs(fig) == []
    assert matplotlib.rcParams["font.sans-serif"] == before


def test_interaction_heatmap_marks_types(df):
    inter = interaction_detector(df, "y", ["G", "Cs", "B"])
    fig = plot_interaction_matrix(inter)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 6  # 3 diagonal + 3 pairs
    codes = {"NE", "BE", "IN", "UW", "NW"}
    assert sum(any(c in t for c in codes) for t in texts) == 3
    plt.close(fig)


def test_save_figure_is_atomic(tmp_path, df):
    strat = strategy_ranking(df, "y", ["G"], ["B", "I"])
    fig = plot_strategy_heatmap(strat)
    out = save_figure(fig, tmp_path / "heat.png", dpi=50)
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heat.png"]
    plt.close(fig)


def test_configuration_grid(df):
    configs = {"组态 1": (["G", "Cs"], ["B", "I", "T", "Sl"]), "组态 2": (["B", "Cs"], ["G", "I"]),
               "组态 3": (["G"], ["Cs", "R", "I"])}
    results = [strategy_ranking(df, "y", core, aux, name=name)
               for name, (core, aux) in configs.items()]
    fig = plot_strategy_heatmaps(results, ncols=2, labels=NAMES, lang="zh")
    visible = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert [ax.get_title() for ax in visible] == [f"优化热力图: {n}" for n in configs]
    assert _render_without_missing_glyphs(fig) == []


# ------------------------------------------------------------- the one "strongest strategy" rule
@pytest.mark.parametrize("rank_by", ["cross", "max", "mean"])
def test_strongest_is_rank_one_by_the_results_own_rule(df, rank_by):
    res = strategy_ranking(df, "y", core=["G", "Cs"], auxiliary=["R", "B", "I", "T"],
                           rank_by=rank_by, n_perm=99, n_boot=200, seed=3)
    best = res.strongest()
    pair = {(c, a): naive_q(df["y"], [df[c], df[a]]) for c in ["G", "Cs"] for a in ["R", "B", "I", "T"]}
    scores = {a: (pair["G", a] + pair["Cs", a]) / 2 if rank_by == "mean"
              else max(pair["G", a], pair["Cs", a]) if rank_by == "max"
              else naive_q(df["y"], [df["G"], df["Cs"], df[a]]) for a in ["R", "B", "I", "T"]}
    top, second = sorted(scores, key=scores.get, reverse=True)[:2]
    assert (best.auxiliary, best.runner_up) == (top, second)
    assert best.score == pytest.approx(scores[top]) and best.runner_up_score == pytest.approx(scores[second])
    row = res.table.set_index("auxiliary").loc[top]
    assert best.support_next == row["support_next"] and best.enhancement_p == row["p_value"]
    assert best.verdict == ("clear" if row["support_next"] >= 0.95 else "indistinct")
    assert best.rule == {"cross": "rank 1 by q(all core conditions ∩ auxiliary)",
                         "max": "rank 1 by the largest q(core condition ∩ auxiliary) over the core conditions",
                         "mean": "rank 1 by the mean of q(core condition ∩ auxiliary) over the core conditions",
                         }[rank_by]
    assert best.statement().startswith(f"{top} (score {scores[top]:.3f}; rank 1 by")


def test_strongest_states_when_support_is_missing_or_nothing_to_rank(df):
    untested = strategy_ranking(df, "y", core=["G"], auxiliary=["B", "T"], n_perm=0, n_boot=0).strongest()
    assert untested.verdict == "untested" and "support not computed" in untested.statement()
    only = strategy_ranking(df, "y", core=["G"], auxiliary=["B"], n_perm=0, n_boot=0).strongest()
    assert only.verdict == "only" and only.runner_up is None


def test_strongest_is_clear_when_the_bootstrap_always_agrees():
    rng = np.random.default_rng(0)
    n = 200
    core, strong, weak = rng.integers(1, 3, n), rng.integers(1, 3, n), rng.integers(1, 3, n)
    y = core + 3 * strong * core + rng.normal(0, 0.1, n)
    data = pd.DataFrame({"y": y, "C": core, "S": strong, "W": weak})
    best = strategy_ranking(data, "y", core=["C"], auxiliary=["W", "S"], n_boot=200, n_perm=99).strongest()
    assert (best.auxiliary, best.verdict, best.support_next) == ("S", "clear", 1.0)
    assert "not distinguishable" not in best.statement()


@pytest.mark.parametrize("rank_by", ["cross", "mean"])
def test_heatmap_frames_the_column_of_the_strongest_strategy(df, rank_by):
    from matplotlib.patches import Rectangle

    res = strategy_ranking(df, "y", core=["G", "Cs"], auxiliary=["R", "B", "I", "T"], rank_by=rank_by,
                           n_perm=0, n_boot=0)
    fig = plot_strategy_heatmap(res)
    frames = [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(frames) == 1
    assert frames[0].get_x() + 0.5 == res.order.index(res.strongest().auxiliary)
    assert frames[0].get_height() == 3          # the two core rows and the crossed row
    plt.close(fig)


def test_strongest_of_a_result_read_back_from_json(df):
    import json

    res = strategy_ranking(df, "y", core=["G"], auxiliary=["B", "T"], n_perm=0, n_boot=0)
    again = type(res).from_dict(json.loads(json.dumps(res.to_dict(), default=str).replace("NaN", "null")))
    best = again.strongest()
    assert best.auxiliary == res.strongest().auxiliary and best.verdict == "untested"
