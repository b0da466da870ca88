"""Shared fixtures of the comply pytest suite (run by tests/python/run_pytest.sh)."""

import pathlib

import pytest

import comply

SRCDIR = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def rules():
    return comply.Rules.default()


@pytest.fixture(scope="session")
def srcdir():
    return SRCDIR
