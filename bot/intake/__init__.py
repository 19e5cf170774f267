"""The intake: the questions a good support request needs, declared as data."""
