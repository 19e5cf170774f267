"""The desk's queue: every ticket with its SLA state, filtered, sorted, searched and paged.

Columns and filters are data (:mod:`bot.queue.columns`, :mod:`bot.queue.filters`): the web desk
draws what is listed there, so a ticket field (type, product, queue...) is one more entry, and a
filter of the deployment's values takes them from :mod:`bot.queue.vocabulary`. The search box is
the ticket finder every entry point shares (:mod:`bot.triage.finder`).
"""
