import { HTTP_ROUTES, ParleyError, usersRpc } from '@parley/contracts';
import type { Credentials, PublicUser, Registration, Session } from '@parley/contracts';
import type { z } from 'zod';
import { errorFromBody, unreachable } from './errors';
import { requestJson } from './http-json';
import type { JsonResponse } from './http-json';

export type { Credentials };

/** The gateway's HTTP routes that hand out tokens. Every failure is thrown as a ParleyError. */
export class AuthClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  register(registration: Registration): Promise<PublicUser> {
    return this.post(HTTP_ROUTES.register, registration, usersRpc.register.response);
  }

  login(credentials: Credentials): Promise<Session> {
    return this.post(HTTP_ROUTES.login, credentials, usersRpc.login.response);
  }

  refresh(refreshToken: string): Promise<Session> {
    return this.post(HTTP_ROUTES.refresh, { refreshToken }, usersRpc.refresh.response);
  }

  /** Ends the token's session at the server, or with `everywhere` every session of its user. */
  async logout(refreshToken: string, everywhere: boolean): Promise<void> {
    await this.post(HTTP_ROUTES.logout, { refreshToken, everywhere }, usersRpc.logout.response);
  }

  /** True when anything answers HTTP at the gateway's address, whatever the status. */
  async reachable(): Promise<true | ParleyError> {
    try {
      await requestJson(this.baseUrl + HTTP_ROUTES.health, 'GET', undefined, this.timeoutMs);
      return true;
    } catch (error) {
      return unreachable(this.baseUrl, error);
    }
  }

  private async post<S extends z.ZodType>(route: string, body: unknown, schema: S): Promise<z.infer<S>> {
    let response: JsonResponse;
    try {
      response = await requestJson(this.baseUrl + route, 'POST', body, this.timeoutMs);
    } catch (error) {
      throw unreachable(this.baseUrl, error);
    }
    if (response.status < 200 || response.status >= 300) throw errorFromBody(response.status, response.body);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success)
      throw new ParleyError(
        'INTERNAL',
        `Unexpected answer from ${route}: ${parsed.error.issues[0]?.message}`,
      );
    return parsed.data;
  }
}
