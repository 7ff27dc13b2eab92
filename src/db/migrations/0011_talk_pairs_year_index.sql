DROP INDEX "talk_pairs_held_idx";--> statement-breakpoint
CREATE INDEX "talk_pairs_year_pair_idx" ON "talk_pairs" USING btree ((extract(year FROM "held_on")::int),"talkee_id","talker_id","held_on");