"""A crowd of scripted people doing whole intakes with the real ``supportbot run`` through the fake
platforms, and the tally of what reached whom: shared by the fault campaign (tests/fault) and the
chat benchmark (benchmarks/chat)."""
