"""Regression trees with R ``rpart``'s splitting and complexity rules (Therneau & Atkinson).

GOZH and LESH (Luo et al. 2022; Li et al. 2023) cut the explanatory variables into zones with
``rpart(y ~ x)`` at its defaults: ``method = "anova"``, ``cp = 0.01``, ``minsplit = 20``,
``minbucket = 7``, ``maxdepth = 30``.  This module grows the same tree:

- a node with fewer than ``minsplit`` rows, or whose complexity bound is at most
  ``cp`` x (root deviance), is a leaf;
- the split of a numeric variable is the cut between two distinct sorted values that
  maximises ``L^2/n_L + R^2/n_R`` (L, R: sums of ``y`` minus the node mean on each side) with
  at least ``minbucket`` rows each side; the first best cut wins, the first variable (formula
  order) wins ties; the side with the lower mean goes left;
- a categorical variable orders its categories by mean ``y`` and cuts that order (Fisher
  1958), as rpart does for a continuous outcome;
- after both children are grown, a node whose complexity (rpart's bottom-up cost-complexity
  with children collapsing first) is at most ``cp`` x root deviance is collapsed again.

A row's zone is the row number of its leaf in rpart's ``frame`` (nodes depth first, left child
first), which is what gdverse uses as zone labels (``tree$where``).

Trees over several variables share work: :class:`TreeGrower` caches, per node (identified by
the splits that lead to it), each variable's best split, so the 2^k - 1 trees of LESH compute
each node's split search once per variable.

Examples
--------
>>> import numpy as np
>>> x = np.arange(40.0)
>>> y = np.where(x < 20, 1.0, 5.0) + np.tile([0.0, 0.1], 20)
>>> tree = TreeGrower(y, {"x": x}).grow(["x"])
>>> sorted(set(tree.where.tolist()))
[2, 3]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit

from .errors import GeodetectorError

__all__ = ["TreeGrower", "Tree", "RPART_DEFAULTS"]

RPART_DEFAULTS = {"cp": 0.01, "minsplit": 20, "minbucket": 7, "maxdepth": 30}


@dataclass(frozen=True)
class Tree:
    """A grown tree: ``where`` (zone = frame row of each row's leaf, 1-based), the number of
    leaves and the ``frame`` (one row per node, depth first: node number, variable, n)."""

    where: np.ndarray
    nodes: tuple

    @property
    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.nodes), columns=["node", "var", "n", "dev"])

    @property
    def n_leaves(self) -> int:
        return sum(1 for node in self.nodes if node[1] == "<leaf>")


@njit(cache=True)
def _numeric_split(ys, xs, edge):  # pragma: no cover - compiled
    """rpart's anova scan over rows sorted by x: (index of the best cut, its gain, node
    deviance, left sum at the cut); index -1 when no cut is allowed."""
    n = ys.shape[0]
    total = 0.0
    for i in range(n):
        total += ys[i]
    mean = total / n
    risk = 0.0
    for i in range(n):
        d = ys[i] - mean
        risk += d * d
    best, where, lbest = 0.0, -1, 0.0
    left, right = 0.0, 0.0
    for i in range(n - edge):
        d = ys[i] - mean
        left += d
        right -= d
        ln = i + 1
        if ln >= edge and xs[i + 1] != xs[i]:
            temp = left * left / ln + right * right / (n - ln)
            if temp > best:
                best, where, lbest = temp, i, left
    return where, best, risk, lbest


class _Node:
    __slots__ = ("num", "path", "n", "risk", "var", "left", "right", "complexity", "split")

    def __init__(self, num, path, n, risk):
        self.num, self.path, self.n, self.risk = num, path, n, risk
        self.var = None
        self.left = self.right = None
        self.complexity = 0.0
        self.split = None


class TreeGrower:
    """Grow rpart-compatible regression trees of ``y`` on subsets of ``variables``.

    Parameters
    ----------
    y : array of float
    variables : dict name -> array
        Numeric arrays are split at cut points; object/string arrays (categorical) by ordered
        category means.
    cp, minsplit, minbucket, maxdepth : rpart's controls (its defaults).
    """

    def __init__(self, y, variables: dict, *, cp=0.01, minsplit=20, minbucket=7, maxdepth=30):
        self.y = np.asarray(y, dtype=float)
        self.n = self.y.shape[0]
        self.cp, self.minsplit, self.minbucket = float(cp), int(minsplit), int(minbucket)
        self.maxnode = 2 ** int(maxdepth) - 1
        self.names = list(variables)
        self._kind, self._x, self._order = {}, {}, {}
        for name, values in variables.items():
            v = np.asarray(values)
            if v.dtype.kind in "biuf":
                v = v.astype(float)
                self._kind[name] = "num"
                self._order[name] = np.argsort(v, kind="stable")
            else:
                codes, _ = pd.factorize(pd.Series(v).astype(str), sort=True)
                v = codes.astype(np.int64)
                self._kind[name] = "cat"
            self._x[name] = v
        self._cache: dict = {}
        self._node_rows: dict = {(): np.arange(self.n)}
        self._sorted: dict = {}
        self._masks: dict = {}
        yc = self.y - self.y.mean()
        self.root_risk = float(yc @ yc)

    # -- split search, cached per (node path, variable) -----------------------------------
    # A node is identified by its path (the (variable, side) splits leading to it); its rows,
    # its mask and its rows sorted by each numeric variable are derived from its parent's,
    # so a node costs time in proportion to its own size, not to the data's.
    def _rows(self, path):
        return self._node_rows[path]

    def _mask(self, path):
        mask = self._masks.get(path)
        if mask is None:
            mask = np.zeros(self.n, bool)
            mask[self._node_rows[path]] = True
            self._masks[path] = mask
        return mask

    def _sorted_rows(self, path, name):
        key = (path, name)
        rows = self._sorted.get(key)
        if rows is None:
            parent = self._sorted_rows(path[:-1], name) if path else self._order[name]
            rows = parent[self._mask(path)[parent]] if path else parent
            self._sorted[key] = rows
        return rows

    def _best(self, path, name):
        key = (path, name)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._search(path, name)
            self._cache[key] = hit
        return hit

    def _search(self, path, name):
        """(improve, rows going left) of the best split of ``name`` in the node, or (0, None)."""
        edge = self.minbucket
        x = self._x[name]
        if self._kind[name] == "num":
            rows = self._sorted_rows(path, name)
            if rows.shape[0] < 2:
                return 0.0, None
            i, gain, risk, left = _numeric_split(self.y[rows], x[rows], edge)
            if i < 0 or risk <= 0 or not gain > 0:
                return 0.0, None
            # the side with the lower mean goes left (rpart's anova "direction")
            lo, hi = rows[: i + 1], rows[i + 1:]
            return gain / risk, ((lo, hi) if left < 0 else (hi, lo))
        rows = self._rows(path)
        codes = x[rows]
        ys = self.y[rows]
        n = ys.shape[0]
        dev = ys - ys.sum() / n
        risk = float(dev @ dev)
        if risk <= 0:
            return 0.0, None
        size = int(x.max()) + 1
        cnt = np.bincount(codes, minlength=size)
        sums = np.bincount(codes, dev, minlength=size)
        present = np.flatnonzero(cnt > 0)
        if present.size < 2:
            return 0.0, None
        means = sums[present] / cnt[present]
        order = present[np.argsort(means, kind="stable")]
        lc = np.cumsum(cnt[order])[:-1].astype(float)
        ls = np.cumsum(sums[order])[:-1]
        rs = -ls
        ok = (lc >= edge) & (n - lc >= edge)
        if not ok.any():
            return 0.0, None
        temp = np.where(ok, ls * ls / lc + rs * rs / (n - lc), 0.0)
        i = int(np.argmax(temp))
        if not temp[i] > 0:
            return 0.0, None
        moved = np.zeros(size, bool)
        moved[order[: i + 1]] = True
        goes_left = moved[codes] if ls[i] < rs[i] else ~moved[codes]
        return float(temp[i] / risk), (rows[goes_left], rows[~goes_left])

    # -- growing ---------------------------------------------------------------------------
    def grow(self, names) -> Tree:
        """The tree of ``y`` on ``names`` (formula order decides ties)."""
        names = list(names)
        unknown = [v for v in names if v not in self._x]
        if unknown:
            raise GeodetectorError(f"unknown tree variable(s) {unknown}")
        self._alpha = self.cp * self.root_risk
        root = _Node(1, (), self.n, self.root_risk)
        root.complexity = self.root_risk
        self._partition(root, (), names)
        return self._finish(root)

    def _child(self, path, rows, name):
        """Register the node at ``path`` holding ``rows`` (sorted by ``name`` when numeric);
        its deviance."""
        if path not in self._node_rows:
            self._node_rows[path] = rows
            if self._kind[name] == "num":
                self._sorted[(path, name)] = rows
        ys = self.y[rows]
        d = ys - ys.sum() / ys.shape[0]
        return float(d @ d)

    def _partition(self, me, path, names):
        alpha = self._alpha
        if me.num > 1:
            tempcp = min(me.risk, me.complexity)
        else:
            tempcp = me.risk
        if me.n < self.minsplit or tempcp <= alpha or me.num > self.maxnode:
            me.complexity = alpha
            return me.risk, 0
        best, best_var, best_left, iscale = 0.0, None, None, 0.0
        for name in names:
            improve, left = self._best(path, name)
            iscale = max(iscale, improve)
            if improve > iscale * 1e-10 and improve > best:
                best, best_var, best_left = improve, name, left
        if best_var is None:
            me.complexity = alpha
            return me.risk, 0
        lpath, rpath = path + ((best_var, 0),), path + ((best_var, 1),)
        best_left, right = best_left
        lrisk = self._child(lpath, best_left, best_var)
        rrisk = self._child(rpath, right, best_var)
        me.var = best_var
        me.left = _Node(2 * me.num, lpath, best_left.shape[0], lrisk)
        me.left.complexity = tempcp - alpha
        left_risk, left_split = self._partition(me.left, lpath, names)
        tempcp = max((me.risk - left_risk) / (left_split + 1), me.risk - me.left.risk)
        tempcp = min(tempcp, me.complexity)
        me.right = _Node(2 * me.num + 1, rpath, right.shape[0], rrisk)
        me.right.complexity = tempcp - alpha
        right_risk, right_split = self._partition(me.right, rpath, names)
        tempcp = (me.risk - (left_risk + right_risk)) / (left_split + right_split + 1)
        lc, rc = me.left.complexity, me.right.complexity
        if rc > lc:
            if tempcp > lc:  # the left son collapses first
                left_risk, left_split = me.left.risk, 0
                tempcp = (me.risk - (left_risk + right_risk)) / (left_split + right_split + 1)
                if tempcp > rc:
                    right_risk, right_split = me.right.risk, 0
        elif tempcp > rc:  # the right son collapses first
            right_risk, right_split = me.right.risk, 0
            tempcp = (me.risk - (left_risk + right_risk)) / (left_split + right_split + 1)
            if tempcp > lc:
                left_risk, left_split = me.left.risk, 0
        me.complexity = (me.risk - (left_risk + right_risk)) / (left_split + right_split + 1)
        if me.complexity <= alpha:  # all was in vain: this node does not split after all
            me.var = me.left = me.right = None
            return me.risk, 0
        return left_risk + right_risk, left_split + right_split + 1

    def _finish(self, root) -> Tree:
        where = np.zeros(self.n, dtype=np.int64)
        rows = []
        stack = [root]
        while stack:
            node = stack.pop()
            rows.append((node.num, node.var or "<leaf>", node.n, node.risk))
            if node.var is None:
                where[self._rows(node.path)] = len(rows)
            else:
                stack.append(node.right)
                stack.append(node.left)
        return Tree(where, tuple(rows))
