"""Builds the comply package against an installed libcomply, found with pkg-config.

    pip install --no-build-isolation bindings/python

Uses only setuptools (Debian's python3-setuptools); PKG_CONFIG_PATH selects
a libcomply installed outside the default paths.
"""

import shlex
import subprocess

from setuptools import Extension, setup


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "comply"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit("libcomply not found by pkg-config (install it, or set PKG_CONFIG_PATH): %s" % exc)
    return shlex.split(out)


cflags = pkg_config("--cflags")
libs = pkg_config("--libs")
libdir = pkg_config("--variable=libdir")

setup(
    name="comply",
    version=pkg_config("--modversion")[0],
    description="GDPR / CNIL personal-data rules (libcomply) for Python",
    packages=["comply"],
    package_data={"comply": ["__init__.pyi", "py.typed"]},
    ext_modules=[
        Extension(
            "comply._comply",
            sources=["_comply.c"],
            include_dirs=[f[2:] for f in cflags if f.startswith("-I")],
            extra_compile_args=[f for f in cflags if not f.startswith("-I")],
            library_dirs=[f[2:] for f in libs if f.startswith("-L")],
            libraries=[f[2:] for f in libs if f.startswith("-l")],
            runtime_library_dirs=libdir,
        )
    ],
    python_requires=">=3.10",
)
