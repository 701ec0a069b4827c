"""Study pipeline, reports and shared plotting helpers for regional digital-government analysis."""

from .export import export_docx, export_xlsx

__all__ = ["export_docx", "export_xlsx"]
