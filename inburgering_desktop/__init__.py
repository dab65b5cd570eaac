"""Inburgering Desktop: the offline workbench of the klantregisseur inburgering."""

__version__ = "0.1.0"
