import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedCall {
  path: string;
  idempotencyKey: string | undefined;
  batchValidation: string | undefined;
  authorization: string | undefined;
  body: any;
}

/** A scripted answer for the next call: an HTTP error, or no answer at all. */
export type Scripted = { status: number; headers?: Record<string, string>; body?: unknown } | { hang: true } | { rejectIndexes: number[] };

/**
 * A fake of Resend's sending API on 127.0.0.1 for the real SDK to talk to (RESEND_BASE_URL /
 * baseUrl). It records every call, answers replays of an Idempotency-Key with the first answer
 * without "sending" again (as Resend does for 24 hours), and plays scripted failures in order.
 */
export class FakeResend {
  readonly calls: RecordedCall[] = [];
  /** Each delivered email, once per idempotency key: what recipients would actually receive. */
  readonly delivered: { id: string; to: string; subject: string; html: string; text: string; headers: Record<string, string> }[] = [];
  private readonly script: Scripted[] = [];
  private readonly replies = new Map<string, unknown>();
  private server: Server | undefined;
  private hung: (() => void)[] = [];
  private counter = 0;
  url = '';

  /** Queues answers for the next calls, in order. */
  answerNext(...answers: Scripted[]): this {
    this.script.push(...answers);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (answer) => {
          if (answer === 'hang') {
            this.hung.push(() => res.destroy());
            return;
          }
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          res.end(JSON.stringify(answer.body));
        },
        () => {
          res.writeHead(500);
          res.end('{}');
        },
      );
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', () => done()));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const h of this.hung) h();
    await new Promise<void>((done) => this.server?.close(() => done()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: unknown } | 'hang'> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : undefined;
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    this.calls.push({
      path: req.url ?? '',
      idempotencyKey,
      batchValidation: req.headers['x-batch-validation'] as string | undefined,
      authorization: req.headers.authorization,
      body,
    });
    if (idempotencyKey && this.replies.has(idempotencyKey)) return { status: 200, body: this.replies.get(idempotencyKey) };
    const scripted = this.script.shift();
    if (scripted && 'hang' in scripted) return 'hang';
    if (scripted && 'status' in scripted) {
      return { status: scripted.status, headers: scripted.headers ?? {}, body: scripted.body ?? { name: scripted.status === 429 ? 'rate_limit_exceeded' : 'internal_server_error', message: 'scripted failure', statusCode: scripted.status } };
    }
    const reject = new Set(scripted && 'rejectIndexes' in scripted ? scripted.rejectIndexes : []);
    const deliver = (email: any) => {
      const id = `fake-${++this.counter}`;
      this.delivered.push({ id, to: email.to[0] ?? email.to, subject: email.subject, html: email.html, text: email.text, headers: email.headers ?? {} });
      return { id };
    };
    let reply: unknown;
    if (req.url === '/emails') {
      reply = deliver(body);
    } else if (req.url === '/emails/batch') {
      if (!Array.isArray(body) || body.length > 100) return { status: 422, body: { name: 'validation_error', message: 'batch must have 1 to 100 emails', statusCode: 422 } };
      const data = [];
      const errors = [];
      for (const [index, email] of body.entries()) {
        if (reject.has(index)) errors.push({ index, message: 'The `to` field is invalid.' });
        else data.push(deliver(email));
      }
      reply = req.headers['x-batch-validation'] === 'permissive' ? { data, errors } : { data };
    } else {
      return { status: 404, body: { name: 'not_found', message: 'not found', statusCode: 404 } };
    }
    if (idempotencyKey) this.replies.set(idempotencyKey, reply);
    return { status: 200, body: reply };
  }
}
