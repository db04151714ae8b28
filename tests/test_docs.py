"""The documentation a clone carries: complete, linked within itself, pointing nowhere outside.

README.md lists every setting config.py reads; every relative link in the
Markdown files names a file that exists; no file refers to places outside the
repository (a sibling ``shared`` folder, or the machine it was written on).
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Not ours, generated, or local state: never scanned.
SKIP_DIRS = {".git", ".venv", "node_modules", "instance", ".services", "out", "__pycache__",
             ".pytest_cache", ".hypothesis", "screenshots"}
TEXT_SUFFIXES = {".py", ".md", ".sh", ".toml", ".ini", ".cfg", ".json", ".html", ".css", ".mjs", ".js",
                 ".java", ".mako", ".txt", ".yml", ".yaml", ""}


def _files(suffixes: set[str]):
    for path in ROOT.rglob("*"):
        if path.is_file() and not SKIP_DIRS.intersection(path.relative_to(ROOT).parts) and path.suffix in suffixes:
            yield path


def test_the_readme_lists_every_setting_config_reads():
    config = (ROOT / "config.py").read_text(encoding="utf-8")
    settings = set(re.findall(r'(?:environ\.get|environ\[|_bool|_int)\(?\s*"([A-Z][A-Z0-9_]+)"', config))
    assert {"DATABASE_URL", "ELASTICSEARCH_URL", "SEARCH_SYNC", "OIDC_ISSUER", "INSTANCE_PATH"} <= settings
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    configuration = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", configuration))
    assert not settings - documented, f"settings missing from the README's configuration: {settings - documented}"


def test_relative_links_in_the_docs_name_files_that_exist():
    broken = []
    for md in _files({".md"}):
        for target in re.findall(r"\]\(([^)\s]+)\)", md.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            if not (md.parent / target.split("#", 1)[0]).exists():
                broken.append(f"{md.relative_to(ROOT)}: {target}")
    assert not broken, broken


# Written in two pieces so that this file does not match itself.
OUTSIDE = re.compile("|".join([r"\.\./shared", "/" + r"work/", r"parent\s*/\s*[\"']shared[\"']"]))


def test_nothing_points_outside_the_repository():
    found = []
    for path in _files(TEXT_SUFFIXES):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, found
