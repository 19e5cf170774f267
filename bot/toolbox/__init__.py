"""The agents' toolbox: canned responses, and knowledge-base articles sent into a reply."""
