"""Use cases of Rapport: plain values in and out, no Qt."""
