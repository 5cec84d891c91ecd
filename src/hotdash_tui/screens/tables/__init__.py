"""The schema browser (key 7): the tables, one table's rows, and one row whole."""
