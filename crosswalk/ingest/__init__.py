"""Ingest one program's nightly drop: control totals, validation, raw zone, quarantine."""

from crosswalk.ingest.drop import DropResult, ingest_drop

__all__ = ["DropResult", "ingest_drop"]
