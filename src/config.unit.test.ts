import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('configuration from the environment', () => {
  it('has working defaults and no public address unless one is given', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, jobsEnabled: true, publicUrl: undefined });
    expect(loadConfig({ PUBLIC_URL: '' }).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://zg.example.org/rectify/' }).publicUrl).toBe('https://zg.example.org/rectify/');
  });

  it('refuses a public address that is not an http(s) URL, naming the variable', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'zg.example.org' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://zg.example.org/' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/环境变量有误[\s\S]*PORT/);
  });
});
