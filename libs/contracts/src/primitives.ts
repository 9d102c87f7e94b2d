import { z } from 'zod';

/** Opaque user id: a UUID, safe as a routing-key word and a document key. */
export const UserId = z.uuid();
export type UserId = z.infer<typeof UserId>;

/** No NUL (FerretDB cannot store it) and no lone surrogates (not valid UTF-8). */
const printable = (s: string) => !s.includes('\u0000') && s.isWellFormed();

/** Text a person typed: never empty after trimming, never containing NUL or broken UTF-16. */
export const safeText = (min: number, max: number) =>
  z
    .string()
    .refine(printable, 'must not contain NUL or invalid characters')
    .refine(
      (s) => s.trim().length >= min,
      min === 1 ? 'must not be empty' : `must be at least ${min} characters`,
    )
    .refine((s) => s.length <= max, `must be at most ${max} characters`);

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'must be at least 3 characters')
  .max(32, 'must be at most 32 characters')
  .regex(/^[a-z][a-z0-9_.-]*$/, 'must start with a letter and use only a-z, 0-9, _ . -');

export const PersonName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\p{L}\p{M}][\p{L}\p{M} '’-]*$/u, 'must contain only letters, spaces, hyphens and apostrophes');

export const Email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'));

export const Password = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters')
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL');

/** Client-chosen id of a message, unique per sender; resending with it is idempotent. */
export const ClientMsgId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be 1-64 characters of A-Z a-z 0-9 _ -');

export const Seq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const MESSAGE_MAX_LENGTH = 4096;
export const MessageText = safeText(1, MESSAGE_MAX_LENGTH);

export const Timestamp = z.iso.datetime();
