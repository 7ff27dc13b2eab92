import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const version = () => integer('version').notNull().default(1);

/** The party organisation tree and the administrative units. `path` is the chain of ids from the root, '/a/b/c/'. */
export const orgUnits = pgTable(
  'org_units',
  {
    id: id(),
    parentId: uuid('parent_id').references((): any => orgUnits.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    path: text('path').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('org_units_parent_idx').on(t.parentId),
    index('org_units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    check('org_units_kind_chk', sql`${t.kind} in ('committee','general_branch','branch','group','department','duty_group')`),
  ],
);

export const people = pgTable(
  'people',
  {
    id: id(),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    gender: text('gender').notNull(),
    ethnicity: text('ethnicity'),
    birthDate: date('birth_date', { mode: 'string' }),
    nativePlace: text('native_place'),
    education: text('education'),
    partyStatus: text('party_status').notNull().default('none'),
    partyJoinedOn: date('party_joined_on', { mode: 'string' }),
    partyConfirmedOn: date('party_confirmed_on', { mode: 'string' }),
    workStartedOn: date('work_started_on', { mode: 'string' }),
    serviceStartedOn: date('service_started_on', { mode: 'string' }),
    post: text('post'),
    rank: text('rank'),
    postSince: date('post_since', { mode: 'string' }),
    departmentId: uuid('department_id').references(() => orgUnits.id),
    branchId: uuid('branch_id').references(() => orgUnits.id),
    status: text('status').notNull().default('active'),
    transferredInOn: date('transferred_in_on', { mode: 'string' }),
    transferredOutOn: date('transferred_out_on', { mode: 'string' }),
    phone: text('phone'),
    nationalId: text('national_id'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('people_department_idx').on(t.departmentId),
    index('people_branch_idx').on(t.branchId),
    index('people_name_idx').on(t.name),
    index('people_initials_idx').using('btree', sql`${t.nameInitials} text_pattern_ops`),
    index('people_pinyin_idx').using('btree', sql`${t.namePinyin} text_pattern_ops`),
    uniqueIndex('people_national_id_uq').on(t.nationalId),
    check('people_gender_chk', sql`${t.gender} in ('male','female')`),
    check('people_status_chk', sql`${t.status} in ('active','transferred_out','retired')`),
    check('people_party_status_chk', sql`${t.partyStatus} in ('full_member','probationary','activist','applicant','none')`),
  ],
);

/** 班子成员: a person on a unit's leading team, with the party post and 一岗双责 areas. */
export const leaders = pgTable(
  'leaders',
  {
    id: id(),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    partyPost: text('party_post').notNull(),
    dualResponsibility: jsonb('dual_responsibility').$type<string[]>().notNull().default([]),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [
    uniqueIndex('leaders_unit_person_uq').on(t.orgUnitId, t.personId),
    check('leaders_post_chk', sql`${t.partyPost} in ('secretary','deputy_secretary','member')`),
  ],
);

export const users = pgTable('users', {
  id: id(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  personId: uuid('person_id').references(() => people.id),
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  disabled: boolean('disabled').notNull().default(false),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: id(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
  },
  (t) => [
    uniqueIndex('role_assignments_uq').on(t.userId, t.role, t.orgUnitId),
    check(
      'role_assignments_role_chk',
      sql`${t.role} in ('admin','secretary','committee_member','department_head','grid_leader','inspector','member','viewer')`,
    ),
  ],
);

/** Login sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/** Append-only, hash-chained record of every write and every read of a sensitive field. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    orgUnitId: uuid('org_unit_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_entity_idx').on(t.entityType, t.entityId),
    index('audit_actor_idx').on(t.actorUserId),
    index('audit_at_idx').on(t.at),
  ],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

/**
 * 对照检查材料: a team's or a person's self-inspection material. `parsed` is the parser's output as it came;
 * `structure` is the reviewed, editable copy; `ledger_draft` the suggested ledger items before they are committed.
 */
export const inspectionReports = pgTable(
  'inspection_reports',
  {
    id: id(),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    kind: text('kind').notNull(),
    personId: uuid('person_id').references(() => people.id),
    year: integer('year').notNull(),
    campaign: text('campaign').notNull(),
    title: text('title').notNull(),
    sourceKind: text('source_kind').notNull(),
    fileName: text('file_name'),
    fileKey: text('file_key'),
    fileSize: integer('file_size'),
    fileSha256: text('file_sha256'),
    sourceText: text('source_text').notNull(),
    parsed: jsonb('parsed').notNull(),
    /** The earlier problems passed to the repeat check, in order: `parsed.quality.repeats[].earlierIndex` points here. */
    earlierProblems: jsonb('earlier_problems').notNull().default([]),
    structure: jsonb('structure').notNull(),
    ledgerDraft: jsonb('ledger_draft'),
    ledgerCommittedAt: timestamp('ledger_committed_at', { withTimezone: true }),
    version: version(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('inspection_reports_unit_year_idx').on(t.orgUnitId, t.year),
    index('inspection_reports_person_idx').on(t.personId),
    check('inspection_reports_kind_chk', sql`${t.kind} in ('team','personal')`),
    check('inspection_reports_person_chk', sql`(${t.kind} = 'personal') = (${t.personId} IS NOT NULL)`),
    check('inspection_reports_source_chk', sql`${t.sourceKind} in ('file','text')`),
    check('inspection_reports_year_chk', sql`${t.year} between 1990 and 2100`),
  ],
);

/** 整改事项: one tracked rectification item of the ledger (整改台账). */
export const ledgerItems = pgTable(
  'ledger_items',
  {
    id: id(),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    reportId: uuid('report_id').references(() => inspectionReports.id),
    /** The draft item (and owner) the row was committed from; unique per report so a commit cannot run twice. */
    draftKey: text('draft_key'),
    source: text('source').notNull(),
    aspect: text('aspect'),
    problem: text('problem').notNull(),
    cause: text('cause'),
    target: text('target'),
    measure: text('measure'),
    type: text('type').notNull(),
    leaderPersonId: uuid('leader_person_id').references(() => people.id),
    leadDepartmentId: uuid('lead_department_id').references(() => orgUnits.id),
    ownerPersonId: uuid('owner_person_id').references(() => people.id),
    cooperatingDepartmentIds: jsonb('cooperating_department_ids').$type<string[]>().notNull().default([]),
    deadline: date('deadline', { mode: 'string' }),
    status: text('status').notNull().default('not_started'),
    progress: integer('progress').notNull().default(0),
    remarks: text('remarks'),
    problemRefs: jsonb('problem_refs').notNull().default([]),
    /** 整改进展: what has been done, required before review. */
    progressNote: text('progress_note'),
    /** Approvals given in the current review round: 0, 1 (lead department), 2 (leader in charge, signed off). */
    reviewLevel: integer('review_level').notNull().default(0),
    /** Rectification round: a re-check rated 一般/差 starts the next one. */
    round: integer('round').notNull().default(1),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    /** The item and the SHA-256 of its evidence as signed off. */
    signOffSnapshot: jsonb('sign_off_snapshot'),
    /** 长期坚持: months between check-ins after sign-off. */
    checkInMonths: integer('check_in_months').notNull().default(1),
    lastCheckInAt: timestamp('last_check_in_at', { withTimezone: true }),
    version: version(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ledger_items_unit_idx').on(t.orgUnitId),
    index('ledger_items_report_idx').on(t.reportId),
    index('ledger_items_owner_idx').on(t.ownerPersonId),
    index('ledger_items_deadline_idx').on(t.deadline),
    uniqueIndex('ledger_items_report_draft_uq').on(t.reportId, t.draftKey),
    check(
      'ledger_items_source_chk',
      sql`${t.source} in ('self_inspection','opinion','inspection_tour','supervision','audit','higher_notice','other')`,
    ),
    check('ledger_items_type_chk', sql`${t.type} in ('immediate','deadline','ongoing')`),
    check('ledger_items_progress_chk', sql`${t.progress} between 0 and 100`),
    check('ledger_items_status_chk', sql`${t.status} in ('not_started','in_progress','awaiting_review','signed_off')`),
    check('ledger_items_check_in_chk', sql`${t.checkInMonths} between 1 and 12`),
  ],
);

/** The timeline of a ledger item: append-only (a trigger refuses UPDATE and DELETE); one row per item version. */
export const ledgerEvents = pgTable(
  'ledger_events',
  {
    id: id(),
    itemId: uuid('item_id').notNull().references(() => ledgerItems.id),
    /** The item version this event produced. */
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    before: jsonb('before'),
    after: jsonb('after'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ledger_events_item_version_uq').on(t.itemId, t.version)],
);

/** One review step of a ledger item: level 1 the lead department, level 2 the leader in charge. */
export const ledgerReviews = pgTable(
  'ledger_reviews',
  {
    id: id(),
    itemId: uuid('item_id').notNull().references(() => ledgerItems.id),
    round: integer('round').notNull(),
    level: integer('level').notNull(),
    decision: text('decision').notNull(),
    note: text('note'),
    reviewerUserId: uuid('reviewer_user_id').references(() => users.id),
    reviewerPersonId: uuid('reviewer_person_id').references(() => people.id),
    reviewerName: text('reviewer_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_reviews_item_idx').on(t.itemId),
    check('ledger_reviews_level_chk', sql`${t.level} in (1, 2)`),
    check('ledger_reviews_decision_chk', sql`${t.decision} in ('approve','return')`),
  ],
);

/** 佐证材料: files proving the work; a file uploaded again under the same name becomes its next version. */
export const ledgerEvidence = pgTable(
  'ledger_evidence',
  {
    id: id(),
    itemId: uuid('item_id').notNull().references(() => ledgerItems.id),
    fileName: text('file_name').notNull(),
    fileVersion: integer('file_version').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedByName: text('uploaded_by_name'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('ledger_evidence_name_version_uq').on(t.itemId, t.fileName, t.fileVersion)],
);

/** 回头看: a follow-up rating of a signed-off item. */
export const ledgerRechecks = pgTable(
  'ledger_rechecks',
  {
    id: id(),
    itemId: uuid('item_id').notNull().references(() => ledgerItems.id),
    round: integer('round').notNull(),
    rating: text('rating').notNull(),
    note: text('note'),
    reopened: boolean('reopened').notNull(),
    byUserId: uuid('by_user_id').references(() => users.id),
    byName: text('by_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_rechecks_item_idx').on(t.itemId),
    check('ledger_rechecks_rating_chk', sql`${t.rating} in ('good','fair','average','poor')`),
  ],
);
