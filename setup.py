"""Package layout that pyproject.toml cannot express alone: ``resources/`` → ``hamyar_resources``."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["desktop", "desktop.*"]), "hamyar_resources"],
    package_dir={"hamyar_resources": "resources"},
    package_data={
        "desktop.store.migrations": ["*.mako"],
        "hamyar_resources": ["**/*"],
    },
    include_package_data=False,
)
