"""The notebooks run top to bottom, write nothing, and show what they promise.

Each notebook is executed once per test module with nbclient (kernel ``python3``) in an empty
temporary working directory; a cell error fails the test. The checks on the outputs compare
with values stated independently of the package: the reference study's published
configurations (typed from the article's text), and textbook answers for the teaching examples.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_reproducing_the_study", "02_learning_fsqca", "03_geodetector", "04_nca"]
CELL_TIMEOUT = 300


def _execute(name: str, workdir: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(workdir)}})
    client.execute()
    return nb


def _text(nb) -> str:
    """All text the notebook shows: streams and plain-text results, in order.

    Consecutive stream outputs are joined as they are: the kernel splits one cell's printing
    into several outputs whenever its flush interval passes, which depends on machine load.
    """
    parts = []
    for cell in nb.cells:
        last_stream = None
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                if last_stream == out.name:
                    parts[-1] += out.text
                else:
                    parts.append(out.text)
                last_stream = out.name
                continue
            last_stream = None
            if out.output_type in ("execute_result", "display_data"):
                parts.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _stderr(nb) -> str:
    return "\n".join(out.text for cell in nb.cells for out in cell.get("outputs", [])
                     if out.output_type == "stream" and out.name == "stderr")


def _images(nb) -> int:
    return sum("image/png" in out.get("data", {}) for cell in nb.cells for out in cell.get("outputs", []))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Each notebook executed once, with the files left in its working directory."""
    cache = {}

    def get(name: str):
        if name not in cache:
            workdir = tmp_path_factory.mktemp(name)
            cache[name] = (_execute(name, workdir), sorted(p.name for p in workdir.iterdir()))
        return cache[name]

    return get


# ---- the committed files --------------------------------------------------------------
def test_every_notebook_is_listed():
    assert sorted(p.stem for p in NOTEBOOKS.glob("[0-9]*.ipynb")) == NAMES


#: A cell whose source says this shows output that depends on the machine (a time limit):
#: its committed output is not compared with a fresh run.
MACHINE_DEPENDENT = "depends on the machine's speed"


def _shown(nb) -> list[str]:
    """Per code cell, what a reader sees of it: printed text and plain-text results (stderr,
    which carries progress lines with timings, and images are left out)."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code" or MACHINE_DEPENDENT in cell.source:
            continue
        parts = []
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stdout":
                parts.append(out.text)
            elif out.output_type in ("execute_result", "display_data"):
                parts.append(out.get("data", {}).get("text/plain", ""))
        cells.append("".join(parts))
    return cells


@pytest.mark.parametrize("name", NAMES)
def test_committed_with_outputs_that_a_reader_can_see(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code cells"
    assert all(c.execution_count is not None for c in code), (
        f"{name} is committed without outputs: run python notebooks/build.py --execute {name}")
    assert _images(nb) >= 3
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_committed_outputs_are_what_a_fresh_run_shows(executed, name):
    committed = _shown(nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4))
    fresh = _shown(executed(name)[0])
    stale = [i for i, (a, b) in enumerate(zip(committed, fresh)) if a != b]
    assert len(committed) == len(fresh) and not stale, (
        f"{name}: the committed outputs of code cells {stale[:5]} differ from a fresh run: run "
        f"python notebooks/build.py --execute {name}")


def test_notebooks_match_their_sources():
    spec = importlib.util.spec_from_file_location("notebook_build", NOTEBOOKS / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for src, target in build.targets():
        committed = build.strip_outputs(target.read_text(encoding="utf-8"))
        assert committed == build.render(src), (
            f"{target.name} differs from src/{src.name}: run python notebooks/build.py --execute")


def test_builder_parses_cells():
    spec = importlib.util.spec_from_file_location("notebook_build", NOTEBOOKS / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    cells = build.parse("# %% [markdown]\n# # Title\n#\n# text\n\n# %%\nx = 1\n\n# %%\nx\n")
    assert cells == [("markdown", "# Title\n\ntext"), ("code", "x = 1"), ("code", "x")]
    with pytest.raises(ValueError, match="without '#'"):
        build.parse("# %% [markdown]\nnot a comment\n")


# ---- execution ------------------------------------------------------------------------
def test_kernel_runs_this_python(tmp_path):
    """The python3 kernel is the interpreter (and so the installation) under test."""
    import sys

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.prefix)")])
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert nb.cells[0].outputs[0].text.strip() == sys.prefix


@pytest.mark.parametrize("name", NAMES)
def test_runs_writes_nothing_and_draws(executed, name):
    nb, left = executed(name)
    assert left == [], f"{name} left files in its working directory: {left}"
    assert _images(nb) >= 3
    # every Chinese label had a glyph (matplotlib warns "Glyph ... missing from font(s)")
    assert "missing from" not in _stderr(nb)


# The study's four configurations as the article states them (管理学报 2023, issue 12):
# core and peripheral literals, and the covered provinces.
PUBLISHED = [
    ({"G", "Cs", "~R"}, {"B", "I", "T", "Sl", "~Sp"}, {"Beijing", "Hubei"}),
    ({"B", "Cs", "~R"}, {"Cl", "G", "I", "T", "Sl"}, {"Guangdong", "Shanghai", "Shandong"}),
    ({"Cl"}, {"Cs", "R", "Sp", "I", "B", "Sl", "~G"}, {"Zhejiang", "Tianjin", "Fujian"}),
    ({"Cs", "Sl", "~R"}, {"Cl", "B", "G", "Sp", "~T", "~I"}, {"Sichuan", "Anhui", "Jiangxi"}),
]


def test_study_notebook_prints_the_four_configurations(executed):
    nb, _ = executed("01_reproducing_the_study")
    text = _text(nb)
    printed = re.findall(r"^configuration (\w+): core (.*?) \| peripheral (.*?) \| (.*)$", text, re.M)
    assert len(printed) == 4, text[:2000]
    found = [(set(core.split(", ")), set(peri.split(", ")), set(cases.split(", ")))
             for _, core, peri, cases in printed]
    for core, peri, cases in PUBLISHED:
        match = [f for f in found if f[0] == core and f[1] == peri]
        assert match, f"no computed configuration with core {core} and peripheral {peri}"
        assert cases <= match[0][2]
    # the published fit figures are shown beside the computed ones, and the data are flagged
    assert "0.920" in text and "0.578" in text and "0.441" in text
    assert "synthetic: True" in text


def test_study_notebook_robustness_and_geodetector_tables(executed):
    nb, _ = executed("01_reproducing_the_study")
    text = _text(nb)
    # the study's first robustness check: consistency 0.8 -> 0.75 changes nothing
    assert re.search(r"consistency 0\.75\s+identical", text)
    # every q value the article states is listed beside a computed one
    for q in ("0.463", "0.523", "0.591", "0.390", "0.720", "0.555", "0.502", "0.706"):
        assert q in text
    assert "necessary for P: none" in text


def test_fsqca_notebook_teaching_examples(executed):
    nb, _ = executed("02_learning_fsqca")
    text = _text(nb)
    # the cyclic prime-implicant chart has exactly these two minimal covers
    assert "M1: ~A*~B + A*C + B*~C" in text and "M2: ~A*~C + A*B + ~B*C" in text
    assert "2 model(s) reach it" in text
    # a chart too ambiguous to list: the output says the count is a lower bound
    assert re.search(r"\d+ models? shown; at least \d+ minimal models \(counting stopped", text)
    # complex A*B*C, parsimonious A, and the intermediate solution moving between them
    assert re.search(r"complex:\s+A\*B\*C", text) and re.search(r"parsimonious:\s+A\s", text)
    assert re.search(r"A=1, B=1, C=0\s+A\*B\s", text)
    assert re.search(r"A=1, B=0, C=0\s+A\s", text)
    # the case at exactly 0.5 is reported, and moved only when asked
    assert "exactly 0.5" in text and "'x': 0.501" in text
    # a chart that cannot be proven in 5 s: progress lines on stderr, then the best cover found
    # with its proven lower bound, marked as such
    assert re.search(r"fsqca minimize: \d+ s, .*best \d+, lower bound \d+", _stderr(nb))
    found = re.search(r"best found: (\d+) implicants; lower bound (\d+); not proven minimal", text)
    assert found and int(found.group(2)) < int(found.group(1))
    assert "proven minimal: False" in text
    # section 7.4: unrelated data are expected to give empty truth tables; one line says how
    # often, instead of a warning per data set with a hint that does not apply
    assert re.search(r"\d+ of 140 random data sets had no positive row", text)
    assert "R's default incl_cut = 1" not in _stderr(nb)
    # section 8: the exercises of docs/teaching.md, answered on the same data
    assert "positive rows: [32]" in text and "parsimonious: URB*STB" in text
    assert "parsimonious for ~SURV: ~DEV + ~STB" in text
    assert "intermediate: DEV*URB*LIT*STB + DEV*LIT*~IND*STB" in text


def test_geodetector_notebook_interaction_types(executed):
    nb, _ = executed("03_geodetector")
    text = _text(nb)
    for kind in ("independent", "nonlinear enhance", "bi-variable enhance", "nonlinear weaken",
                 "uni-variable weaken"):
        assert kind in text
    assert "(never negative)" in text
    hand = re.search(r"q = 1 - SSW/SST = ([0-9.]+)", text).group(1)
    package = re.search(r"factor_detector: q = ([0-9.]+)", text).group(1)
    assert hand == package


def test_geodetector_notebook_is_deterministic(executed, tmp_path):
    first, _ = executed("03_geodetector")
    again = _execute("03_geodetector", tmp_path)
    assert _text(again) == _text(first)


def test_nca_notebook_by_hand_and_kind_versus_degree(executed):
    nb, _ = executed("04_nca")
    text = _text(nb)
    by_hand = re.search(r"d = zone / scope = ([0-9.]+)", text).group(1)
    assert f"CE-FDH d = {by_hand}" in text          # the hand integration equals fsqca.nca
    assert "degree only" in text and "kind only" in text
