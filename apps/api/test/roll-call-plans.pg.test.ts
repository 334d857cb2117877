import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollCallSnapshot, writeRollCall } from '../src/attendance/store.js';
import type { Db } from '../src/db/index.js';
import { PLANNED_SETTINGS } from '../src/db/postgres.js';
import { databaseUrlOf, freshDb } from './support/db.js';
import { type Fixture, loadFixture } from './support/fixture.js';

/** A value as an SQL literal, for `EXECUTE` (its type comes from the prepared statement). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  if (v instanceof Date) return quote(v.toISOString());
  if (Array.isArray(v))
    return quote(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return quote(String(v));
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

/**
 * The roll-call save's two statements keep the plan made at their first call on each connection (`planOnce`):
 * made while the school's entries table is still empty, it must reach entries only through an index condition,
 * or it would walk the whole table at every save once the year has filled it.
 */
describe('plans kept by the roll-call save (PostgreSQL)', () => {
  let db: Db;
  let fx: Fixture;
  let sql: postgres.Sql;
  beforeAll(async () => {
    db = await freshDb();
    fx = await loadFixture(db);
    sql = postgres(databaseUrlOf(db)!, { max: 1, onnotice: () => {}, connection: PLANNED_SETTINGS });
  });
  afterAll(async () => {
    await sql.end();
    await db.close();
  });

  /** The statements a save sends, as sent (text and values), without running them. */
  async function saveStatements() {
    const sent: { text: string; params: readonly unknown[] }[] = [];
    const recording: Db = {
      ...db,
      query: async (text, params = []) => {
        sent.push({ text, params });
        return [{}] as never[]; // a row that decides nothing: the save stops after its write
      },
    };
    const seanceId = fx.schools.a.seances.maths4a;
    const [seance] = await db.query<{ id: string; uai: string; starts_at: Date }>(
      'SELECT s.id, c.uai, s.starts_at FROM seances s JOIN classes c ON c.id = s.class_id WHERE s.id = $1',
      [seanceId],
    );
    await rollCallSnapshot(recording, seanceId);
    await writeRollCall(
      recording,
      seance!,
      {
        seen: {},
        changes: [{ id: 'ent_changed', status: 'absent', lateMinutes: null, note: null }],
        inserts: [],
        close: true,
        reason: null,
        notices: { rows: [], woken: [], createdAt: seance!.starts_at },
      },
      fx.schools.a.teachers.maths.id,
      seance!.starts_at,
    );
    return sent;
  }

  it('reaches attendance entries only through an index condition, even planned on an empty table', async () => {
    await db.exec('TRUNCATE attendance_entries CASCADE; ANALYZE attendance_entries');
    const statements = await saveStatements();
    expect(statements).toHaveLength(2);
    const unbounded: string[] = [];
    for (const [i, s] of statements.entries()) {
      await sql.unsafe(`PREPARE save_${i} AS ${s.text}`);
      const [row] = await sql.unsafe(
        `EXPLAIN (FORMAT JSON) EXECUTE save_${i}(${s.params.map(literal).join(', ')})`,
      );
      const walk = (node: PlanNode) => {
        const reads = node['Relation Name'] === 'attendance_entries' && node['Node Type'] !== 'ModifyTable';
        if (reads && !node['Index Cond'] && !node['Recheck Cond']) {
          unbounded.push(
            `statement ${i + 1}: ${node['Node Type']} ${node['Index Name'] ?? ''}, ${node.Filter}`,
          );
        }
        for (const child of node.Plans ?? []) walk(child);
      };
      walk((row!['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan);
    }
    expect(unbounded).toEqual([]);
  });
});
