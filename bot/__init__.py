"""supportbot core: platform-neutral support logic.

Nothing in this package imports a chat platform library or ``adapters``.
"""
