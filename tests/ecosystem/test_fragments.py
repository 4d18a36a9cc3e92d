"""A cached drawing is keyed on the code that drew it: a deploy that changes a template, a
module or a translation serves no drawing made by the old code."""

import pytest

from ecosystem.fragments import code_version


@pytest.fixture
def project(tmp_path, settings):
    (tmp_path / "templates").mkdir()
    (tmp_path / "goals").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>{{ title }}</p>")
    (tmp_path / "goals" / "timeline.py").write_text("WIDTH = 800\n")
    settings.BASE_DIR = tmp_path
    code_version.cache_clear()
    yield tmp_path
    code_version.cache_clear()


@pytest.mark.parametrize("changed", ["templates/page.html", "goals/timeline.py"])
def test_a_changed_template_or_module_gives_a_new_version(project, changed):
    before = code_version()
    (project / changed).write_text((project / changed).read_text() + "\n")
    code_version.cache_clear()
    assert code_version() != before


def test_the_same_code_gives_the_same_version(project):
    before = code_version()
    code_version.cache_clear()
    assert code_version() == before
