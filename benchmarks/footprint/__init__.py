"""Start-up time and resident memory (``python -m benchmarks.footprint``, ``make bench-footprint``)."""
