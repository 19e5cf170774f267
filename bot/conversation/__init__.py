"""The intake conversation: stages, buttons, commands and the flow between questions."""
