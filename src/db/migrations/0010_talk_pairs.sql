CREATE TABLE "talk_pairs" (
	"talk_id" uuid NOT NULL,
	"talker_id" uuid NOT NULL,
	"talkee_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	CONSTRAINT "talk_pairs_talk_id_talker_id_talkee_id_pk" PRIMARY KEY("talk_id","talker_id","talkee_id")
);
--> statement-breakpoint
ALTER TABLE "talk_pairs" ADD CONSTRAINT "talk_pairs_talk_id_talks_id_fk" FOREIGN KEY ("talk_id") REFERENCES "public"."talks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "talk_pairs_held_idx" ON "talk_pairs" USING btree ("held_on","talkee_id","talker_id");--> statement-breakpoint
CREATE INDEX "talk_pairs_talkee_held_idx" ON "talk_pairs" USING btree ("talkee_id","held_on");--> statement-breakpoint
-- talk_pairs follows talk_participants: every talker × talkee of a talk, with the talk's day.
CREATE OR REPLACE FUNCTION talk_pairs_after_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO talk_pairs (talk_id, talker_id, talkee_id, held_on)
  SELECT r.talk_id, r.person_id, e.person_id, e.held_on
  FROM talk_participants r JOIN talk_participants e ON e.talk_id = r.talk_id AND e.side = 'talkee'
  WHERE r.side = 'talker' AND r.talk_id IN (SELECT DISTINCT talk_id FROM new_rows)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION talk_pairs_after_delete() RETURNS trigger AS $$
BEGIN
  DELETE FROM talk_pairs p USING old_rows o
  WHERE p.talk_id = o.talk_id AND ((o.side = 'talker' AND p.talker_id = o.person_id) OR (o.side = 'talkee' AND p.talkee_id = o.person_id));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION talk_pairs_after_update() RETURNS trigger AS $$
BEGIN
  -- A changed day (or person) of a participant: rebuild the pairs of the talks touched.
  DELETE FROM talk_pairs WHERE talk_id IN (SELECT DISTINCT talk_id FROM new_rows UNION SELECT DISTINCT talk_id FROM old_rows);
  INSERT INTO talk_pairs (talk_id, talker_id, talkee_id, held_on)
  SELECT r.talk_id, r.person_id, e.person_id, e.held_on
  FROM talk_participants r JOIN talk_participants e ON e.talk_id = r.talk_id AND e.side = 'talkee'
  WHERE r.side = 'talker' AND r.talk_id IN (SELECT DISTINCT talk_id FROM new_rows UNION SELECT DISTINCT talk_id FROM old_rows)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER talk_pairs_ins AFTER INSERT ON talk_participants REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION talk_pairs_after_insert();
--> statement-breakpoint
CREATE TRIGGER talk_pairs_del AFTER DELETE ON talk_participants REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION talk_pairs_after_delete();
--> statement-breakpoint
CREATE TRIGGER talk_pairs_upd AFTER UPDATE ON talk_participants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION talk_pairs_after_update();
--> statement-breakpoint
INSERT INTO talk_pairs (talk_id, talker_id, talkee_id, held_on)
SELECT r.talk_id, r.person_id, e.person_id, e.held_on
FROM talk_participants r JOIN talk_participants e ON e.talk_id = r.talk_id AND e.side = 'talkee'
WHERE r.side = 'talker'
ON CONFLICT DO NOTHING;
