-- The people list in name order reads its page off this index instead of sorting every row.
CREATE INDEX IF NOT EXISTS people_pinyin_order_idx ON people USING btree (name_pinyin, id);
--> statement-breakpoint
-- Chinese substring search: the characters of the query must all occur in the name or post (GIN containment),
-- then LIKE checks the exact substring on the few rows left.
CREATE INDEX IF NOT EXISTS people_search_chars_idx ON people USING gin (string_to_array(name || coalesce(post, ''), NULL));
