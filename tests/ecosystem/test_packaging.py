"""`pip install .` ships the platform: the apps with their migrations, the site's templates
and static files, and nothing of tests/ or bench/; an installed copy, away from the
repository, finds its templates and static files."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

REPO = Path(settings.BASE_DIR)
PIP = [sys.executable, "-m", "pip"]
APPS = ["ecosystem", "goals", "milestones", "partners", "stakeholders", "community", "voice"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy: setuptools builds in the source tree (build/, *.egg-info), and a
    # stale build/lib there could slip files that no longer exist into the wheel.
    source = tmp_path_factory.mktemp("source") / "ecosystem"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", "node_modules"
        ),
    )
    subprocess.run(
        [
            *PIP,
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        check=True,
        cwd=source,
        capture_output=True,
    )
    (path,) = out.glob("ecosystem-*.whl")
    return path


def _repo_files(folder: str) -> set[str]:
    root = REPO / folder
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_the_wheel_holds_every_app_with_its_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for app in APPS:
        assert f"{app}/__init__.py" in names
    for app in [
        "ecosystem/accounts",
        "goals",
        "milestones",
        "partners",
        "stakeholders",
        "community",
    ]:
        assert any(name.startswith(f"{app}/models") for name in names), app
    migrations = {name for name in names if "/migrations/0001_initial.py" in name}
    assert {"goals", "milestones", "partners", "stakeholders", "community"} <= {
        name.split("/")[0] for name in migrations
    }
    assert "ecosystem/accounts/migrations/0001_initial.py" in names


def test_the_wheel_holds_the_site_templates_and_static_files_but_no_tests(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_templates = {
        n.removeprefix("ecosystem/site_templates/")
        for n in names
        if n.startswith("ecosystem/site_templates/")
    }
    shipped_static = {
        n.removeprefix("ecosystem/site_static/")
        for n in names
        if n.startswith("ecosystem/site_static/")
    }
    assert shipped_templates == _repo_files("templates")
    assert shipped_static == _repo_files("static")
    assert not any(n.startswith(("tests/", "bench/")) for n in names)


def test_an_installed_copy_finds_its_templates_and_static_files(wheel, tmp_path):
    target = tmp_path / "site-packages"
    subprocess.run(
        [*PIP, "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import django; django.setup()\n"
        "from django.template.loader import get_template\n"
        "from django.contrib.staticfiles import finders\n"
        "print(get_template('base.html').origin.name)\n"
        "print(finders.find('js/app.js'))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "DJANGO_SETTINGS_MODULE": "ecosystem.settings",
        "VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    template, static = result.stdout.split()
    assert template == str(target / "ecosystem/site_templates/base.html")
    assert static == str(target / "ecosystem/site_static/js/app.js")
