-- SQLite rebuilds carts, cart_items and order_items WITHOUT ROWID here.
-- PostgreSQL's heap tables have no rowid b-tree to drop: these tables stay
-- as they are, and the step exists so both backends share one history.
SELECT 1;
