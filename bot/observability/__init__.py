"""What an operator needs to see the bot is alive: logs without secrets, metrics, readiness."""
