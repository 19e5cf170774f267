"""The console adapter: the whole conversation in a terminal, or scripted through a pipe."""
