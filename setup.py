"""Packaging for `pip install .` and `pip install -e .`.

The apps are top-level packages (the repository's layout is fixed) and the site-wide
templates/ and static/ folders sit beside them, so an installed copy carries those two
folders inside the `ecosystem` package as `ecosystem.site_templates` and
`ecosystem.site_static`; ecosystem/settings.py looks there when the repository's folders
are not beside the code. Tests and benchmarks are not shipped.
"""

from setuptools import find_namespace_packages, setup

APPS = [
    "ecosystem", "goals", "milestones", "partners", "stakeholders", "community", "voice",
    "webhooks",
]  # fmt: skip
SITE_FOLDERS = {"ecosystem.site_templates": "templates", "ecosystem.site_static": "static"}
DATA_FILES = ["*.html", "*.txt", "*.json", "*.css", "*.js", "*.svg", "*.png", "*.ico", "LICENSE"]

packages = find_namespace_packages(include=[f"{app}*" for app in APPS])
package_dir = {}
for package, folder in SITE_FOLDERS.items():
    package_dir[package] = folder
    for sub in find_namespace_packages(where=folder):
        package_dir[f"{package}.{sub}"] = f"{folder}/{sub.replace('.', '/')}"
packages += package_dir

setup(packages=packages, package_dir=package_dir, package_data={"": DATA_FILES})
