import { defineConfig } from 'drizzle-kit';

// drizzle-kit writes plain numbered .sql files here; the Node entry applies them with drizzle's
// migrator and wrangler applies the same files to D1 (migrations_dir in wrangler.toml).
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
});
