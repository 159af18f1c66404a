"""Rapport: a desktop personal CRM for people who build a professional network."""

__version__ = "0.1.0"
APP_NAME = "Rapport"
ORG_NAME = "Rapport"
