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
  primaryKey,
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
  /** Where e-mail reminders go (optional). */
  email: text('email'),
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
    /** Weight in the roll-up item → problem → aspect → report → unit (1 by default). */
    weight: integer('weight').notNull().default(1),
    /** 阶段性目标: [{ title, dueOn, doneOn }]. */
    milestones: jsonb('milestones').$type<{ title: string; dueOn: string | null; doneOn: string | null }[]>().notNull().default([]),
    /** The last write of any kind, for the inactivity warning. */
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
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
    check('ledger_items_weight_chk', sql`${t.weight} between 1 and 100`),
    index('ledger_items_status_deadline_idx').on(t.status, t.deadline),
    // The unit dashboard and the list filtered by unit + status + overdue read only these columns (index-only scans).
    index('ledger_items_unit_status_idx').on(t.orgUnitId, t.status, t.deadline, t.completedAt, t.createdAt, t.signedOffAt),
    // The list's default order (newest first), so a page is read off the index instead of sorting every match.
    index('ledger_items_created_order_idx').on(t.createdAt.desc().nullsFirst(), t.reportId, t.draftKey, t.id),
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

/** A saved filter set of the ledger table, private to its user. */
export const ledgerSavedViews = pgTable(
  'ledger_saved_views',
  {
    id: id(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    query: jsonb('query').$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('ledger_saved_views_user_name_uq').on(t.userId, t.name)],
);

/** In-app notifications (the bell). `dedupeKey` makes a reminder reach a user once, whatever runs it. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    link: text('link'),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_user_dedupe_uq').on(t.userId, t.dedupeKey),
    index('notifications_user_unread_idx').on(t.userId, t.createdAt).where(sql`${t.readAt} IS NULL`),
  ],
);

/**
 * Background jobs kept in PostgreSQL: a job with a given `dedupeKey` exists once, and is taken by one worker
 * (SELECT … FOR UPDATE SKIP LOCKED), so several server processes and restarts never run it twice.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').notNull().default({}),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lockedBy: text('locked_by'),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('jobs_dedupe_uq').on(t.dedupeKey),
    index('jobs_pending_idx').on(t.runAt).where(sql`${t.status} = 'pending'`),
    check('jobs_status_chk', sql`${t.status} in ('pending','running','done','failed')`),
  ],
);

/** 网格: a group of people in a branch assigned to a grid leader for talks and care. */
export const grids = pgTable(
  'grids',
  {
    id: id(),
    branchId: uuid('branch_id').notNull().references(() => orgUnits.id),
    name: text('name').notNull(),
    leaderPersonId: uuid('leader_person_id').references(() => people.id),
    deputyPersonId: uuid('deputy_person_id').references(() => people.id),
    sortOrder: integer('sort_order').notNull().default(0),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('grids_branch_idx').on(t.branchId), index('grids_leader_idx').on(t.leaderPersonId)],
);

/**
 * Grid membership with its period, so that talks are judged against the grid a person was in at the time.
 * A current membership has `leftOn` null; a person may (wrongly) be in two grids, which the coverage check lists.
 */
export const gridMembers = pgTable(
  'grid_members',
  {
    id: id(),
    gridId: uuid('grid_id').notNull().references(() => grids.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    leftOn: date('left_on', { mode: 'string' }),
  },
  (t) => [
    index('grid_members_grid_idx').on(t.gridId),
    index('grid_members_person_idx').on(t.personId),
    uniqueIndex('grid_members_current_uq').on(t.gridId, t.personId).where(sql`${t.leftOn} IS NULL`),
  ],
);

/** A unit's own talk rules (谈心谈话制度); a unit without rows follows the defaults in domain code. */
export const talkRules = pgTable(
  'talk_rules',
  {
    id: id(),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    talkerRole: text('talker_role').notNull(),
    population: text('population').notNull(),
    cadence: text('cadence').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('talk_rules_unit_code_uq').on(t.orgUnitId, t.code),
    check('talk_rules_cadence_chk', sql`${t.cadence} in ('month','quarter','half_year','year')`),
  ],
);

/**
 * 谈心谈话. The notes are encrypted at rest (AES-256-GCM with a key outside the database, `notesKeyId` names it);
 * `followUps` are the agreed follow-ups the person talked with may see.
 */
export const talks = pgTable(
  'talks',
  {
    id: id(),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place'),
    kind: text('kind').notNull(),
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    notesCipher: text('notes_cipher'),
    notesKeyId: text('notes_key_id'),
    followUps: jsonb('follow_ups').notNull().default([]),
    /** The concern categories flagged, kept in clear for the access rule (discipline risk → the inspector). */
    concernCategories: jsonb('concern_categories').$type<string[]>().notNull().default([]),
    version: version(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('talks_unit_held_idx').on(t.orgUnitId, t.heldOn),
    check('talks_kind_chk', sql`${t.kind} in ('routine','triggered','requested')`),
  ],
);

/** Who took part in a talk: talkers and the people talked with, one or more on each side. */
export const talkParticipants = pgTable(
  'talk_participants',
  {
    talkId: uuid('talk_id').notNull().references(() => talks.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id),
    side: text('side').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('talk_participants_uq').on(t.talkId, t.personId, t.side),
    index('talk_participants_person_held_idx').on(t.personId, t.side, t.heldOn),
    check('talk_participants_side_chk', sql`${t.side} in ('talker','talkee')`),
  ],
);

/**
 * Talker–talkee pairs of each talk, kept by triggers on talk_participants (migration 0010), so that coverage reads
 * one row per pair and day instead of joining the participants with themselves.
 */
export const talkPairs = pgTable(
  'talk_pairs',
  {
    talkId: uuid('talk_id').notNull().references(() => talks.id, { onDelete: 'cascade' }),
    talkerId: uuid('talker_id').notNull(),
    talkeeId: uuid('talkee_id').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.talkId, t.talkerId, t.talkeeId] }),
    // Coverage of a whole province reads a year's pairs in (talkee, talker) order straight off this index, with no sort.
    index('talk_pairs_year_pair_idx').on(sql`(extract(year FROM ${t.heldOn})::int)`, t.talkeeId, t.talkerId, t.heldOn),
    index('talk_pairs_talkee_held_idx').on(t.talkeeId, t.heldOn),
  ],
);

/** A concern flagged in a talk (思想/心理/家庭困难/健康/违纪风险/经济/其他) with its severity. */
export const talkConcerns = pgTable(
  'talk_concerns',
  {
    id: id(),
    talkId: uuid('talk_id').notNull().references(() => talks.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    category: text('category').notNull(),
    severity: text('severity').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('talk_concerns_unit_held_idx').on(t.orgUnitId, t.heldOn),
    index('talk_concerns_person_idx').on(t.personId),
    check(
      'talk_concerns_category_chk',
      sql`${t.category} in ('ideological','psychological','family_hardship','health','discipline_risk','financial','other')`,
    ),
    check('talk_concerns_severity_chk', sql`${t.severity} in ('low','medium','high')`),
  ],
);

/** 六必谈: a talk that must be held because something happened, due within a set number of days. */
export const talkDues = pgTable(
  'talk_dues',
  {
    id: id(),
    personId: uuid('person_id').notNull().references(() => people.id),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    trigger: text('trigger').notNull(),
    reason: text('reason'),
    raisedOn: date('raised_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    talkerPersonId: uuid('talker_person_id').references(() => people.id),
    talkId: uuid('talk_id').references(() => talks.id),
    status: text('status').notNull().default('open'),
    version: version(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('talk_dues_person_idx').on(t.personId),
    index('talk_dues_talker_idx').on(t.talkerPersonId),
    index('talk_dues_unit_due_idx').on(t.orgUnitId, t.dueOn),
    check(
      'talk_dues_trigger_chk',
      sql`${t.trigger} in ('post_change','discipline_case','early_warning','hardship','own_request','low_morale','other')`,
    ),
    check('talk_dues_status_chk', sql`${t.status} in ('open','done','cancelled')`),
  ],
);

/** 重点人员专档: a confidential file on a person needing attention; need-to-know, every read audited. */
export const focusFiles = pgTable(
  'focus_files',
  {
    id: id(),
    personId: uuid('person_id').notNull().references(() => people.id),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    reasonCategory: text('reason_category').notNull(),
    reasonCipher: text('reason_cipher'),
    planCipher: text('plan_cipher'),
    keyId: text('key_id'),
    ownerPersonId: uuid('owner_person_id').notNull().references(() => people.id),
    reviewEveryMonths: integer('review_every_months').notNull().default(1),
    nextReviewOn: date('next_review_on', { mode: 'string' }).notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    closeReason: text('close_reason'),
    linkedTalkIds: jsonb('linked_talk_ids').$type<string[]>().notNull().default([]),
    version: version(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('focus_files_person_idx').on(t.personId),
    index('focus_files_unit_idx').on(t.orgUnitId),
    index('focus_files_owner_idx').on(t.ownerPersonId),
    check('focus_files_review_chk', sql`${t.reviewEveryMonths} between 1 and 12`),
  ],
);

/** One entry of a focus file's record: a review, a family contact (visit, call, joint meeting) or a note. */
export const focusFileEntries = pgTable(
  'focus_file_entries',
  {
    id: id(),
    fileId: uuid('file_id').notNull().references(() => focusFiles.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    contentCipher: text('content_cipher'),
    keyId: text('key_id'),
    byUserId: uuid('by_user_id').references(() => users.id),
    byName: text('by_name'),
    createdAt: createdAt(),
  },
  (t) => [
    index('focus_file_entries_file_idx').on(t.fileId),
    check('focus_file_entries_kind_chk', sql`${t.kind} in ('review','family_visit','family_call','family_meeting','note')`),
  ],
);

/** 家庭共建: the family contacts of a focus file. */
export const familyContacts = pgTable(
  'family_contacts',
  {
    id: id(),
    fileId: uuid('file_id').notNull().references(() => focusFiles.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    relation: text('relation').notNull(),
    phoneCipher: text('phone_cipher'),
    keyId: text('key_id'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('family_contacts_file_idx').on(t.fileId)],
);

/** 关心关爱: help given to a person for health or hardship, with a follow-up date. */
export const careRecords = pgTable(
  'care_records',
  {
    id: id(),
    personId: uuid('person_id').notNull().references(() => people.id),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    kind: text('kind').notNull(),
    description: text('description').notNull(),
    amountYuan: integer('amount_yuan'),
    givenByPersonId: uuid('given_by_person_id').references(() => people.id),
    givenOn: date('given_on', { mode: 'string' }).notNull(),
    followUpOn: date('follow_up_on', { mode: 'string' }),
    talkId: uuid('talk_id').references(() => talks.id),
    focusFileId: uuid('focus_file_id').references(() => focusFiles.id),
    version: version(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('care_records_person_idx').on(t.personId),
    index('care_records_unit_idx').on(t.orgUnitId),
    check(
      'care_records_kind_chk',
      sql`${t.kind} in ('visit_ill','hardship_subsidy','counselling','family_support','other')`,
    ),
  ],
);
