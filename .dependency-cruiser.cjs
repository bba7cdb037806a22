/**
 * The module boundaries of the server, checked by `npm test` (ARCHITECTURE.md explains them).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-feature-cycles',
      comment:
        'Feature folders depend on each other one way only (ARCHITECTURE.md lists the order: privacy, demo, import, export, webhooks; comments; stats; newsletter; moderation; readers; outgoing-webhooks; sites; editors; spam; limits). stats sits below comments (which counts refusals at the door through it), and uses no other feature but the Site type of sites: it reads its own rollups.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^server/features/[^/]+' },
      to: { path: '^server/features/[^/]+', circular: true },
    },
    {
      name: 'no-module-cycles',
      comment:
        'No module of the server imports itself back through others at run time. Cycles of types only (the request context in app-env.ts names types of features that take the context) are erased by the compiler and allowed.',
      severity: 'error',
      from: { path: '^(server|db)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'features-through-index',
      comment: "A feature uses another only through that feature's index.ts: the rest of its folder is its own.",
      severity: 'error',
      from: { path: '^server/features/([^/]+)/' },
      to: { path: '^server/features/[^/]+/', pathNot: ['^server/features/$1/', '^server/features/[^/]+/index[.]ts$'] },
    },
    {
      name: 'platform-through-index',
      comment: 'The shared modules (http guards, hooks, jobs, request types) use features through their index.ts too.',
      severity: 'error',
      from: { path: '^server/', pathNot: ['^server/features/', '^server/(entry|cli|launch)/', '^server/(app|admin-api|build)[.]ts$'] },
      to: { path: '^server/features/[^/]+/', pathNot: '^server/features/[^/]+/index[.]ts$' },
    },
    {
      name: 'alerts-on-top',
      comment:
        'Alerts sit in the top row of the one-way order (ARCHITECTURE.md): they read comments, sites and editors, and no feature imports them; a feature reaches them only through server/hooks.ts.',
      severity: 'error',
      from: { path: '^server/features/', pathNot: '^server/features/alerts/' },
      to: { path: '^server/features/alerts/' },
    },
    {
      name: 'routes-without-sql',
      comment:
        'Routes validate, call a service and answer: queries live in the feature’s repository modules.',
      severity: 'error',
      from: { path: '^server/features/[^/]+/[^/]+[.]routes[.]ts$' },
      to: { path: 'node_modules/drizzle-orm/' },
    },
    {
      name: 'sql-in-data-modules',
      comment:
        'Services keep the rules, repository modules the queries. Exceptions, each for a reason: the limits counters, attempts, spent tokens and their housekeeping and editors/sessions.ts are services of one table whose rule is the single statement (a count, a claim, a spend cannot be split from its SQL); readers/sso.ts reads the SSO secret only where it is used, so no repository hands it out; demo, import and export are tools that seed, load and dump whole tables (export-format.ts reads the schema itself).',
      severity: 'error',
      from: {
        path: '^server/features/',
        pathNot: [
          '[.]repo[.]ts$',
          '^server/features/comments/list-queries[.]ts$',
          '^server/features/limits/(counters|attempts|spent-tokens|housekeeping)[.]ts$',
          '^server/features/editors/sessions[.]ts$',
          '^server/features/readers/sso[.]ts$',
          '^server/features/(demo|import|export)/',
        ],
      },
      to: { path: 'node_modules/drizzle-orm/' },
    },
    {
      name: 'portable-core',
      comment: 'Only server/entry, server/cli and the build know the runtime: the app and features run unchanged on Node and Workers.',
      severity: 'error',
      from: { path: '^server/', pathNot: ['^server/(entry|cli|launch)/', '^server/build[.]ts$'] },
      to: { path: ['^server/(entry|cli|launch)/', '^server/build[.]ts$', '^node:', 'better-sqlite3', '^cloudflare:'] },
    },
    {
      name: 'portable-core-builtins',
      comment: 'Node built-ins (node:fs, crypto …) exist only on Node: the app and features use WebCrypto and the ports in app-env.ts.',
      severity: 'error',
      from: { path: '^server/', pathNot: ['^server/(entry|cli|launch)/', '^server/build[.]ts$'] },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
