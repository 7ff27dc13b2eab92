CREATE TABLE "care_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"amount_yuan" integer,
	"given_by_person_id" uuid,
	"given_on" date NOT NULL,
	"follow_up_on" date,
	"talk_id" uuid,
	"focus_file_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_records_kind_chk" CHECK ("care_records"."kind" in ('visit_ill','hardship_subsidy','counselling','family_support','other'))
);
--> statement-breakpoint
CREATE TABLE "family_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_id" uuid NOT NULL,
	"name" text NOT NULL,
	"relation" text NOT NULL,
	"phone_cipher" text,
	"key_id" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "focus_file_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"on" date NOT NULL,
	"content_cipher" text,
	"key_id" text,
	"by_user_id" uuid,
	"by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "focus_file_entries_kind_chk" CHECK ("focus_file_entries"."kind" in ('review','family_visit','family_call','family_meeting','note'))
);
--> statement-breakpoint
CREATE TABLE "focus_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"reason_category" text NOT NULL,
	"reason_cipher" text,
	"plan_cipher" text,
	"key_id" text,
	"owner_person_id" uuid NOT NULL,
	"review_every_months" integer DEFAULT 1 NOT NULL,
	"next_review_on" date NOT NULL,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"close_reason" text,
	"linked_talk_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "focus_files_review_chk" CHECK ("focus_files"."review_every_months" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "grid_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grid_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"branch_id" uuid NOT NULL,
	"name" text NOT NULL,
	"leader_person_id" uuid,
	"deputy_person_id" uuid,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_by" text,
	"locked_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_status_chk" CHECK ("jobs"."status" in ('pending','running','done','failed'))
);
--> statement-breakpoint
CREATE TABLE "ledger_saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"entity_type" text,
	"entity_id" text,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "talk_concerns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"talk_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"held_on" date NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "talk_concerns_category_chk" CHECK ("talk_concerns"."category" in ('ideological','psychological','family_hardship','health','discipline_risk','financial','other')),
	CONSTRAINT "talk_concerns_severity_chk" CHECK ("talk_concerns"."severity" in ('low','medium','high'))
);
--> statement-breakpoint
CREATE TABLE "talk_dues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"reason" text,
	"raised_on" date NOT NULL,
	"due_on" date NOT NULL,
	"talker_person_id" uuid,
	"talk_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "talk_dues_trigger_chk" CHECK ("talk_dues"."trigger" in ('post_change','discipline_case','early_warning','hardship','own_request','low_morale','other')),
	CONSTRAINT "talk_dues_status_chk" CHECK ("talk_dues"."status" in ('open','done','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "talk_participants" (
	"talk_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"side" text NOT NULL,
	"held_on" date NOT NULL,
	CONSTRAINT "talk_participants_side_chk" CHECK ("talk_participants"."side" in ('talker','talkee'))
);
--> statement-breakpoint
CREATE TABLE "talk_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"talker_role" text NOT NULL,
	"population" text NOT NULL,
	"cadence" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "talk_rules_cadence_chk" CHECK ("talk_rules"."cadence" in ('month','quarter','half_year','year'))
);
--> statement-breakpoint
CREATE TABLE "talks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"place" text,
	"kind" text NOT NULL,
	"topics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes_cipher" text,
	"notes_key_id" text,
	"follow_ups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"concern_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "talks_kind_chk" CHECK ("talks"."kind" in ('routine','triggered','requested'))
);
--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "weight" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "milestones" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "last_activity_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_given_by_person_id_people_id_fk" FOREIGN KEY ("given_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_talk_id_talks_id_fk" FOREIGN KEY ("talk_id") REFERENCES "public"."talks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_focus_file_id_focus_files_id_fk" FOREIGN KEY ("focus_file_id") REFERENCES "public"."focus_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_contacts" ADD CONSTRAINT "family_contacts_file_id_focus_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."focus_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "focus_file_entries" ADD CONSTRAINT "focus_file_entries_file_id_focus_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."focus_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "focus_file_entries" ADD CONSTRAINT "focus_file_entries_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "focus_files" ADD CONSTRAINT "focus_files_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "focus_files" ADD CONSTRAINT "focus_files_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "focus_files" ADD CONSTRAINT "focus_files_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "focus_files" ADD CONSTRAINT "focus_files_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_members" ADD CONSTRAINT "grid_members_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_members" ADD CONSTRAINT "grid_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_branch_id_org_units_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_leader_person_id_people_id_fk" FOREIGN KEY ("leader_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_deputy_person_id_people_id_fk" FOREIGN KEY ("deputy_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_saved_views" ADD CONSTRAINT "ledger_saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_concerns" ADD CONSTRAINT "talk_concerns_talk_id_talks_id_fk" FOREIGN KEY ("talk_id") REFERENCES "public"."talks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_concerns" ADD CONSTRAINT "talk_concerns_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_concerns" ADD CONSTRAINT "talk_concerns_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_dues" ADD CONSTRAINT "talk_dues_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_dues" ADD CONSTRAINT "talk_dues_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_dues" ADD CONSTRAINT "talk_dues_talker_person_id_people_id_fk" FOREIGN KEY ("talker_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_dues" ADD CONSTRAINT "talk_dues_talk_id_talks_id_fk" FOREIGN KEY ("talk_id") REFERENCES "public"."talks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_dues" ADD CONSTRAINT "talk_dues_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_participants" ADD CONSTRAINT "talk_participants_talk_id_talks_id_fk" FOREIGN KEY ("talk_id") REFERENCES "public"."talks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_participants" ADD CONSTRAINT "talk_participants_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_rules" ADD CONSTRAINT "talk_rules_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talks" ADD CONSTRAINT "talks_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talks" ADD CONSTRAINT "talks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_records_person_idx" ON "care_records" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "care_records_unit_idx" ON "care_records" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "family_contacts_file_idx" ON "family_contacts" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "focus_file_entries_file_idx" ON "focus_file_entries" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "focus_files_person_idx" ON "focus_files" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "focus_files_unit_idx" ON "focus_files" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "focus_files_owner_idx" ON "focus_files" USING btree ("owner_person_id");--> statement-breakpoint
CREATE INDEX "grid_members_grid_idx" ON "grid_members" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "grid_members_person_idx" ON "grid_members" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grid_members_current_uq" ON "grid_members" USING btree ("grid_id","person_id") WHERE "grid_members"."left_on" IS NULL;--> statement-breakpoint
CREATE INDEX "grids_branch_idx" ON "grids" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "grids_leader_idx" ON "grids" USING btree ("leader_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedupe_uq" ON "jobs" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "jobs_pending_idx" ON "jobs" USING btree ("run_at") WHERE "jobs"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_saved_views_user_name_uq" ON "ledger_saved_views" USING btree ("user_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_dedupe_uq" ON "notifications" USING btree ("user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_user_unread_idx" ON "notifications" USING btree ("user_id","created_at") WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE INDEX "talk_concerns_unit_held_idx" ON "talk_concerns" USING btree ("org_unit_id","held_on");--> statement-breakpoint
CREATE INDEX "talk_concerns_person_idx" ON "talk_concerns" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "talk_dues_person_idx" ON "talk_dues" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "talk_dues_talker_idx" ON "talk_dues" USING btree ("talker_person_id");--> statement-breakpoint
CREATE INDEX "talk_dues_unit_due_idx" ON "talk_dues" USING btree ("org_unit_id","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "talk_participants_uq" ON "talk_participants" USING btree ("talk_id","person_id","side");--> statement-breakpoint
CREATE INDEX "talk_participants_person_held_idx" ON "talk_participants" USING btree ("person_id","side","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "talk_rules_unit_code_uq" ON "talk_rules" USING btree ("org_unit_id","code");--> statement-breakpoint
CREATE INDEX "talks_unit_held_idx" ON "talks" USING btree ("org_unit_id","held_on");--> statement-breakpoint
CREATE INDEX "ledger_items_status_deadline_idx" ON "ledger_items" USING btree ("status","deadline");--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_weight_chk" CHECK ("ledger_items"."weight" between 1 and 100);