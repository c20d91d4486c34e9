"""The inspections app's pages: results, cases, complaints, published draws (public) and
the staff pages for re-judging and follow-ups. URLs in inspections/urls.py."""
