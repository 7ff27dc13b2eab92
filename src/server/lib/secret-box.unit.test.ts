import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addKeyringKey, retireKeyringKeys, secretBox } from './secret-box';

const freshPath = () => join(mkdtempSync(join(tmpdir(), 'rectify-keys-')), 'keys', 'keyring.json');

describe('secret box', () => {
  it('creates a 0600 keyring on first use and round-trips text', () => {
    const path = freshPath();
    const box = secretBox(path);
    const sealed = box.seal('谈话笔记：家庭困难', 'talks:1:notes');
    expect(sealed).toMatch(/^rk1\.k1\./);
    expect(sealed).not.toContain('家庭');
    expect(box.open(sealed, 'talks:1:notes')).toBe('谈话笔记：家庭困难');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a value moved to another row or altered', () => {
    const box = secretBox(freshPath());
    const sealed = box.seal('secret', 'talks:1:notes');
    expect(() => box.open(sealed, 'talks:2:notes')).toThrow(/校验失败/);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'talks:1:notes')).toThrow(/校验失败/);
  });

  it('does not open with another keyring', () => {
    const sealed = secretBox(freshPath()).seal('secret', 'a');
    expect(() => secretBox(freshPath()).open(sealed, 'a')).toThrow(/校验失败/);
  });

  it('rotates: new values use the new key, old values still open until their key is retired', () => {
    const path = freshPath();
    const old = secretBox(path).seal('old', 'a');
    expect(addKeyringKey(path)).toBe('k2');
    const box = secretBox(path);
    expect(box.activeKeyId).toBe('k2');
    expect(box.keyIdOf(box.seal('new', 'a'))).toBe('k2');
    expect(box.open(old, 'a')).toBe('old');
    expect(retireKeyringKeys(path, new Set())).toEqual(['k1']);
    expect(() => secretBox(path).open(old, 'a')).toThrow(/缺少密钥 k1/);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).keys)).toEqual(['k2']);
  });
});
