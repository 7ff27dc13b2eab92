CREATE TABLE "inspection_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"person_id" uuid,
	"year" integer NOT NULL,
	"campaign" text NOT NULL,
	"title" text NOT NULL,
	"source_kind" text NOT NULL,
	"file_name" text,
	"file_key" text,
	"file_size" integer,
	"file_sha256" text,
	"source_text" text NOT NULL,
	"parsed" jsonb NOT NULL,
	"earlier_problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"structure" jsonb NOT NULL,
	"ledger_draft" jsonb,
	"ledger_committed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_reports_kind_chk" CHECK ("inspection_reports"."kind" in ('team','personal')),
	CONSTRAINT "inspection_reports_person_chk" CHECK (("inspection_reports"."kind" = 'personal') = ("inspection_reports"."person_id" IS NOT NULL)),
	CONSTRAINT "inspection_reports_source_chk" CHECK ("inspection_reports"."source_kind" in ('file','text')),
	CONSTRAINT "inspection_reports_year_chk" CHECK ("inspection_reports"."year" between 1990 and 2100)
);
--> statement-breakpoint
CREATE TABLE "ledger_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"report_id" uuid,
	"draft_key" text,
	"source" text NOT NULL,
	"aspect" text,
	"problem" text NOT NULL,
	"cause" text,
	"target" text,
	"measure" text,
	"type" text NOT NULL,
	"leader_person_id" uuid,
	"lead_department_id" uuid,
	"owner_person_id" uuid,
	"cooperating_department_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deadline" date,
	"status" text DEFAULT 'not_started' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"remarks" text,
	"problem_refs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_items_source_chk" CHECK ("ledger_items"."source" in ('self_inspection','opinion','inspection_tour','supervision','audit','higher_notice','other')),
	CONSTRAINT "ledger_items_type_chk" CHECK ("ledger_items"."type" in ('immediate','deadline','ongoing')),
	CONSTRAINT "ledger_items_progress_chk" CHECK ("ledger_items"."progress" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "inspection_reports" ADD CONSTRAINT "inspection_reports_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_reports" ADD CONSTRAINT "inspection_reports_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_reports" ADD CONSTRAINT "inspection_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_report_id_inspection_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."inspection_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_leader_person_id_people_id_fk" FOREIGN KEY ("leader_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_lead_department_id_org_units_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_reports_unit_year_idx" ON "inspection_reports" USING btree ("org_unit_id","year");--> statement-breakpoint
CREATE INDEX "inspection_reports_person_idx" ON "inspection_reports" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ledger_items_unit_idx" ON "ledger_items" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "ledger_items_report_idx" ON "ledger_items" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "ledger_items_owner_idx" ON "ledger_items" USING btree ("owner_person_id");--> statement-breakpoint
CREATE INDEX "ledger_items_deadline_idx" ON "ledger_items" USING btree ("deadline");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_items_report_draft_uq" ON "ledger_items" USING btree ("report_id","draft_key");