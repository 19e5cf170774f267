"""Adapters: translate between a chat platform and the core's neutral messages."""
