"""Study pipeline, reports and shared plotting helpers for regional digital-government analysis."""
