"""The core's speed: whole intakes through the real desk beside a bare one-row transaction on the
same engine, in the same run (``python -m benchmarks.core``, ``make bench-core``)."""
