import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, SETTINGS } from './config.ts';

describe('config', () => {
  it('has embedded defaults: port 8080 on 127.0.0.1, ./data, SQLite, limits on', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8080);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.dataDir, path.resolve('data'));
    assert.equal(c.databaseUrl, null);
    assert.equal(c.redisUrl, null);
    assert.equal(c.rateLimits.enabled, true);
    assert.deepEqual(c.rateLimits.signupPerIp, { limit: 10, windowMs: 3_600_000 });
  });

  it('reads every documented setting', () => {
    const c = loadConfig({
      PORT: '9000',
      DATABASE_URL: 'postgres://u@h:5432/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      RATE_LIMITS: 'off',
      RATE_LIMIT_LOGIN_PER_HANDLE: '5/60',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'https://biji.example',
    });
    assert.equal(c.port, 9000);
    assert.equal(c.databaseUrl, 'postgres://u@h:5432/db');
    assert.equal(c.rateLimits.enabled, false);
    assert.deepEqual(c.rateLimits.loginPerHandle, { limit: 5, windowMs: 60_000 });
    assert.equal(c.logLevel, 'warn');
  });

  it('names every bad setting at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', RATE_LIMITS: 'maybe', RATE_LIMIT_SIGNUP_PER_IP: '10 per hour', LOG_LEVEL: 'loud' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const text = err.problems.join('\n');
        for (const name of ['PORT', 'DATABASE_URL', 'RATE_LIMITS', 'RATE_LIMIT_SIGNUP_PER_IP', 'LOG_LEVEL']) assert.match(text, new RegExp(name));
        assert.equal(err.problems.length, 5);
        return true;
      },
    );
  });

  it('README documents every setting in its table', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const name of Object.keys(SETTINGS)) assert.ok(readme.includes(`\`${name}\``), `README does not document ${name}`);
  });
});
