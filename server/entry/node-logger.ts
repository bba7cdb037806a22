/**
 * The Node server's logger: pino, writing one JSON object per line to stdout (what Docker,
 * systemd's journal and log shippers expect), or readable coloured lines for a person at a terminal.
 */
import pino from 'pino';
import type { Config } from '../config.ts';
import type { Logger } from '../http/observability.ts';

export type NodeLogger = pino.Logger & Logger;

/**
 * Field names that could carry personal data or secrets. Nothing in Parley logs them; the
 * redaction is the second line of defence if a later change passes such an object by mistake.
 */
const REDACT = ['email', 'password', 'token', 'ip', '*.email', '*.password', '*.token', '*.ip', 'headers.authorization', 'headers.cookie'];

/** Picks the format: LOG_FORMAT, else readable lines on a terminal outside production, else JSON. */
export function logFormat(config: Pick<Config, 'logFormat'>, env: NodeJS.ProcessEnv = process.env): 'json' | 'pretty' {
  return config.logFormat ?? (process.stdout.isTTY && env.NODE_ENV !== 'production' ? 'pretty' : 'json');
}

export async function createNodeLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Promise<NodeLogger> {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: 'parley' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // "info" rather than 30: what log search tools and people filter on.
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  if (logFormat(config) === 'pretty') {
    try {
      // A development dependency: a production install (npm ci --omit=dev) has none, and logs JSON.
      const { default: pretty } = await import('pino-pretty');
      return pino(
        options,
        pretty({
          colorize: Boolean(process.stdout.isTTY),
          sync: true,
          singleLine: true,
          translateTime: 'HH:MM:ss',
          // A request reads as "GET /api/v1/sites/:site/comments 200 3.1 ms demo"; its fields are not repeated.
          ignore: 'pid,hostname,service,method,route,status,durationMs,site',
          messageFormat: (log, messageKey) =>
            log[messageKey] === 'request' ? `${String(log.method)} ${String(log.route)} ${String(log.status)} ${String(log.durationMs)} ms${log.site ? ` ${String(log.site)}` : ''}` : String(log[messageKey]),
        }),
      );
    } catch {
      /* fall through to JSON */
    }
  }
  // Buffered: a write per request line was a system call on every request's path (about 3% of
  // a post's CPU). Lines go out by 4 KB, and at least every second; pino flushes what is left
  // when the process exits (a kill -9 may lose the last second of lines, never data).
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => {
    try {
      destination.flush();
    } catch {
      // Closed: the process is exiting, and pino has flushed it.
    }
  }, 1000).unref();
  return pino(options, destination);
}
