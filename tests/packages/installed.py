"""Checks packages installed from errcat's `pyproject.toml` into a fresh virtual environment.

tests/packages.rs runs this with the environment's interpreter, outside every generated
directory, with one JSON argument: a list of `{"module", "distribution", "version"}`. For each
package: it is imported from the environment's site-packages (not from a source tree), pip
knows it by its distribution name at the catalog's version (PEP 440 spelling), it ships
`py.typed`, and every member of its string enums shows its value under `str()`, `format()` and
f-strings (the code, the name, the category id, the parameter type), never `ErrorCode.X`.
"""

import importlib
import importlib.metadata
import json
import pathlib
import sys
import sysconfig
from enum import Enum


def check(package: dict[str, str]) -> int:
    module = importlib.import_module(package["module"])
    where = pathlib.Path(module.__file__ or "").resolve()
    site = pathlib.Path(sysconfig.get_paths()["purelib"]).resolve()
    assert site in where.parents, (
        f"{package['module']} imported from {where}, not {site}"
    )
    version = importlib.metadata.version(package["distribution"])
    assert version == package["version"], (package, version)
    assert (where.parent / "py.typed").is_file(), (
        f"{package['module']} ships no py.typed"
    )
    shown = 0
    for enum in (module.ErrorCode, module.Category, module.ParamType):
        assert issubclass(enum, Enum)
        for member in enum:
            value = str(member.value)
            assert str(member) == value, (enum.__name__, str(member), value)
            assert f"{member}" == value, (enum.__name__, f"{member}", value)
            assert format(member, ">3") == format(value, ">3"), (enum.__name__, value)
            shown += 1
    return shown


def main() -> None:
    packages = json.loads(sys.argv[1])
    shown = sum(check(package) for package in packages)
    print(json.dumps({"packages": len(packages), "members": shown}))


main()
