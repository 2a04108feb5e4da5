"""The installed package: version, public names, typing files, importability."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from importlib.resources import files

import pytest

import letsconnect as lc
import letsconnect._core as core
from helpers import ROOT


def test_version_matches_pyproject():
    with open(ROOT / "pyproject.toml", "rb") as f:
        version = tomllib.load(f)["project"]["version"]
    assert lc.__version__ == version
    assert core.__version__ == version


def test_import_from_another_directory(tmp_path):
    code = (
        "import letsconnect as lc, pathlib\n"
        "print(lc.__version__)\n"
        "print(len(lc.sample_directory()))\n"
        "print(pathlib.Path(lc.__file__).parent.name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [lc.__version__, "60", "letsconnect"]


def test_package_is_the_installed_one_not_the_source_tree():
    # The tests must exercise what `pip install .` produced (with _core and the data files).
    assert (files("letsconnect") / "data" / "sample_directory.json").is_file()
    assert any(p.name.startswith("_core") and p.name.endswith((".so", ".pyd")) for p in files("letsconnect").iterdir())


@pytest.mark.parametrize("name", lc.__all__)
def test_all_names_exist(name):
    assert getattr(lc, name) is not None


def test_dir_is_all():
    assert dir(lc) == lc.__all__


def test_all_has_no_duplicates_and_no_privates():
    assert len(set(lc.__all__)) == len(lc.__all__)
    assert all(not n.startswith("_") or n == "__version__" for n in lc.__all__)


@pytest.mark.parametrize("name", ["py.typed", "_core.pyi"])
def test_typing_files_ship(name):
    assert (files("letsconnect") / name).is_file()


def _stub_tree() -> ast.Module:
    return ast.parse((files("letsconnect") / "_core.pyi").read_text(encoding="utf-8"))


def test_stub_declares_every_public_core_name():
    tree = _stub_tree()
    declared = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    declared |= {n.target.id for n in tree.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
    public = {n for n in dir(core) if not n.startswith("_")}
    assert public - declared == set()


def test_stub_declares_every_public_member_of_each_class():
    inherited = set(dir(OSError)) | set(dir(KeyError))
    missing = {}
    for cls in _stub_tree().body:
        if not isinstance(cls, ast.ClassDef):
            continue
        members = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}
        members |= {n.target.id for n in cls.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
        real = {m for m in dir(getattr(core, cls.name)) if not m.startswith("_")} - inherited
        if real - members:
            missing[cls.name] = real - members
    assert missing == {}


@pytest.mark.parametrize("cls", [lc.Directory, lc.Profile, lc.Taxonomy, lc.SkillNode, lc.Problem])
def test_public_classes_are_the_compiled_ones(cls):
    assert getattr(core, cls.__name__) is cls


def test_pandas_helpers_are_attached():
    assert callable(lc.Directory.to_frame)
    assert callable(lc.Directory.from_frame)
    assert callable(lc.Taxonomy.to_frame)
