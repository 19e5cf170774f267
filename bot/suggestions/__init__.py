"""Knowledge-base suggestions during the intake, direct search, and their statistics."""
