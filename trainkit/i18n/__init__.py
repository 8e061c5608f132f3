"""Localisation: module catalogs (extract, update, localise) and trainkit's own words."""
