"""One BLAS thread for a block of matrix products: the OpenBLAS that numpy ships, told through its
own ``*_set_num_threads`` entry points (the library numpy has already loaded; nothing is installed).

The attribution tagger runs its matrix products in numpy (:mod:`newsledger.extract.spanmodel`):
OpenBLAS is about three times as fast per core there as the BLIS kernels spaCy's layers call, but
its worker threads spin between products, and on a machine already busy with the rest of the
pipeline (or other articles' workers) they add CPU time without adding speed. Where numpy's BLAS
is not a bundled OpenBLAS (a system MKL, Accelerate) this does nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy

# (get, set) symbol pairs: numpy's wheels (scipy-openblas, 64-bit ints), then a plain OpenBLAS.
_SYMBOLS = (
    ("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
    ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
    ("openblas_get_num_threads64_", "openblas_set_num_threads64_"),
    ("openblas_get_num_threads", "openblas_set_num_threads"),
)


@lru_cache(maxsize=1)
def _controls() -> tuple[Callable[[], int], Callable[[int], None]] | None:
    """numpy's OpenBLAS thread getter and setter, or None where there is none to find."""
    root = Path(numpy.__file__).resolve().parent
    for lib in sorted([*root.parent.glob("numpy.libs/*openblas*"), *root.glob(".dylibs/*openblas*")]):
        try:
            handle = ctypes.CDLL(str(lib))  # numpy loaded it already: the same library, not a copy
        except OSError:
            continue
        for get_name, set_name in _SYMBOLS:
            if hasattr(handle, get_name) and hasattr(handle, set_name):
                getter, setter = getattr(handle, get_name), getattr(handle, set_name)
                getter.restype, setter.restype = ctypes.c_int, None
                setter.argtypes = [ctypes.c_int]
                return _bound(getter, setter)
    return None


def _bound(getter: Any, setter: Any) -> tuple[Callable[[], int], Callable[[int], None]]:
    def get() -> int:
        return int(getter())

    def put(n: int) -> None:
        setter(n)

    return get, put


def blas_threads() -> int | None:
    """The number of threads numpy's OpenBLAS uses now (None: no OpenBLAS found)."""
    controls = _controls()
    return controls[0]() if controls is not None else None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's matrix products on one thread inside the block; the previous count after it."""
    controls = _controls()
    if controls is None:
        yield
        return
    get, put = controls
    before = get()
    if before != 1:
        put(1)
    try:
        yield
    finally:
        if before != 1:
            put(before)
