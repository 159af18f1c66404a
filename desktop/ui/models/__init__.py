"""Qt item models over the services' plain values (lazy where the lists are long)."""
