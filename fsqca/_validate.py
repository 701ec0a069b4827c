"""Input checks shared by every fsQCA entry point.

Each check raises :class:`QCAInputError` (a ``ValueError``) whose message names the column,
case or value at fault, so that a user can fix the data without reading a traceback.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._errors import QCAInputError, _labels, suggest  # noqa: F401  (re-exported)

#: Largest number of conditions accepted. The truth table has ``2**k`` possible rows (about a
#: million at k = 20, a few MB of row codes); its fit values are computed a block of rows at
#: a time. The limit on *minimisation* is tighter in one case: the parsimonious prime-implicant
#: search over the ternary cube needs ``3**k`` flags, so it stops at ``CUBE_MAX_CONDITIONS``
#: (see :mod:`fsqca._implicants`).
MAX_CONDITIONS = 20

#: Whole numbers up to this value in an undeclared column are named as possible multi-value
#: levels in the error (R's classic multi-value data use 0..3; a larger count is more likely raw).
MV_HINT_MAX = 9


def split_outcome(outcome: str) -> tuple[str, bool]:
    """Return ``(name, negated)`` for an outcome written ``Y`` or ``~Y``."""
    if not isinstance(outcome, str) or not outcome.strip():
        raise QCAInputError(f"outcome must be a column name, got {outcome!r}")
    name = outcome.strip()
    negated = False
    while name.startswith("~"):
        negated = not negated
        name = name[1:].strip()
    return name, negated


def resolve_columns(
    data: pd.DataFrame, outcome: str, conditions: Sequence[str] | str | None
) -> list[str]:
    """Check that ``outcome`` and ``conditions`` exist and return the condition list.

    ``conditions=None`` means every column except the outcome; a string is split on commas.
    """
    if not isinstance(data, pd.DataFrame):
        raise QCAInputError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if outcome not in data.columns:
        raise QCAInputError(f"outcome {outcome!r} is not a column of the data{suggest(outcome, data.columns)}")
    if conditions is None:
        conditions = [c for c in data.columns if c != outcome]
    elif isinstance(conditions, str):
        conditions = [c.strip() for c in conditions.split(",") if c.strip()]
    conditions = [str(c) for c in conditions]
    if not conditions:
        raise QCAInputError("no conditions given")
    missing = [c for c in conditions if c not in data.columns]
    if missing:
        raise QCAInputError(
            f"condition(s) {', '.join(map(repr, missing))} not in the data{suggest(missing[0], data.columns)}"
        )
    columns = list(data.columns)  # once: a pandas column index is slow to list
    twice = [c for c in [outcome, *conditions] if columns.count(c) > 1]
    if twice:
        raise QCAInputError(f"column {twice[0]!r} appears more than once in the data; rename or drop the copies")
    dup = sorted({c for c in conditions if conditions.count(c) > 1})
    if dup:
        raise QCAInputError(f"condition(s) listed twice: {', '.join(dup)}")
    if outcome in conditions:
        raise QCAInputError(f"{outcome!r} is both the outcome and a condition")
    for c in conditions:
        if "*" in c or "+" in c or "~" in c or c != c.strip() or not c:
            raise QCAInputError(
                f"condition name {c!r} cannot be used in expressions: names may not contain "
                "'*', '+', '~' or surrounding spaces; rename the column"
            )
    return conditions


def check_case_ids(index: pd.Index) -> None:
    """Case identifiers must be unique: they label truth-table rows and covered cases."""
    if index.is_unique:  # cached by pandas: no scan on the usual path
        return
    dup = index[index.duplicated()]
    if len(dup):
        raise QCAInputError(f"duplicate case id(s): {_labels(pd.unique(dup))}")


def membership_matrix(
    data: pd.DataFrame, columns: Sequence[str], *, allow_constant: bool = False,
    constant_ok: Sequence[str] = (), skip_range: Sequence[str] = (),
) -> np.ndarray:
    """Return ``data[columns]`` as a float array after checking it holds memberships.

    Raises for non-numeric columns, NaN, values outside [0, 1] and (unless allowed)
    constant columns, naming the column and the first offending cases. Columns in
    ``skip_range`` (multi-value conditions, checked by :func:`fsqca.multivalue.level_counts`)
    may hold values above 1.
    """
    check_case_ids(data.index)
    if len(data) == 0:
        raise QCAInputError("the data have no rows (cases)")
    block = _float_block(data, columns)
    if block is not None and not skip_range and _clean(block, columns, allow_constant, constant_ok):
        return block
    # column by column: converts other types and names the first problem found
    out = np.empty((len(data), len(columns)), dtype=float)
    for j, col in enumerate(columns):
        s = data[col]
        if pd.api.types.is_bool_dtype(s):
            s = s.astype(float)
        elif not pd.api.types.is_numeric_dtype(s):
            converted = pd.to_numeric(s, errors="coerce")
            bad = s[converted.isna() & s.notna()]
            if len(bad):
                raise QCAInputError(
                    f"column {col!r} is not numeric: value {str(bad.iloc[0])!r} in case "
                    f"{str(bad.index[0])!r}; calibrate raw data into memberships first"
                )
            s = converted
        values = s.to_numpy(dtype=float)
        nan = np.isnan(values)
        if nan.any():
            raise QCAInputError(
                f"column {col!r} has missing values (NaN) in case(s) {_labels(data.index[nan])}"
            )
        outside = (values < 0) | (values > 1)
        if outside.any() and col not in skip_range:
            i = int(np.flatnonzero(outside)[0])
            # whole numbers 0..max read as R's multi-value levels; R finds them itself, here they
            # are declared (a raw count would otherwise become a condition of many levels)
            whole = values.min() >= 0 and values.max() <= MV_HINT_MAX and np.all(values == np.round(values))
            levels = (f" or, if its whole numbers 0..{int(values.max())} are levels of a multi-value condition, "
                      f"declared as one (multi_value=[{col!r}], --multi-value {col})" if whole else "")
            raise QCAInputError(
                f"column {col!r} holds values outside [0, 1] (e.g. {float(values[i])!r} in case "
                f"{str(data.index[i])!r}; {int(outside.sum())} case(s) in all): "
                f"set memberships must be calibrated first (see fsqca.calibrate){levels}"
            )
        if len(values) > 1 and np.all(values == values[0]) and not allow_constant and col not in constant_ok:
            raise QCAInputError(
                f"column {col!r} is constant ({float(values[0])!r} in every case): a constant set cannot "
                "distinguish configurations or cases; drop it (a constant outcome leaves nothing to explain)"
            )
        out[:, j] = values
    return out


def _float_block(data: pd.DataFrame, columns: Sequence[str]) -> np.ndarray | None:
    """``data[columns]`` as floats in one step when every column of ``data`` is a plain number
    column (the usual calibrated data); None otherwise (or with repeated column names)."""
    names = list(data.columns)
    position = {c: i for i, c in enumerate(names)}
    if len(position) != len(names) or any(c not in position for c in columns):
        return None
    values = data.to_numpy()
    if values.dtype.kind != "f":  # other dtypes, or a mix that numpy cannot hold as floats
        return None
    return values[:, [position[c] for c in columns]].astype(float, copy=False)


def _clean(block: np.ndarray, columns: Sequence[str], allow_constant: bool, constant_ok: Sequence[str]) -> bool:
    """Whether ``block`` passes every check of :func:`membership_matrix` (no NaN, in [0, 1],
    no constant column unless allowed)."""
    if np.isnan(block).any() or ((block < 0) | (block > 1)).any():
        return False
    if allow_constant or len(block) <= 1:
        return True
    constant = (block == block[0]).all(axis=0)
    return not any(flag and col not in constant_ok for flag, col in zip(constant.tolist(), columns))


def check_condition_count(k: int) -> None:
    if k > MAX_CONDITIONS:
        raise QCAInputError(
            f"{k} conditions: the exact minimiser handles at most {MAX_CONDITIONS} "
            f"(the truth table would have 2**{k} = {2**k:,} rows); reduce the conditions, "
            "e.g. by building composite indices or a two-step QCA"
        )


def check_unit_interval(name: str, value: float) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise QCAInputError(f"{name} must be a number in [0, 1], got {value!r}") from None
    if not 0 <= v <= 1:
        raise QCAInputError(f"{name} must be in [0, 1], got {v!r}")
    return v
