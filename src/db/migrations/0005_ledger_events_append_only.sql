-- A ledger item's timeline is append-only: events may be inserted, never changed or removed.
-- TRUNCATE stays possible so that a forced restore can empty the database.
CREATE OR REPLACE FUNCTION ledger_events_forbid_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_events_no_update BEFORE UPDATE OR DELETE ON ledger_events
  FOR EACH ROW EXECUTE FUNCTION ledger_events_forbid_change();
