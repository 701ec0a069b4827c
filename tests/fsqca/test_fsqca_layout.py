"""fsqca's folders: public import paths, and engines that never import the command layer."""
from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import fsqca

ROOT = Path(__file__).resolve().parents[2]
#: The command layer: argument wiring and output of the ``fsqca`` subcommands.
COMMAND_MODULES = {"fsqca.cli", "fsqca.arguments", "fsqca.__main__", "fsqca.nca.cli", "fsqca.diagnostics.cli"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path):
    """Every module a file imports (inside functions too), relative imports resolved."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package) \
                if node.level else node.module
            yield base
            for a in node.names:        # ``from . import cli`` names a module
                yield f"{base}.{a.name}"


def test_engines_never_import_the_command_layer():
    bad = []
    for path in sorted((ROOT / "fsqca").rglob("*.py")):
        name = _module_name(path)
        if name in COMMAND_MODULES:
            continue
        bad += [f"{name} imports {m}" for m in _imported(path) if m in COMMAND_MODULES]
    assert bad == []


def test_the_subpackages_hold_the_concepts():
    assert (ROOT / "fsqca" / "nca" / "ceilings.py").exists()
    assert not list((ROOT / "fsqca").glob("nca_*.py"))
    for old in ("supersubset", "findrows", "modelfit", "panel", "case_selection", "robustness_ranges"):
        assert not (ROOT / "fsqca" / f"{old}.py").exists()
        assert (ROOT / "fsqca" / "diagnostics" / f"{old}.py").exists()


def test_documented_import_paths_keep_working():
    from fsqca.diagnostics import cluster, find_rows, model_fit, necessity_combinations, smmr
    from fsqca.nca import BottleneckTable, NCAResult, effect_label, nca, nca_plot

    assert fsqca.nca is nca and callable(fsqca.nca)
    assert nca.__module__ == "fsqca.nca.analysis"
    assert fsqca.NCAResult is NCAResult and fsqca.BottleneckTable is BottleneckTable
    assert fsqca.nca_plot is nca_plot and effect_label(0.2) == "medium"
    assert fsqca.find_rows is find_rows and fsqca.model_fit is model_fit
    assert fsqca.cluster is cluster and fsqca.necessity_combinations is necessity_combinations
    assert fsqca.smmr is smmr


def test_internal_fit_helper_no_longer_shares_the_public_model_fit_name():
    fit_module = sys.modules["fsqca.fit"] if "fsqca.fit" in sys.modules else importlib.import_module("fsqca.fit")
    assert not hasattr(fit_module, "model_fit") and callable(fit_module.fit_by_term)
    assert fsqca.model_fit.__module__ == "fsqca.diagnostics.modelfit"


def test_model_fit_and_cluster_share_the_common_arguments():
    from fsqca.cli import build_parser

    def options(command):
        sub = next(a for a in build_parser()._actions if a.dest == "command")
        return {o: a.help for a in sub.choices[command]._actions for o in a.option_strings}

    shared = ("--outcome", "--case-col", "--json")
    fit, clu, tt = options("model-fit"), options("cluster"), options("truth-table")
    assert all(fit[o] == clu[o] == tt[o] for o in shared)


def _cycle(graph: dict) -> list[str]:
    """One import cycle of ``graph`` (module -> imported modules), or []."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(u):
        state[u] = 1
        path.append(u)
        for v in sorted(graph[u]):
            if state.get(v) == 1:
                return path[path.index(v):] + [v]
            if not state.get(v):
                found = visit(v)
                if found:
                    return found
        path.pop()
        state[u] = 2
        return []

    for m in sorted(graph):
        if not state.get(m):
            found = visit(m)
            if found:
                return found
    return []


def test_no_import_cycle_inside_fsqca():
    # imports inside functions count: a cycle held together by them is still a cycle
    modules = {_module_name(p): p for p in (ROOT / "fsqca").rglob("*.py")}
    graph = {m: {i for i in _imported(p) if i in modules and i != m} for m, p in modules.items()}
    assert _cycle(graph) == []
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]      # the check itself finds one
