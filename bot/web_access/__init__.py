"""Who may use the web desk, and how they sign in without a new password.

- An agent (SUPPORTBOT_AGENTS) or team lead (SUPPORTBOT_WEB_LEADS) writes ``/web`` to the bot in
  chat; a one-time link, valid a few minutes, reaches them in a private message through the
  outbox (:mod:`bot.web_access.chat_request`).
- An administrator makes a local account from the command line and hands over the link it prints.
- Redeeming a link opens a session (:mod:`bot.web_access.sessions`); failed attempts are counted
  per client address and limited (:mod:`bot.web_access.throttle`). Requesters never get a link.
"""
