"""Issue: 'strongest strategy' is one rule, stated with its support, wherever it is claimed."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from digigov.methods.geodetector.report import strategy_statement

FIXTURE = Path(__file__).parents[1] / "fixtures" / "results_synthetic.json"


class _View(dict):
    """The little of the results view the statement needs: the results and display labels."""

    def plain(self, var, lang):
        labels = (self.get("study") or {}).get("labels") or {}
        return (labels.get(var) or {}).get(lang, var)


@pytest.fixture
def results():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang, rule, weak, untested", [
    ("en", "rank 1 by q(all core conditions ∩ auxiliary)", "not distinguishable from the runner-up",
     "support not computed"),
    ("zh", "按 q(全部核心条件 ∩ 辅助条件) 排序第 1", "无法区分", "未计算统计支持"),
])
def test_the_claim_names_rank_one_its_rule_and_its_support(results, lang, rule, weak, untested):
    view = _View(results)
    # the fixture's rankings carry no resampling: the claim says its support was not computed
    first = strategy_statement(view, results["geodetector"]["strategies"][0]["configuration"], lang)
    assert untested in first and weak not in first
    for entry in results["geodetector"]["strategies"]:      # now with the bootstrap's support
        for k, r in enumerate(sorted(entry["ranking"], key=lambda r: r["rank"])):
            r["support_next"] = [0.97, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5][k] if entry["configuration"] != "1" else 0.7
            r["p_value"] = 0.01
    for entry in results["geodetector"]["strategies"]:
        ranking = sorted(entry["ranking"], key=lambda r: r["rank"])
        first, second = ranking[0], ranking[1]
        line = strategy_statement(view, entry["configuration"], lang)
        assert rule in line and view.plain(first["auxiliary"], lang) in line
        assert f"{first['q']:.3f}" in line and view.plain(second["auxiliary"], lang) in line
        alpha = results["geodetector"].get("alpha", 0.05)
        assert (weak in line) == (first["support_next"] < 1 - alpha)
        assert untested not in line


def test_stored_rule_is_used_and_a_clear_lead_says_so(results):
    view = _View(copy.deepcopy(results))
    entry = view["geodetector"]["strategies"][0]
    entry["strongest"] = {"auxiliary": "B", "score": 0.61, "rank_by": "mean", "rule": "", "runner_up": "I",
                          "runner_up_score": 0.40, "support_next": 0.99, "p_first": 0.97, "enhancement_p": 0.004,
                          "alpha": 0.05, "verdict": "clear"}
    line = strategy_statement(view, entry["configuration"], "en")
    assert "rank 1 by the mean q(core condition ∩ auxiliary)" in line
    assert "in 99% of bootstrap resamples" in line and "p = 0.004" in line
    assert "not distinguishable" not in line


@pytest.mark.parametrize("change, reason", [
    ({"ranking": [], "auxiliary": []}, "no present peripheral condition"),
    ({"ranking": [], "core": []}, "core conditions are not among the stratified conditions"),
])
def test_a_configuration_without_a_strategy_line_says_why(results, change, reason):
    view = _View(copy.deepcopy(results))
    view["geodetector"]["strategies"][0].update(change)
    assert reason in strategy_statement(view, view["geodetector"]["strategies"][0]["configuration"], "en")
