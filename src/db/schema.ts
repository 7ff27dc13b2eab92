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
