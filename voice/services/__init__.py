"""Writes of the customer's voice, by subdomain: needs and their answers, ideas, leaving."""
