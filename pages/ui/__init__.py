"""Shared Streamlit code of the dashboard pages.

data       which folder is read, and its frames cached until a file in it changes
state      the sidebar filters, kept in the URL, and the view every page draws from
blocks     Streamlit pieces every page uses: header, chart with its numbers and CSV, tables, downloads
figures    plotly figures built from loaders.views frames (no Streamlit: tested directly)
downloads  the CSV and Excel files the pages offer, as bytes (no Streamlit: tested directly)
sources    a report's own text for the 报告 page, read once per file version
"""
