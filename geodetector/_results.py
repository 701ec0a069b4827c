"""The geodetector's results on the project's one result base (:mod:`libdigigov.results`)."""

from __future__ import annotations

import pandas as pd

from libdigigov.results import Result, frame_text


class ResultMixin(Result):
    """Base of the detectors' frozen result dataclasses, which hold their tidy table in ``table``.

    q and p-values are shown with 4 decimals; ``_summary_frame`` chooses what ``summary()``
    and the Jupyter view show when that differs from :meth:`to_frame`.
    """

    _title = "Geographical detector"
    _digits = 4

    def to_frame(self) -> pd.DataFrame:
        """The result as a tidy :class:`pandas.DataFrame` (a copy)."""
        return self.table.copy()

    def _summary_frame(self) -> pd.DataFrame:
        return self.table

    def _display_frame(self) -> pd.DataFrame:
        return self._summary_frame()


def fmt_frame(frame: pd.DataFrame) -> str:
    """A secondary table of a result, formatted like the main one."""
    return frame_text(frame, ResultMixin._digits)
