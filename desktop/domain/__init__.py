"""Pure rules of Rapport: no Qt, no database."""
