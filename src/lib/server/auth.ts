/**
 * Sign-up and sign-in flows: rate limits, password checks and session creation in one place,
 * shared by the HTML forms and the JSON API.
 */
import { registerSchema, toFieldErrors, type FieldErrors, type RegisterInput } from '../validation.ts';
import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from './common-passwords.ts';
import { DomainError } from './errors.ts';
import { verifyAgainstDummy, verifyPassword } from './password.ts';
import { RATE_LIMITS, enforceRateLimit, resetBucket } from './rate-limit.ts';
import { createSession } from './session.ts';
import { NOTICE_NOT_ACCEPTED, readRegistrationConsents, recordRegistrationConsents } from './consent.ts';

type RegistrationConsents = ReturnType<typeof readRegistrationConsents>;
import { createUser, getUserByUsername, toSessionUser, type SessionUser } from './user.ts';

/** One message for unknown user and wrong password, so nobody can probe which accounts exist. */
const BAD_CREDENTIALS_MESSAGE = 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง';

export interface SignedIn {
  user: SessionUser;
  token: string;
}

const USERNAME_TAKEN_MESSAGE = 'ชื่อผู้ใช้นี้มีผู้ใช้แล้ว กรุณาเลือกชื่ออื่น';

/**
 * Checks a sign-up form as a whole, so a person sees every problem after one submit: the schema's
 * field errors, a commonly leaked password and a taken username together.
 */
export function validateRegistration(data: unknown, consents: RegistrationConsents): RegisterInput {
  const result = registerSchema.safeParse(data ?? {});
  const fields: FieldErrors = result.success ? {} : toFieldErrors(result.error);
  const raw = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (!fields.password && typeof raw.password === 'string' && isCommonPassword(raw.password)) fields.password = COMMON_PASSWORD_MESSAGE;
  const username = result.success ? result.data.username : typeof raw.username === 'string' ? raw.username.trim() : '';
  if (!fields.username && username && getUserByUsername(username)) fields.username = USERNAME_TAKEN_MESSAGE;
  if (!consents.accepted) fields.acceptPrivacyNotice = NOTICE_NOT_ACCEPTED;
  if (result.success && Object.keys(fields).length === 0) return result.data;
  const status = fields.username === USERNAME_TAKEN_MESSAGE && Object.keys(fields).length === 1 ? 409 : 400;
  throw new DomainError(status, Object.values(fields)[0] ?? 'ข้อมูลไม่ถูกต้อง', fields);
}

/** Creates the account, records the notice's acceptance and the consents ticked (PDPA s.19, s.23), and signs it in. */
export async function registerAccount(input: RegisterInput, clientIp: string, consents: RegistrationConsents): Promise<SignedIn> {
  enforceRateLimit(`register:ip:${clientIp}`, RATE_LIMITS.registerPerIp);
  const row = await createUser(input);
  recordRegistrationConsents(row.id, consents.choices);
  const { token } = createSession(row.id);
  return { user: toSessionUser(row), token };
}

/** Checks the password (rate-limited per account and per IP) and starts a new session. */
export async function signIn(username: string, password: string, clientIp: string): Promise<SignedIn> {
  enforceRateLimit(`login:ip:${clientIp}`, RATE_LIMITS.loginPerIp);
  enforceRateLimit(`login:user:${username}`, RATE_LIMITS.loginPerAccount);
  const row = getUserByUsername(username);
  const ok = row ? await verifyPassword(row.passwordHash, password) : await verifyAgainstDummy(password);
  if (!row || !ok) throw new DomainError(400, BAD_CREDENTIALS_MESSAGE, { form: BAD_CREDENTIALS_MESSAGE });
  if (row.suspendedAt) throw new DomainError(403, 'บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ');
  resetBucket(`login:user:${username}`);
  const { token } = createSession(row.id);
  return { user: toSessionUser(row), token };
}
