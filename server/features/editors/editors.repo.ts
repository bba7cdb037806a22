import { count, eq } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { type EditorRole, editorSessions, editors } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';
import { hashPassword, PASSWORD_COST, type PasswordCost } from './password.ts';

/** An editor as the API shows it: never the password hash. */
export interface Editor {
  id: string;
  email: string;
  name: string;
  role: EditorRole;
  createdAt: number;
}

const publicColumns = { id: editors.id, email: editors.email, name: editors.name, role: editors.role, createdAt: editors.createdAt };

export async function countEditors(db: AppDb): Promise<number> {
  const row = await db.select({ n: count() }).from(editors).get();
  return row?.n ?? 0;
}

export async function findEditorById(db: AppDb, id: string): Promise<Editor | undefined> {
  return db.select(publicColumns).from(editors).where(eq(editors.id, id)).get();
}

export async function findEditorForLogin(db: AppDb, email: string): Promise<(Editor & { passwordHash: string }) | undefined> {
  return db
    .select({ ...publicColumns, passwordHash: editors.passwordHash })
    .from(editors)
    .where(eq(editors.email, email.trim().toLowerCase()))
    .get();
}

export async function listEditors(db: AppDb): Promise<Editor[]> {
  return db.select(publicColumns).from(editors).orderBy(editors.createdAt).all();
}

export interface NewEditor {
  email: string;
  name?: string;
  role: EditorRole;
  password: string;
}

/** Adds an editor; answers undefined when the email is taken. */
export async function createEditor(db: AppDb, input: NewEditor, now: number, cost: PasswordCost = PASSWORD_COST): Promise<Editor | undefined> {
  const email = input.email.trim().toLowerCase();
  const rows = await db
    .insert(editors)
    .values({
      id: newId(),
      email,
      name: input.name?.trim() || email.split('@')[0]!,
      role: input.role,
      passwordHash: await hashPassword(input.password, cost),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning(publicColumns);
  return rows[0];
}

/** Sets a new password and signs the editor out everywhere. */
export async function setEditorPassword(db: AppDb, id: string, password: string, now: number, cost: PasswordCost = PASSWORD_COST): Promise<boolean> {
  const hash = await hashPassword(password, cost);
  const rows = await db.update(editors).set({ passwordHash: hash, updatedAt: now }).where(eq(editors.id, id)).returning({ id: editors.id });
  if (rows.length === 0) return false;
  await db.delete(editorSessions).where(eq(editorSessions.editorId, id));
  return true;
}

export async function updateEditor(db: AppDb, id: string, patch: { name?: string; role?: EditorRole }, now: number): Promise<Editor | undefined> {
  const rows = await db
    .update(editors)
    .set({ ...patch, updatedAt: now })
    .where(eq(editors.id, id))
    .returning(publicColumns);
  return rows[0];
}

export async function deleteEditor(db: AppDb, id: string): Promise<boolean> {
  const rows = await db.delete(editors).where(eq(editors.id, id)).returning({ id: editors.id });
  return rows.length > 0;
}

export async function countOwners(db: AppDb): Promise<number> {
  const row = await db.select({ n: count() }).from(editors).where(eq(editors.role, 'owner')).get();
  return row?.n ?? 0;
}
