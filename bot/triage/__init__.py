"""Triage: what a ticket is about (type, product, module, version), who asks (organisation,
contract, the platform's context), how urgent it is to them, and which agents' queue handles it."""
