"""One BLAS thread for the search: its products are small and run between Python steps.

A message against a few thousand passage vectors is a fraction of a millisecond on one core.
OpenBLAS splits such products over threads that sleep between queries; waking them costs more
than the product, and on a busy machine (a bot shares it) much more: on 200 long articles, a
query took 9 ms with the default threads and 4.7 ms with one (benchmarks/kb_bench.py --long).
Called once by whoever composes the process (the bot's bootstrap, the CLI, the benchmarks).
"""

from __future__ import annotations


def single_blas_thread() -> None:
    import numpy  # noqa: F401  (its BLAS must be loaded for the limit to reach it)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
