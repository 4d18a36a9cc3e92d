"""Pages of the customer's voice: needs, ideas, health (views/needs.py, ideas.py, health.py)."""
