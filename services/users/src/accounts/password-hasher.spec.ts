import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PasswordHasher } from './password-hasher';

describe('password hasher', () => {
  const hasher = new PasswordHasher();

  it('stores a salted scrypt hash with its parameters, never the password', async () => {
    const [one, two] = await Promise.all([hasher.hash('correct horse'), hasher.hash('correct horse')]);
    assert.match(one, /^scrypt\$16384\$8\$2\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.notEqual(one, two);
    assert.ok(!one.includes('correct horse'));
  });

  it('verifies the right password only', async () => {
    const stored = await hasher.hash('correct horse');
    assert.equal(await hasher.verify('correct horse', stored), true);
    assert.equal(await hasher.verify('correct horsE', stored), false);
    assert.equal(await hasher.verify('', stored), false);
  });

  it('fails for nobody, at the cost of a real verification', async () => {
    assert.equal(await hasher.verifyNobody('correct horse'), false);
  });
});
