import pkg from '../package.json' with { type: 'json' };

/** This build's version (package.json), shown by /api/v1/health, /api/v1/ready and /metrics. */
export const VERSION: string = pkg.version;
