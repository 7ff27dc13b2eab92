import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (~20 ms here): slow enough for guessing, fast enough for logins.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this keeps the time of a login for an unknown user like that of a known one.
let dummyHash: Promise<string> | null = null;
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hash('rectify-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}
