"""The desk's queue: every ticket with its SLA state, filtered, sorted, searched and paged.

Columns and filters are data (:mod:`bot.queue.columns`, :mod:`bot.queue.filters`): the web desk
draws what is listed there, so a new ticket field (type, product, queue...) is one more entry.
"""
