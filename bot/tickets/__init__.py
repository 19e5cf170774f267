"""Tickets: filing a request, finding it again, and its lifecycle."""
