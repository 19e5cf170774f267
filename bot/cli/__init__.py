"""The ``supportbot`` command line."""
