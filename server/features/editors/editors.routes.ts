import { Hono } from 'hono';
import { z } from 'zod';
import { EDITOR_ROLES } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { emailAddress } from '../../http/email-address.ts';
import { jsonBody } from '../../http/typed-validators.ts';
import { requireOwner } from './admin-auth.ts';
import { countOwners, createEditor, deleteEditor, type Editor, findEditorById, listEditors, setEditorPassword, updateEditor } from './editors.repo.ts';

/** Passwords of at least 12 characters: long beats complicated (NIST 800-63B). */
export const passwordSchema = z.string({ error: 'Password is required.' }).min(12, 'Password must be at least 12 characters.').max(1024, 'Password is too long.');

const newEditor = z.object({
  email: emailAddress,
  name: z.string().trim().max(120).optional(),
  role: z.enum(EDITOR_ROLES, { error: 'Role must be owner or moderator.' }),
  password: passwordSchema,
});

const editorPatch = z
  .object({
    name: z.string().trim().min(1).max(120),
    role: z.enum(EDITOR_ROLES, { error: 'Role must be owner or moderator.' }),
    password: passwordSchema,
  })
  .partial()
  .strict();

const editorJson = (e: Editor) => ({ ...e, createdAt: new Date(e.createdAt).toISOString() });

/** Editors under /api/v1/admin/editors: owners only. */
export function editorsRoutes() {
  return new Hono<AppEnv>()
    .use(requireOwner)
    .get('/', async (c) => c.json({ editors: (await listEditors(c.var.deps.db)).map(editorJson) }))
    .post('/', jsonBody(newEditor), async (c) => {
      const input = c.req.valid('json');
      const editor = await createEditor(c.var.deps.db, input, c.var.deps.now(), c.var.deps.passwordCost);
      if (!editor) throw new AppError('conflict', 'An editor with this email already exists.', { email: 'This email is taken.' });
      return c.json({ editor: editorJson(editor) }, 201);
    })
    .patch('/:id', jsonBody(editorPatch), async (c) => {
      const { db, now, passwordCost } = c.var.deps;
      const id = c.req.param('id');
      const patch = c.req.valid('json');
      const existing = await findEditorById(db, id);
      if (!existing) throw new AppError('editor_not_found', 'There is no such editor.');
      if (patch.role === 'moderator' && existing.role === 'owner' && (await countOwners(db)) <= 1) {
        throw new AppError('conflict', 'A site needs at least one owner. Make someone else an owner first.');
      }
      if (patch.password) await setEditorPassword(db, id, patch.password, now(), passwordCost);
      const updated = await updateEditor(db, id, { ...(patch.name ? { name: patch.name } : {}), ...(patch.role ? { role: patch.role } : {}) }, now());
      return c.json({ editor: editorJson(updated!) });
    })
    .delete('/:id', async (c) => {
      const { db } = c.var.deps;
      const existing = await findEditorById(db, c.req.param('id'));
      if (!existing) throw new AppError('editor_not_found', 'There is no such editor.');
      if (existing.role === 'owner' && (await countOwners(db)) <= 1) {
        throw new AppError('conflict', 'A site needs at least one owner. Make someone else an owner first.');
      }
      await deleteEditor(db, existing.id);
      return c.body(null, 204);
    });
}
