"""What a web desk account may see. Its own module, free of the database's models, so that the
command line can offer the roles without loading them."""

from __future__ import annotations

import enum


class WebRole(str, enum.Enum):
    AGENT = "agent"  # the queue and the tickets
    LEAD = "lead"  # team lead / administrator: also the reports and their exports

    @property
    def sees_reports(self) -> bool:
        return self is WebRole.LEAD
