"""The HTML pages crosswalk writes (morning reports, the linkage report): Jinja with
autoescape on for every template, so no value from a program's data (a name, a
milestone) can run as markup in a reader's browser."""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader


def environment(templates: Path) -> Environment:
    return Environment(loader=FileSystemLoader(templates), autoescape=True)
