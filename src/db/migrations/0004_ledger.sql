CREATE TABLE "ledger_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text,
	"before" jsonb,
	"after" jsonb,
	"actor_user_id" uuid,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_version" integer NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"uploaded_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_rechecks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"rating" text NOT NULL,
	"note" text,
	"reopened" boolean NOT NULL,
	"by_user_id" uuid,
	"by_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_rechecks_rating_chk" CHECK ("ledger_rechecks"."rating" in ('good','fair','average','poor'))
);
--> statement-breakpoint
CREATE TABLE "ledger_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"level" integer NOT NULL,
	"decision" text NOT NULL,
	"note" text,
	"reviewer_user_id" uuid,
	"reviewer_person_id" uuid,
	"reviewer_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_reviews_level_chk" CHECK ("ledger_reviews"."level" in (1, 2)),
	CONSTRAINT "ledger_reviews_decision_chk" CHECK ("ledger_reviews"."decision" in ('approve','return'))
);
--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "progress_note" text;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "review_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "signed_off_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "sign_off_snapshot" jsonb;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "check_in_months" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "last_check_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ledger_events" ADD CONSTRAINT "ledger_events_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_events" ADD CONSTRAINT "ledger_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_evidence" ADD CONSTRAINT "ledger_evidence_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_evidence" ADD CONSTRAINT "ledger_evidence_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_rechecks" ADD CONSTRAINT "ledger_rechecks_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_rechecks" ADD CONSTRAINT "ledger_rechecks_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_reviews" ADD CONSTRAINT "ledger_reviews_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_reviews" ADD CONSTRAINT "ledger_reviews_reviewer_user_id_users_id_fk" FOREIGN KEY ("reviewer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_reviews" ADD CONSTRAINT "ledger_reviews_reviewer_person_id_people_id_fk" FOREIGN KEY ("reviewer_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_events_item_version_uq" ON "ledger_events" USING btree ("item_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_evidence_name_version_uq" ON "ledger_evidence" USING btree ("item_id","file_name","file_version");--> statement-breakpoint
CREATE INDEX "ledger_rechecks_item_idx" ON "ledger_rechecks" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "ledger_reviews_item_idx" ON "ledger_reviews" USING btree ("item_id");--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_status_chk" CHECK ("ledger_items"."status" in ('not_started','in_progress','awaiting_review','signed_off'));--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_check_in_chk" CHECK ("ledger_items"."check_in_months" between 1 and 12);