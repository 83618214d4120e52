/**
 * A small HTTP client for tests: keeps cookies like a browser and sends our own Origin on writes.
 */
export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class TestClient {
  private cookies = new Map<string, string>();

  /** `headers` go on every request (e.g. a distinct X-Forwarded-For per simulated person). */
  constructor(
    readonly baseUrl: string,
    private origin: string | null = baseUrl,
    private headers: Record<string, string> = {},
  ) {}

  /** A client that sends a foreign Origin (cross-site attacker). */
  withOrigin(origin: string | null): TestClient {
    const other = new TestClient(this.baseUrl, origin, this.headers);
    other.cookies = new Map(this.cookies);
    return other;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  getCookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request<T = any>(
    method: string,
    path: string,
    init: { json?: unknown; form?: Record<string, string>; body?: string; headers?: Record<string, string> } = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...this.headers, ...init.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    if (method !== 'GET' && method !== 'HEAD' && this.origin && !('origin' in headers)) headers.origin = this.origin;
    let body: string | undefined = init.body;
    if (init.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(setCookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    let parsed: any = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        /* leave as text */
      }
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, { headers });
  }
  post<T = any>(path: string, json?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { json, headers });
  }
  patch<T = any>(path: string, json?: unknown) {
    return this.request<T>('PATCH', path, { json });
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
  postForm<T = any>(path: string, form: Record<string, string>, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { form, headers });
  }
}
