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

from .errors import GeodetectorError

__all__ = ["TreeGrower", "Tree", "RPART_DEFAULTS"]

RPART_DEFAULTS = {"cp": 0.01, "minsplit": 20, "minbucket": 7, "maxdepth": 30}


@dataclass(frozen=True)
class Tree:
    """A grown tree: ``where`` (zone = frame row of each row's leaf, 1-based), the number of
    leaves and the ``frame`` (one row per node, depth first: node number, variable, n)."""

    where: np.ndarray
    frame: pd.DataFrame

    @property
    def n_leaves(self) -> int:
        return int((self.frame["var"] == "<leaf>").sum())


class _Node:
    __slots__ = ("num", "mask", "n", "risk", "var", "left", "right", "complexity", "split")

    def __init__(self, num, mask, n, risk):
        self.num, self.mask, self.n, self.risk = num, mask, n, risk
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
        yc = self.y - self.y.mean()
        self.root_risk = float(yc @ yc)

    # -- split search, cached per (node path, variable) -----------------------------------
    def _best(self, path, mask, name):
        key = (path, name)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._search(mask, name)
            self._cache[key] = hit
        return hit

    def _search(self, mask, name):
        """(improve, left mask) of the best split of ``name`` in the node, or (0, None)."""
        edge = self.minbucket
        x = self._x[name]
        if self._kind[name] == "num":
            rows = self._order[name][mask[self._order[name]]]
            ys = self.y[rows]
            n = ys.shape[0]
            total = ys.sum()
            dev = ys - total / n
            risk = float(dev @ dev)
            if n < 2 or risk <= 0:
                return 0.0, None
            left = np.cumsum(dev)[:-1]
            ln = np.arange(1, n, dtype=float)
            xs = x[rows]
            ok = (xs[1:] != xs[:-1]) & (ln >= edge) & (n - ln >= edge)
            if not ok.any():
                return 0.0, None
            temp = np.where(ok, left * left / ln + left * left / (n - ln), 0.0)
            i = int(np.argmax(temp))
            if not temp[i] > 0:
                return 0.0, None
            cut = (xs[i] + xs[i + 1]) / 2
            lower = x < cut
            # the side with the lower mean goes left (rpart's anova "direction")
            goes_left = lower if left[i] < 0 else ~lower
            return float(temp[i] / risk), goes_left & mask
        codes = x[mask]
        ys = self.y[mask]
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
        goes_left = moved[x] if ls[i] < rs[i] else ~moved[x]
        return float(temp[i] / risk), goes_left & mask

    # -- growing ---------------------------------------------------------------------------
    def grow(self, names) -> Tree:
        """The tree of ``y`` on ``names`` (formula order decides ties)."""
        names = list(names)
        unknown = [v for v in names if v not in self._x]
        if unknown:
            raise GeodetectorError(f"unknown tree variable(s) {unknown}")
        self._alpha = self.cp * self.root_risk
        root = _Node(1, np.ones(self.n, bool), self.n, self.root_risk)
        root.complexity = self.root_risk
        self._partition(root, (), names)
        return self._finish(root)

    def _node_risk(self, mask):
        ys = self.y[mask]
        d = ys - ys.mean()
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
            improve, left = self._best(path, me.mask, name)
            iscale = max(iscale, improve)
            if improve > iscale * 1e-10 and improve > best:
                best, best_var, best_left = improve, name, left
        if best_var is None:
            me.complexity = alpha
            return me.risk, 0
        right_mask = me.mask & ~best_left
        nl, nr = int(best_left.sum()), int(right_mask.sum())
        me.var = best_var
        me.left = _Node(2 * me.num, best_left, nl, self._node_risk(best_left))
        me.left.complexity = tempcp - alpha
        left_risk, left_split = self._partition(me.left, path + ((best_var, 0),), names)
        tempcp = max((me.risk - left_risk) / (left_split + 1), me.risk - me.left.risk)
        tempcp = min(tempcp, me.complexity)
        me.right = _Node(2 * me.num + 1, right_mask, nr, self._node_risk(right_mask))
        me.right.complexity = tempcp - alpha
        right_risk, right_split = self._partition(me.right, path + ((best_var, 1),), names)
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
            rows.append({"node": node.num, "var": node.var or "<leaf>", "n": node.n,
                         "dev": node.risk})
            if node.var is None:
                where[node.mask] = len(rows)
            else:
                stack.append(node.right)
                stack.append(node.left)
        return Tree(where, pd.DataFrame(rows))
