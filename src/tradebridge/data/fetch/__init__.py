"""Downloaders for the sources the analytics use (CEPII BACI, UN Comtrade, World Bank WDI, CEPII
distances), each landing in the warehouse through the validated, atomic ingestion."""
