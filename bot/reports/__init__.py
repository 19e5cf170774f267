"""What the team lead reads: volume, deflection, knowledge-base gaps, SLA compliance, response and
resolution times in business hours, satisfaction, backlog. Each report is one or more
:class:`~bot.reports.table.ReportTable` (shown as a chart and a table, exported as CSV).
"""
