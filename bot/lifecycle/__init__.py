"""A ticket's life after filing: statuses, the agents' side, the requester's side, SLA."""
