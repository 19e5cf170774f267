"""Give the memory a knowledge-base build freed back to the system.

Building an index allocates tens of MB of temporary arrays (and loading the tokenizer parses a
2 MB JSON file in Rust), then frees them. glibc's allocator keeps freed memory for later
allocations instead of returning it, so a bot that builds its index once at start-up held it for
its whole life: ``malloc_trim`` returns it (10 MB of a running bot). Elsewhere (musl, macOS) this
does nothing.
"""

from __future__ import annotations

import ctypes


def return_freed_memory() -> None:
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
