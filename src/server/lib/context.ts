import type { Config } from '../../config';
import type { Db } from '../../db/connection';
import type { Role } from '../../contracts/auth';

export type AppContext = {
  db: Db;
  config: Config;
  databaseKind: 'embedded' | 'external';
};

/** The authenticated caller, resolved once per request. */
export type Actor = {
  userId: string;
  username: string;
  personId: string | null;
  displayName: string;
  mustChangePassword: boolean;
  roles: { role: Role; orgUnitId: string; path: string }[];
  via: 'session' | 'token';
  csrfToken: string | null;
  ip: string | null;
};
