"""Errors of the study pipeline: each names the file, line and key, or the column at fault."""
from __future__ import annotations


class StudyError(ValueError):
    """A study file or its data cannot be used; the message says what to change."""


class StudyFileError(StudyError):
    """The YAML study file is malformed or has an invalid or unknown key."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None, key: str | None = None):
        self.file, self.line, self.key = file, line, key
        where = ", ".join(p for p in (file, f"line {line}" if line else None) if p)
        prefix = f"{where}: " if where else ""
        keypart = f"{key}: " if key else ""
        super().__init__(f"{prefix}{keypart}{message}")
