"""The engines' command-line cases of the safety round: an unsupported plot format refused before
anything is computed, plots written atomically, text and foreign anchors in robustness-ranges'
raw file, and geodetector's --chunks and --k."""
from __future__ import annotations

import errno
import os

import numpy as np
import pandas as pd
import pytest

import fsqca
import fsqca.cli
import geodetector.cli

PANEL = pd.DataFrame({"case": [f"u{u}_{t}" for u in range(4) for t in range(3)],
                      "unit": [f"u{u}" for u in range(4) for t in range(3)],
                      "year": [t for u in range(4) for t in range(3)],
                      "A": [0.9, 0.8, 0.7, 0.2, 0.3, 0.1, 0.8, 0.9, 0.6, 0.1, 0.2, 0.4],
                      "Y": [0.95, 0.9, 0.8, 0.1, 0.2, 0.3, 0.9, 0.8, 0.7, 0.2, 0.1, 0.3]})


def _cluster(tmp_path, plot):
    data = tmp_path / "panel.csv"
    PANEL.to_csv(data, index=False)
    return fsqca.cli.main(["cluster", str(data), "--outcome", "Y", "--expression", "A", "--unit", "unit",
                           "--cluster", "year", "--plot", str(plot)])


def test_cluster_plot_format_is_checked_before_computing(tmp_path, capsys, monkeypatch):
    import fsqca.diagnostics.panel

    monkeypatch.setattr(fsqca.diagnostics.panel, "cluster", lambda *a, **k: pytest.fail("computed before the check"))
    assert _cluster(tmp_path, tmp_path / "cl.txt") == 2
    err = capsys.readouterr().err
    assert err.startswith("fsqca: error: --plot") and "unsupported format '.txt'" in err
    assert not (tmp_path / "cl.txt").exists()


def test_cluster_plot_on_a_full_disk_keeps_the_good_plot(tmp_path, capsys, monkeypatch):
    plot = tmp_path / "c.png"
    assert _cluster(tmp_path, plot) == 0
    good = plot.read_bytes()
    assert good.startswith(b"\x89PNG")
    real = os.fdopen

    def full(fd, mode="r", *args, **kwargs):
        fh = real(fd, mode, *args, **kwargs)
        if "w" in mode:
            def write(data):
                raise OSError(errno.ENOSPC, "No space left on device")
            fh.write = write
        return fh

    monkeypatch.setattr(os, "fdopen", full)
    assert _cluster(tmp_path, plot) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert plot.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.png", "panel.csv"]


@pytest.fixture
def ranges(tmp_path):
    rng = np.random.default_rng(5)
    g = rng.uniform(17, 90, 24)
    data = pd.DataFrame({"case": [f"c{i}" for i in range(24)],
                         "G": np.round(fsqca.calibrate(pd.Series(g), "direct", thresholds=[20, 50, 80]), 2),
                         "B": np.round(rng.uniform(0, 1, 24), 2), "Y": np.round(rng.uniform(0, 1, 24), 2)})
    data.to_csv(tmp_path / "d.csv", index=False)
    pd.DataFrame({"case": data["case"], "G": np.round(g, 2)}).to_csv(tmp_path / "raw.csv", index=False)
    bad = pd.DataFrame({"case": data["case"], "G": np.round(g, 2).astype(object)})
    bad.loc[5, "G"] = "n.a."
    bad.to_csv(tmp_path / "bad.csv", index=False)
    return tmp_path


def _ranges(folder, raw, anchors):
    return fsqca.cli.main(["robustness-ranges", str(folder / "d.csv"), "--outcome", "Y", "--incl-cut", "0.8",
                           "--raw", str(folder / raw), "--anchors", anchors])


def test_robustness_ranges_raw_text_cell_is_one_line(ranges, capsys):
    assert _ranges(ranges, "bad.csv", "G=20,50,80") == 2
    err = capsys.readouterr().err
    assert "case 'c5': 'n.a.' is not a number" in err and err.count("\n") == 1


def test_robustness_ranges_anchors_must_reproduce_the_memberships(ranges, capsys):
    # G runs 17-90: anchors 1000, 2000, 3000 make every membership about 0
    assert _ranges(ranges, "raw.csv", "G=1000,2000,3000") == 2
    err = capsys.readouterr().err
    assert "do not reproduce the memberships of 'G'" in err
    assert _ranges(ranges, "raw.csv", "G=20,50,80") == 0          # the anchors that made the data


@pytest.mark.parametrize("argv, message", [
    (["factor", "--raster", "y.tif", "--factors", "a.tif", "--chunks", "0"], "--chunks must be a whole number"),
    (["factor", "--raster", "y.tif", "--factors", "a.tif", "--chunks", "-5"], "--chunks must be a whole number"),
    (["opgd", "DATA", "--y", "y", "--x", "a", "--k", "abc"], "--k must be a class count"),
    (["opgd", "DATA", "--y", "y", "--x", "a", "--k", "5-3"], "--k must be a class count"),
])
def test_geodetector_bad_counts_are_one_line(tmp_path, capsys, argv, message):
    data = tmp_path / "g.csv"
    data.write_text("y,a\n1,2\n2,3\n3,1\n4,5\n5,4\n")
    assert geodetector.cli.main([str(data) if a == "DATA" else a for a in argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_huge_option_value_gives_a_line_no_longer_than_a_screen(tmp_path, capsys):
    data = tmp_path / "g.csv"
    data.write_text("y,a\n1,2\n2,3\n3,1\n4,5\n5,4\n")
    assert geodetector.cli.main(["opgd", str(data), "--y", "y", "--x", "a", "--k", "x" * 100_000]) == 2
    assert geodetector.cli.main(["factor", "--raster", "y.tif", "--factors", "a.tif", "--chunks", "9" * 5000 + "x"]) == 2
    for line in capsys.readouterr().err.splitlines():
        assert len(line) <= 500
