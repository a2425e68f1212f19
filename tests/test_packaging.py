"""pyproject.toml is the one list of direct dependencies; the locks under requirements/ pin them (and
everything they need) with hashes, and development runs the same versions as production."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _locked(name):
    """{package: version} of a lock, checking that every pin carries at least one hash."""
    pins = {}
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = PIN.match(block)
        if match:
            assert "--hash=sha256:" in block, f"{name}: {match.group(1)} has no hash"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _direct(requirements):
    direct = {}
    for line in requirements:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier  # exactly one: an exact pin
        assert specifier.operator == "==", line
        direct[canonicalize_name(requirement.name)] = specifier.version
    return direct


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("prod.txt", []), ("dev.txt", ["dev"]), ("tools.txt", ["tools"])],
)
def test_lock_pins_every_direct_dependency_at_its_declared_version(lock, groups):
    declared = _direct(PYPROJECT["project"]["dependencies"])
    for group in groups:
        declared |= _direct(PYPROJECT["project"]["optional-dependencies"][group])

    locked = _locked(lock)

    stale = {
        name: (version, locked.get(name)) for name, version in declared.items() if locked.get(name) != version
    }
    assert stale == {}, "pyproject.toml and requirements/ differ: run `make lock`"


def test_development_runs_the_production_versions():
    production = _locked("prod.txt")
    development = _locked("dev.txt")

    assert {name: development.get(name) for name in production} == production


def test_no_second_list_of_dependencies():
    assert not (ROOT / "requirements.txt").exists()
    assert not (ROOT / "requirements-tools.txt").exists()
