"""Where the shipped code list files are (package data, read on first use)."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_file(*parts: str) -> Path:
    return Path(str(files("procure.codelists").joinpath("data", *parts)))
