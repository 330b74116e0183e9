# The C extension; the metadata is in pyproject.toml.
from setuptools import Extension, setup

setup(ext_modules=[Extension("eggs", sources=["eggs.c"])])
