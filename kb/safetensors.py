"""Rows of a tensor in a safetensors file, read from the file when asked for, never held whole.

The format: an 8-byte little-endian header length, a JSON header giving each tensor's dtype,
shape and byte range, then the data (https://github.com/huggingface/safetensors).

A search needs the rows of the few dozen subword pieces a message has; building an index, those
of its vocabulary's. Reading them with ``os.pread`` leaves the file in the kernel's page cache,
which every bot process on the machine shares and the kernel can drop, and none of it in a
process's resident memory: a memory map of the same file made ~15 MB of it resident in each
process (every page touched, and the kernel's read-ahead around them).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

_DTYPES = {"F16": np.float16, "F32": np.float32}


@dataclass(frozen=True)
class TensorRows:
    """A 2-D tensor of a file: ``read(ids)`` gives the rows ``ids`` (sorted, distinct)."""

    path: Path
    offset: int  # of the first row, in bytes from the start of the file
    dtype: np.dtype[Any]
    shape: tuple[int, int]

    @classmethod
    def of(cls, path: Path, name: str) -> TensorRows:
        """Tensor ``name`` of a safetensors file; ValueError when the file cannot hold it."""
        with path.open("rb") as file:
            length = int.from_bytes(file.read(8), "little")
            header = json.loads(file.read(length))
        entry = header[name]
        dtype = np.dtype(_DTYPES[entry["dtype"]])
        rows, columns = (int(n) for n in entry["shape"])
        begin, end = (int(n) for n in entry["data_offsets"])
        if end - begin != rows * columns * dtype.itemsize:
            raise ValueError(f"{path}: {name} holds {end - begin} bytes, not a {dtype} tensor of shape {(rows, columns)}")
        if path.stat().st_size < 8 + length + end:
            raise ValueError(f"{path}: the file ends before {name}'s {end - begin} bytes")
        return cls(path, 8 + length + begin, dtype, (rows, columns))

    def read(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
        """The rows ``ids`` (sorted, distinct, in range), one read per run of consecutive ids."""
        row_bytes = self.shape[1] * self.dtype.itemsize
        out = np.empty((len(ids), self.shape[1]), dtype=self.dtype)
        if not len(ids):
            return out
        if ids[0] < 0 or ids[-1] >= self.shape[0]:
            raise IndexError(f"rows {ids[0]}..{ids[-1]} of a tensor of {self.shape[0]} rows")
        breaks = np.flatnonzero(np.diff(ids) != 1) + 1
        starts, ends = np.concatenate(([0], breaks)), np.concatenate((breaks, [len(ids)]))
        buffer = out.view(np.uint8).reshape(-1)
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            size = (end - start) * row_bytes
            data = os.pread(self._fd, size, self.offset + int(ids[start]) * row_bytes)
            if len(data) != size:
                raise ValueError(f"{self.path}: short read of rows {ids[start]}..{ids[end - 1]}")
            buffer[start * row_bytes : end * row_bytes] = np.frombuffer(data, dtype=np.uint8)
        return out

    @cached_property
    def _fd(self) -> int:
        """Opened at the first read and kept (pread needs no position: threads share it)."""
        return os.open(self.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))

    def __del__(self) -> None:
        fd = self.__dict__.get("_fd")
        if fd is not None:
            os.close(fd)
